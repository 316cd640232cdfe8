import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ONE_TAP_ERRORS } from '../../../src/core/errors';
import type { OneTapConfig } from '../../../src/react/config';
import { DEBUG_LABELS } from '../../../src/react/debugReport';
import { OneTapLogin, type OneTapLoginProps } from '../../../src/react/OneTapLogin';
import { fakeConfig } from '../../support/reactHarness';
import { answers, SAMPLE_SIGN } from '../../support/scriptedProvider';

// <OneTapLogin confirmUrl>: the page finishes the login. The confirm route is a fetch double
// that records what it was sent; the flow runs on the real store over a scripted provider.

const ANSWER = { user: { id: 'u1' }, next: '/home' };

/** A route that answers each POST with the next of `answers` (the last repeats), or waits for `release`. */
function confirmRoute(...script: (Response | 'wait')[]) {
  let release: (response: Response) => void = () => undefined;
  let call = 0;
  const fetch = vi.fn((_url: string, init: RequestInit) => {
    const next = script[Math.min(call++, script.length - 1)] as Response | 'wait';
    if (next !== 'wait') return Promise.resolve(next.clone());
    return new Promise<Response>((resolve, reject) => {
      release = resolve;
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
  });
  return { fetch, release: (response: Response) => release(response) };
}

const refusal = (status: number, code: string) =>
  Response.json({ error: { code, message: 'fixed' } }, { status });

function page(fetch: unknown, props: Partial<OneTapLoginProps> = {}) {
  const { config } = fakeConfig([answers.ok], {
    confirmUrl: '/api/one-tap/confirm',
    fetch: fetch as typeof globalThis.fetch,
  });
  const onSuccess = vi.fn();
  const onError = vi.fn();
  const all = { ...(config as OneTapConfig), onSuccess, onError, ...props };
  return { props: all, onSuccess, onError };
}

/** Taps, agrees and logs in, as a user does. */
async function logIn(label = '一键登录') {
  await userEvent.click(screen.getByRole('button', { name: /本机号码一键登录|Sign in/ }));
  await userEvent.click(await screen.findByRole('checkbox'));
  await userEvent.click(screen.getByRole('button', { name: label }));
}

describe('<OneTapLogin confirmUrl>', () => {
  it('posts the sign once after consent, says 正在登录… while it waits, and hands onSuccess the answer', async () => {
    const route = confirmRoute('wait');
    const { props, onSuccess } = page(route.fetch);
    render(<OneTapLogin {...props} />);
    await logIn();
    const button = await screen.findByRole('button', { name: '正在登录…' });
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveAttribute('data-state', 'confirming');
    expect(screen.getByText('134****8682')).toBeVisible();
    await userEvent.click(button); // a second tap while it waits
    expect(onSuccess).not.toHaveBeenCalled();
    route.release(Response.json(ANSWER));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    expect(onSuccess).toHaveBeenCalledWith({
      phone: '134****8682',
      par: answers.ok.object.par,
      sign: SAMPLE_SIGN,
      carrier: 'mobile',
      answer: ANSWER,
    });
    expect(route.fetch).toHaveBeenCalledOnce();
    expect(route.fetch.mock.calls[0]?.[0]).toBe('/api/one-tap/confirm');
  });

  it('posts once under StrictMode', async () => {
    const route = confirmRoute(Response.json(ANSWER));
    const { props, onSuccess } = page(route.fetch);
    render(
      <StrictMode>
        <OneTapLogin {...props} />
      </StrictMode>,
    );
    await logIn();
    await waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    expect(route.fetch).toHaveBeenCalledOnce();
  });

  it('an unmount during the request aborts it and calls no onError', async () => {
    const route = confirmRoute('wait');
    const { props, onError, onSuccess } = page(route.fetch);
    const { unmount } = render(<OneTapLogin {...props} />);
    await logIn();
    await screen.findByRole('button', { name: '正在登录…' });
    unmount();
    const signal = (route.fetch.mock.calls[0]?.[1] as RequestInit | undefined)?.signal;
    expect(signal?.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onError).not.toHaveBeenCalled();
    expect(onSuccess).not.toHaveBeenCalled();
  });

  describe.each(['zh-CN', 'en'] as const)('in %s', (locale) => {
    const login = locale === 'en' ? 'Log in' : '一键登录';
    it.each(['NO_ACCOUNT', 'NUMBER_MISMATCH'] as const)(
      '%s says to log in by SMS and shows the other-login slot',
      async (code) => {
        const { props, onError, onSuccess } = page(confirmRoute(refusal(401, code)).fetch, {
          locale,
          otherLogin: <a href="/sms">SMS</a>,
        });
        render(<OneTapLogin {...props} />);
        await logIn(login);
        await waitFor(() =>
          expect(screen.getByRole('status')).toHaveTextContent(ONE_TAP_ERRORS[code][locale]),
        );
        expect(screen.getByRole('link', { name: 'SMS' })).toBeVisible();
        expect(screen.getByRole('status')).toHaveTextContent(locale === 'en' ? 'SMS code' : '短信验证码');
        expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code, fallback: true }));
        expect(onSuccess).not.toHaveBeenCalled();
      },
    );

    it.each(['SIGN_USED', 'SIGN_EXPIRED', 'RATE_LIMITED'] as const)(
      '%s offers a retry (no other-login slot), and the retry logs in',
      async (code) => {
        const route = confirmRoute(refusal(code === 'RATE_LIMITED' ? 429 : 401, code), Response.json(ANSWER));
        const { props, onSuccess } = page(route.fetch, { locale, otherLogin: <a href="/sms">SMS</a> });
        render(<OneTapLogin {...props} />);
        await logIn(login);
        await waitFor(() =>
          expect(screen.getByRole('status')).toHaveTextContent(ONE_TAP_ERRORS[code][locale]),
        );
        expect(screen.queryByRole('link', { name: 'SMS' })).toBeNull();
        await userEvent.click(screen.getByRole('button', { name: locale === 'en' ? 'Retry' : '重试' }));
        await userEvent.click(await screen.findByRole('button', { name: login })); // consent is kept
        await waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
        expect(onSuccess).toHaveBeenCalledWith(expect.objectContaining({ answer: ANSWER }));
        expect(route.fetch).toHaveBeenCalledTimes(2);
      },
    );
  });

  it('a junk answer is CONFIRM_FAILED, shown with a retry and the other-login slot', async () => {
    const junk = new Response('<html>502</html>', { status: 502 });
    const { props, onError } = page(confirmRoute(junk).fetch, { otherLogin: <a href="/sms">SMS</a> });
    render(<OneTapLogin {...props} />);
    await logIn();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('登录失败，请重试'));
    expect(screen.getByRole('button', { name: '重试' })).toBeEnabled();
    expect(screen.getByRole('link', { name: 'SMS' })).toBeVisible();
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'CONFIRM_FAILED', cause: { status: 502, code: undefined } }),
    );
  });

  it('the debug panel shows the confirm step with its HTTP status and the route’s code', async () => {
    const { props } = page(confirmRoute(refusal(401, 'NUMBER_MISMATCH')).fetch, {
      debug: true,
      locale: 'en',
    });
    render(<OneTapLogin {...props} />);
    await logIn('Log in');
    const region = await screen.findByRole('region', { name: /one-tap-phone/ });
    await waitFor(() => expect(region).toHaveTextContent('error: NUMBER_MISMATCH'), { timeout: 3000 });
    const text = (region.textContent ?? '').replaceAll('\u00a0', ' ');
    expect(text).toMatch(
      /confirm route \(confirmUrl\): failed NUMBER_MISMATCH, HTTP 401 NUMBER_MISMATCH, \d+ ms/,
    );
    expect(text).toContain(DEBUG_LABELS.en.todo.NUMBER_MISMATCH);
    expect(text).not.toContain(SAMPLE_SIGN);
    expect(text).not.toContain('134****8682');
  });

  it('the debug panel shows a confirm that succeeded, timed', async () => {
    const { props } = page(confirmRoute(Response.json(ANSWER)).fetch, { debug: true });
    render(<OneTapLogin {...props} />);
    await logIn();
    const region = await screen.findByRole('region', { name: /one-tap-phone/ });
    await waitFor(() => expect(region).toHaveTextContent('已登录'), { timeout: 3000 });
    expect((region.textContent ?? '').replaceAll('\u00a0', ' ')).toMatch(
      /确认接口（confirmUrl）: 已应答, \d+ ms/,
    );
  });
});
