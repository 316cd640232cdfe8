import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { isLookingUp } from '../../../src/core/state';
import { OneTapLogin } from '../../../src/react/OneTapLogin';
import { useOneTapPhone } from '../../../src/react/useOneTapPhone';
import { manualClock } from '../../support/manualClock';
import { fakeConfig } from '../../support/reactHarness';
import { answers, hang } from '../../support/scriptedProvider';

// A page the back/forward cache restores fires `pageshow` with `persisted`; the page's state is
// as it was left, a running flow's timers included. Chromium's own bfcache is exercised in
// test/node/contentSecurityPolicy.test.ts; this is the rule, on the hook and on the button.
const restore = (persisted = true) =>
  act(() => {
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted }));
  });

const button = () => screen.getByRole('button');

describe('useOneTapPhone on a page restored from the back/forward cache', () => {
  it('puts a flow that was running back to idle, and sends nothing more for it', async () => {
    const { config, provider } = fakeConfig([hang], { requestTimeoutMs: 60_000 });
    const { result } = renderHook(() => useOneTapPhone(config));
    act(() => void result.current.lookup());
    await waitFor(() => expect(result.current.status).toBe('polling'));
    const sent = provider.requests.length;
    await restore();
    expect(result.current.status).toBe('idle');
    expect(provider.requests.length).toBe(sent);
  });

  it('has the next flow’s sign fetched ahead when it puts a used success back to idle', async () => {
    const { config, getSign } = fakeConfig([answers.ok], { instant: true });
    const { result } = renderHook(() => useOneTapPhone(config));
    await act(() => result.current.lookup());
    await waitFor(() => expect(getSign).toHaveBeenCalledTimes(1)); // the prefetch on mount, which the flow took
    await restore();
    // The used sign is gone with its flow: a fresh one is asked for before any tap.
    await waitFor(() => expect(getSign).toHaveBeenCalledTimes(2));
    expect(result.current.status).toBe('idle');
  });

  it('puts a success, whose sign went to the server, back to idle; a tap reaches a number again', async () => {
    const { config } = fakeConfig([answers.ok], { instant: true });
    const { result } = renderHook(() => useOneTapPhone(config));
    await act(() => result.current.lookup());
    expect(result.current.status).toBe('success');
    await restore();
    expect(result.current.status).toBe('idle');
    await act(() => result.current.lookup());
    expect(result.current.status).toBe('success');
  });

  it('keeps a ready number within readyTtlMs, asking the provider nothing', async () => {
    const time = manualClock();
    const { config, provider } = fakeConfig([answers.ok], { clock: time.clock, readyTtlMs: 60_000 });
    const { result } = renderHook(() => useOneTapPhone(config));
    act(() => void result.current.lookup());
    await act(() => time.advance(100));
    expect(result.current.status).toBe('ready');
    await act(() => time.advance(59_000));
    await restore();
    expect(result.current.status).toBe('ready');
    expect(provider.queries()).toBe(1);
  });

  it('looks a ready number older than readyTtlMs up again, as confirm() would', async () => {
    const time = manualClock();
    const { config, provider } = fakeConfig([answers.ok], { clock: time.clock, readyTtlMs: 60_000 });
    const { result } = renderHook(() => useOneTapPhone(config));
    act(() => void result.current.lookup());
    await act(() => time.advance(100));
    const first = result.current.status === 'ready' ? result.current.readyAt : undefined;
    await act(() => time.advance(60_001));
    await restore();
    expect(isLookingUp(result.current)).toBe(true);
    await act(() => time.advance(100));
    expect(result.current.status).toBe('ready');
    expect(result.current.status === 'ready' && result.current.readyAt).toBeGreaterThan(
      (first ?? 0) + 60_000,
    );
    expect(provider.queries()).toBe(2);
  });

  it('keeps an error where it is: its retry is the user’s', async () => {
    const { config } = fakeConfig([answers.missing]);
    const { result } = renderHook(() => useOneTapPhone(config));
    await act(() => result.current.lookup());
    await restore();
    expect(result.current).toMatchObject({ status: 'error', error: { code: 'MISSING_PARAMS' } });
  });

  it('changes nothing on a pageshow that is a first load, not a restore', async () => {
    const { config } = fakeConfig([answers.ok], { instant: true });
    const { result } = renderHook(() => useOneTapPhone(config));
    await act(() => result.current.lookup());
    await restore(false);
    expect(result.current.status).toBe('success');
  });

  it('stops listening when unmounted: a later restore touches no store', async () => {
    const { config, getSign } = fakeConfig([answers.ok], { instant: true });
    const { result, unmount } = renderHook(() => useOneTapPhone(config));
    await act(() => result.current.lookup());
    const calls = getSign.mock.calls.length;
    unmount();
    await restore(); // a listener left behind would reset the store and ask for a sign here
    expect(getSign).toHaveBeenCalledTimes(calls);
  });
});

describe('<OneTapLogin> on a page restored from the back/forward cache', () => {
  it('after a login that moved on (正在登录…, aria-busy), is idle and not busy, and a tap reaches the number again', async () => {
    const { config } = fakeConfig([answers.ok]);
    // The page navigates away on success: the promise it returns never settles here.
    render(<OneTapLogin {...config} onSuccess={() => new Promise(() => undefined)} />);
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'ready'));
    await userEvent.click(screen.getByRole('checkbox'));
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('aria-busy', 'true'));
    expect(button()).toHaveTextContent('正在登录…');
    await restore();
    expect(button()).toHaveAttribute('data-state', 'idle');
    expect(document.querySelector('[aria-busy="true"]')).toBeNull();
    await userEvent.click(button());
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'ready'));
    expect(screen.getByText('134****8682')).toBeVisible();
  });

  it('with lookup="mount", looks the number up afresh instead of showing the used one', async () => {
    const { config, provider } = fakeConfig([answers.ok], { instant: true });
    render(<OneTapLogin {...config} lookup="mount" onSuccess={() => new Promise(() => undefined)} />);
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'success'));
    expect(provider.queries()).toBe(1);
    await restore();
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'success'));
    expect(provider.queries()).toBe(2);
  });

  it('with lookup="mount" and instant, a confirmation onSuccess refused stays at the start: no lookup loop', async () => {
    const { config, provider } = fakeConfig([answers.ok], { instant: true });
    const onSuccess = vi.fn(() => Promise.reject(new Error('the server refused the sign')));
    render(<OneTapLogin {...config} lookup="mount" onSuccess={onSuccess} />);
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'idle'));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    await new Promise((resolve) => setTimeout(resolve, 50)); // a second lookup would be done by now (5 ms polls)
    expect(provider.queries()).toBe(1);
    expect(button()).toHaveAttribute('data-state', 'idle');
  });

  it('with lookup="mount", keeps a number the user has not used yet', async () => {
    const { config, provider } = fakeConfig([answers.ok]);
    render(<OneTapLogin {...config} lookup="mount" />);
    await waitFor(() => expect(button()).toHaveAttribute('data-state', 'ready'));
    await restore();
    await new Promise((resolve) => setTimeout(resolve, 30)); // a lookup would have queried by now (5 ms polls)
    expect(button()).toHaveAttribute('data-state', 'ready');
    expect(provider.queries()).toBe(1);
  });
});
