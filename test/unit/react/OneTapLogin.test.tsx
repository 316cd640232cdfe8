import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { Profiler, StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { OneTapError } from '../../../src/core/errors';
import { OneTapLogin } from '../../../src/react/OneTapLogin';
import { OneTapPhoneProvider } from '../../../src/react/OneTapPhoneProvider';
import { countingClock } from '../../support/manualClock';
import { fakeConfig } from '../../support/reactHarness';
import { answers, hang } from '../../support/scriptedProvider';

// The flow behind the button, with `instant` (number → onSuccess): the authorization step
// that is the default has its own specification in authorizationStep.test.tsx.
const INSTANT = { instant: true };
const button = () => screen.getByRole('button');
const statusLine = () => screen.getByRole('status');

async function noAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { region: { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

describe('<OneTapLogin instant>', () => {
  it('is a real type="button" in zh-CN, idle, with a polite status line', () => {
    const { config } = fakeConfig([answers.ok], INSTANT);
    render(<OneTapLogin {...config} />);
    expect(button()).toHaveAttribute('type', 'button');
    expect(button()).toHaveAttribute('data-state', 'idle');
    expect(button()).toHaveAttribute('aria-busy', 'false');
    expect(button()).toHaveTextContent('本机号码一键登录');
    expect(statusLine()).toHaveAttribute('aria-live', 'polite');
    expect(button()).toHaveAccessibleDescription('');
  });

  it('shows the masked number after a tap and calls onSuccess with phone, par and sign', async () => {
    const { config } = fakeConfig([answers.notReady, answers.ok], INSTANT);
    const onSuccess = vi.fn();
    render(<OneTapLogin {...config} onSuccess={onSuccess} />);
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'success'));
    expect(button()).toHaveTextContent('本机号码 134****8682');
    // Announced (visually hidden) as it is heard: the stars as four hidden digits. The button's
    // name is its visible text (WCAG 2.5.3), with no description that says it again.
    expect(statusLine()).toHaveTextContent('本机号码 134，四位隐藏数字，8682');
    expect(button()).toHaveAccessibleDescription('');
    expect(button()).toBeEnabled();
    expect(onSuccess).toHaveBeenCalledExactlyOnceWith({
      phone: '134****8682',
      par: 'B0A63A589B1541DC9B3E4C8F25F073F7',
      sign: expect.any(String),
      carrier: 'mobile',
    });
  });

  it('is busy while running (aria-disabled, focus kept), says once that it looks the number up, and a tap or Enter starts nothing more', async () => {
    const { config, provider } = fakeConfig([hang], INSTANT);
    render(<OneTapLogin {...config} requestTimeoutMs={60_000} />);
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'polling'));
    expect(statusLine()).toHaveTextContent('正在获取本机号码…'); // not "attempt 1 of 6": not read at each query
    expect(button()).toHaveAttribute('aria-disabled', 'true'); // not disabled: focus stays on it
    expect(button()).toHaveFocus();
    await userEvent.click(button());
    await userEvent.keyboard('{Enter}');
    expect(provider.requests.filter((r) => r.kind === 'getphone')).toHaveLength(1);
    expect(button()).toHaveAttribute('aria-busy', 'true');
    expect(button()).toHaveAttribute('data-state', 'polling');
  });

  describe('when the flow fails', () => {
    it('shows the message, offers a retry and the fallback slot, and reports the error', async () => {
      const { config, provider } = fakeConfig([answers.notReady], INSTANT);
      const onError = vi.fn<(error: OneTapError) => void>();
      render(<OneTapLogin {...config} onError={onError} otherLogin={<a href="/sms">短信登录</a>} />);
      await userEvent.click(button());
      await waitFor(() => expect(button()).toHaveAttribute('data-state', 'error'));
      expect(statusLine()).toHaveTextContent('无法识别本机号码');
      expect(button()).toHaveTextContent('重试');
      expect(button()).toBeEnabled();
      expect(screen.getByRole('link', { name: '短信登录' })).toBeInTheDocument();
      expect(onError).toHaveBeenCalledExactlyOnceWith(
        expect.objectContaining({ code: 'RESULT_UNAVAILABLE', resCode: '3' }),
      );
      expect(provider.queries()).toBe(6);
    });

    it('starts a new flow on retry, with a sign fetched while the error showed', async () => {
      const { config, getSign } = fakeConfig([answers.missing, answers.ok], INSTANT);
      render(<OneTapLogin {...config} />);
      await userEvent.click(button());
      await waitFor(() => expect(button()).toHaveAttribute('data-state', 'error'));
      await waitFor(() => expect(getSign).toHaveBeenCalledTimes(2)); // on mount, and after the failure
      await userEvent.click(button());
      await waitFor(() => expect(button()).toHaveAttribute('data-state', 'success'));
      expect(getSign).toHaveBeenCalledTimes(2); // the retry used the prefetched sign
    });

    it('refuses on Wi-Fi without asking for a sign, and shows the fallback', async () => {
      const { config, getSign } = fakeConfig([answers.ok], {
        ...INSTANT,
        environment: { connectionType: 'wifi' },
      });
      render(<OneTapLogin {...config} otherLogin={<span>SMS</span>} />);
      await userEvent.click(button());
      await waitFor(() => expect(statusLine()).toHaveTextContent('请关闭 Wi-Fi'));
      expect(screen.getByText('SMS')).toBeInTheDocument();
      expect(getSign).not.toHaveBeenCalled();
    });

    it('hands the provider’s message to onError but never puts it in the page', async () => {
      const markup = '<img src=x onerror=alert(1)>';
      const { config } = fakeConfig([{ resCode: '1', message: markup }], INSTANT);
      const onError = vi.fn();
      const { container } = render(<OneTapLogin {...config} onError={onError} locale="en" />);
      await userEvent.click(button());
      await waitFor(() => expect(onError).toHaveBeenCalled());
      expect(onError.mock.calls[0]?.[0]).toMatchObject({ providerMessage: markup });
      expect(container.querySelector('img')).toBeNull();
      expect(container.textContent).not.toContain('onerror');
      expect(statusLine()).toHaveTextContent(
        'Could not check this phone’s number. Please log in another way',
      );
    });
  });

  it('speaks English with locale="en", and takes label overrides', async () => {
    const { config } = fakeConfig([answers.ok], INSTANT);
    render(<OneTapLogin {...config} locale="en" labels={{ idle: 'Use this number' }} />);
    expect(button()).toHaveTextContent('Use this number');
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveTextContent('This phone: 134****8682'));
  });

  it('hands the whole state to a render prop', async () => {
    const { config } = fakeConfig([answers.ok], INSTANT);
    render(
      <OneTapLogin {...config}>
        {(api) => (
          <button type="button" onClick={api.start}>
            {api.status}:{'phone' in api ? api.phone : '-'}
          </button>
        )}
      </OneTapLogin>,
    );
    expect(button()).toHaveTextContent('idle:-');
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveTextContent('success:134****8682'));
  });

  it('starts one flow for a double tap', async () => {
    const { config, provider } = fakeConfig([answers.ok], INSTANT);
    render(<OneTapLogin {...config} />);
    act(() => {
      button().click();
      button().click();
    });
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'success'));
    expect(provider.requests.filter((r) => r.kind === 'getphone')).toHaveLength(1);
  });

  it('under StrictMode prefetches one sign and runs one flow', async () => {
    const { config, getSign, provider } = fakeConfig([answers.ok], INSTANT);
    render(
      <StrictMode>
        <OneTapLogin {...config} />
      </StrictMode>,
    );
    await waitFor(() => expect(getSign).toHaveBeenCalledTimes(1));
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'success'));
    expect(getSign).toHaveBeenCalledTimes(1);
    expect(provider.requests.map((r) => r.kind)).toEqual(['getphone', 'query']);
  });

  it('cancels the flow on unmount: the request’s signal fires and nothing more is sent', async () => {
    const signals: AbortSignal[] = [];
    const { config, provider } = fakeConfig(
      [
        (request: { signal?: AbortSignal }) => {
          if (request.signal) signals.push(request.signal);
          return hang(request as never);
        },
      ],
      INSTANT,
    );
    const errors = vi.spyOn(console, 'error');
    const onError = vi.fn();
    const clock = countingClock();
    const { unmount } = render(
      <OneTapLogin {...config} onError={onError} requestTimeoutMs={60_000} clock={clock} />,
    );
    await userEvent.click(button());
    await waitFor(() => expect(signals).toHaveLength(1));
    const sent = provider.requests.length;
    unmount();
    expect(signals[0]?.aborted).toBe(true);
    // The flow has ended once its deadline and request timers are gone.
    await waitFor(() => expect(clock.live.size).toBe(0));
    expect(provider.requests.length).toBe(sent);
    expect(onError).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('calls the latest onSuccess passed, not the one at the tap', async () => {
    let release: (value: unknown) => void = () => undefined;
    const { config } = fakeConfig([() => new Promise((resolve) => (release = resolve))], INSTANT);
    const first = vi.fn();
    const second = vi.fn();
    const { rerender } = render(<OneTapLogin {...config} onSuccess={first} />);
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'polling'));
    rerender(<OneTapLogin {...config} onSuccess={second} />);
    act(() =>
      release(
        JSON.parse(
          JSON.stringify({ success: true, resCode: '0', object: { phone: '134****8682', par: 'P' } }),
        ),
      ),
    );
    await waitFor(() => expect(second).toHaveBeenCalled());
    expect(first).not.toHaveBeenCalled();
  });

  describe('react-query', () => {
    it('uses the app’s QueryClient when there is one', async () => {
      const { config } = fakeConfig([answers.ok], INSTANT);
      const client = new QueryClient();
      render(
        <QueryClientProvider client={client}>
          <OneTapLogin {...config} />
        </QueryClientProvider>,
      );
      await waitFor(() =>
        expect(client.getQueryCache().findAll({ queryKey: ['one-tap-phone', 'sign'] })).toHaveLength(1),
      );
      await userEvent.click(button());
      await waitFor(() => expect(button()).toHaveAttribute('data-state', 'success'));
      // A sign serves one flow: once used, it leaves the cache.
      expect(client.getQueryCache().findAll({ queryKey: ['one-tap-phone', 'sign'] })).toHaveLength(0);
    });

    it('runs one flow and one sign per tap even when the app’s client defaults to retries', async () => {
      const { config, provider, getSign } = fakeConfig([answers.missing], INSTANT);
      getSign.mockRejectedValueOnce(new Error('sign endpoint down')); // the prefetch fails
      const retries = { retry: 3, retryDelay: 1 };
      const client = new QueryClient({ defaultOptions: { queries: retries, mutations: retries } });
      render(
        <QueryClientProvider client={client}>
          <OneTapLogin {...config} />
        </QueryClientProvider>,
      );
      await waitFor(() => expect(getSign).toHaveBeenCalledTimes(1));
      await userEvent.click(button());
      await waitFor(() => expect(button()).toHaveAttribute('data-state', 'error'));
      // The failed prefetch, the tap's own sign, and the sign prefetched for a retry.
      await waitFor(() => expect(getSign).toHaveBeenCalledTimes(3));
      // That last query has settled: nothing retries it, nothing else is sent.
      await waitFor(() =>
        expect(client.getQueryCache().findAll({ queryKey: ['one-tap-phone', 'sign'] })[0]?.state.status).toBe(
          'success',
        ),
      );
      expect(getSign).toHaveBeenCalledTimes(3);
      expect(provider.requests.map((r) => r.kind)).toEqual(['getphone', 'query']);
    });

    it('works under <OneTapPhoneProvider> with the configuration there', async () => {
      const { config } = fakeConfig([answers.ok], INSTANT);
      render(
        <OneTapPhoneProvider {...config} locale="en">
          <OneTapLogin />
        </OneTapPhoneProvider>,
      );
      await userEvent.click(button());
      await waitFor(() => expect(button()).toHaveTextContent('This phone: 134****8682'));
    });
  });

  it('has no axe violations idle, in error and in success', async () => {
    const { config } = fakeConfig([answers.missing, answers.ok], INSTANT);
    const { container } = render(<OneTapLogin {...config} otherLogin={<a href="/sms">短信登录</a>} />);
    await noAxeViolations(container);
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'error'));
    await noAxeViolations(container);
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'success'));
    await noAxeViolations(container);
  });

  it('commits at most once per state change in a successful flow, never twice for one state', async () => {
    const { config } = fakeConfig([answers.notReady, answers.ok], INSTANT);
    const shown: string[] = [];
    render(
      <Profiler
        id="otp"
        onRender={() =>
          shown.push(
            `${document.querySelector('button')?.dataset.state} ${document.querySelector('[role=status]')?.textContent}`.trim(),
          )
        }
      >
        <OneTapLogin {...config} />
      </Profiler>,
    );
    await waitFor(() => expect(shown).toHaveLength(1));
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'success'));
    const states = shown;
    expect(shown.length).toBeLessThanOrEqual(1 + 5); // mount + signing, requesting, polling 1, polling 2, success
    // Each query is a state of its own, with the same text (the lookup is announced once).
    for (let i = 1; i < states.length; i++)
      if (!states[i]?.startsWith('polling')) expect(states[i]).not.toBe(states[i - 1]);
    expect(states.at(-1)).toMatch(/^success/);
    console.info(
      `React commits for one successful flow (2 queries): ${shown.length} (${states.join(' → ')})`,
    );
  });
});
