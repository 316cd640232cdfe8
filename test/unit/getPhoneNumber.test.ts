import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OneTapError, type OneTapErrorCode } from '../../src/core/errors';
import { getPhoneNumber } from '../../src/core/getPhoneNumber';
import type { OneTapOptions } from '../../src/core/options';
import type { SignContext } from '../../src/core/signFetch';
import type { OneTapState } from '../../src/core/state';
import { answers, hang, SAMPLE_SIGN, scriptedProvider } from '../support/scriptedProvider';

const BASE = 'http://yuefu.test/getphone';

function setup(steps: unknown[], overrides: Partial<OneTapOptions> = {}, getphone?: unknown) {
  const provider = scriptedProvider(steps, getphone);
  const getSign = vi.fn(async (_context: SignContext) => SAMPLE_SIGN);
  const states: OneTapState[] = [];
  const options: OneTapOptions = {
    appId: 'wozhitest',
    baseUrl: BASE,
    getSign,
    transport: provider.transport,
    environment: { pageProtocol: 'http:', connectionType: undefined },
    ...overrides,
  };
  const controller = new AbortController();
  const promise = getPhoneNumber(options, { signal: controller.signal, onProgress: (s) => states.push(s) });
  // Tests look at the outcome after running the clock; keep an early rejection from being unhandled.
  promise.catch(() => undefined);
  return { provider, getSign, states, promise, controller };
}

async function codeOf(promise: Promise<unknown>): Promise<OneTapErrorCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OneTapError)) throw new Error(`expected a OneTapError, got ${String(error)}`);
  return error.code;
}

const statuses = (states: OneTapState[]) =>
  states.map((s) => (s.status === 'polling' ? `polling ${s.attempt}/${s.attempts}` : s.status));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  // Whatever the ending, a flow leaves no timer behind.
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe('getPhoneNumber (the store with instant, as a promise)', () => {
  describe('when the carrier resolves the number', () => {
    it('signs, calls getphone, polls, and resolves with phone, par and sign', async () => {
      const { promise, states, provider } = setup([answers.notReady, answers.ok]);
      await vi.runAllTimersAsync();
      await expect(promise).resolves.toEqual({
        phone: '134****8682',
        par: 'B0A63A589B1541DC9B3E4C8F25F073F7',
        sign: SAMPLE_SIGN,
        carrier: 'mobile',
      });
      expect(statuses(states)).toEqual(['signing', 'requesting', 'polling 1/6', 'polling 2/6', 'success']);
      expect(provider.requests.map((r) => r.kind)).toEqual(['getphone', 'query', 'query']);
    });

    it('sends the first query 400 ms after getphone was sent, sooner than the plugin’s 1000 ms', async () => {
      const { provider } = setup([answers.ok]);
      await vi.advanceTimersByTimeAsync(399);
      expect(provider.queries()).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(provider.queries()).toBe(1);
    });

    it('never queries before getphone has answered', async () => {
      const slowGetphone = () => new Promise((resolve) => setTimeout(resolve, 700));
      const { provider } = setup([answers.ok], {}, slowGetphone);
      await vi.advanceTimersByTimeAsync(699);
      expect(provider.queries()).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(provider.queries()).toBe(1);
    });

    it('follows a custom poll schedule', async () => {
      const { provider, promise } = setup([answers.notReady, answers.notReady, answers.ok], {
        pollDelays: [50, 50, 50],
      });
      await vi.advanceTimersByTimeAsync(150);
      await expect(promise).resolves.toMatchObject({ phone: '134****8682' });
      expect(provider.queries()).toBe(3);
    });

    it('percent-encodes the sign’s + / = in both URLs', async () => {
      const { provider } = setup([answers.ok]);
      await vi.runAllTimersAsync();
      for (const { url } of provider.requests) {
        expect(url).toContain(`appId=wozhitest&sign=${encodeURIComponent(SAMPLE_SIGN)}`);
        expect(url).not.toMatch(/sign=[^&]*[+/=]/);
      }
      expect(provider.requests[0]?.url.startsWith(`${BASE}?`)).toBe(true);
      expect(provider.requests[1]?.url.startsWith(`${BASE}/query?`)).toBe(true);
    });

    it('accepts resCode as a number and object as a JSON string', async () => {
      const { promise } = setup([{ success: true, resCode: 0, object: JSON.stringify(answers.ok.object) }]);
      await vi.runAllTimersAsync();
      await expect(promise).resolves.toMatchObject({ phone: '134****8682' });
    });
  });

  describe('when getphone does not answer well', () => {
    it.each([
      ['fails to load', () => Promise.reject(new OneTapError('NETWORK'))],
      ['times out', () => Promise.reject(new OneTapError('TIMEOUT'))],
      ['answers junk', '<html>'],
    ])('polls anyway when getphone %s', async (_name, getphone) => {
      const { promise } = setup([answers.ok], {}, getphone);
      await vi.runAllTimersAsync();
      await expect(promise).resolves.toMatchObject({ phone: '134****8682' });
    });
  });

  describe('when the page’s policy refused the provider’s script (CSP_BLOCKED)', () => {
    const refused = () => Promise.reject(new OneTapError('CSP_BLOCKED', { detail: 'script-src refused x' }));

    it('ends at getphone, before the first poll’s delay, and sends no query', async () => {
      const { promise, provider } = setup([answers.ok], {}, refused);
      await vi.advanceTimersByTimeAsync(0);
      expect(await codeOf(promise)).toBe('CSP_BLOCKED');
      expect(provider.queries()).toBe(0);
    });

    it('ends at the first refused query: no later poll could load either', async () => {
      const { promise, provider } = setup([refused, answers.ok]);
      await vi.runAllTimersAsync();
      expect(await codeOf(promise)).toBe('CSP_BLOCKED');
      expect(provider.queries()).toBe(1);
    });
  });

  describe('when the result never comes', () => {
    it('sends six queries, then fails with RESULT_UNAVAILABLE and the provider’s resCode', async () => {
      const { promise, provider, states } = setup([answers.notReady]);
      await vi.runAllTimersAsync();
      const error = await promise.catch((e: OneTapError) => e);
      expect(error).toMatchObject({
        code: 'RESULT_UNAVAILABLE',
        resCode: '3',
        providerMessage: '获取结果失败',
        fallback: true,
      });
      expect(provider.queries()).toBe(6);
      expect(states.at(-1)).toEqual({ status: 'error', consent: false, error });
    });

    it('reports the last transport failure when every query fails to load', async () => {
      const { promise, provider } = setup([() => Promise.reject(new OneTapError('NETWORK'))]);
      await vi.runAllTimersAsync();
      expect(await codeOf(promise)).toBe('NETWORK');
      expect(provider.queries()).toBe(6);
    });

    it('takes a garbled query as a missed poll and goes on', async () => {
      const { promise } = setup(['<html>', { resCode: 'x' }, null, answers.ok]);
      await vi.runAllTimersAsync();
      await expect(promise).resolves.toMatchObject({ phone: '134****8682' });
    });

    it.each([
      ['an unknown resCode', { success: false, resCode: '9' }],
      ['resCode 0 without a phone', { success: true, resCode: '0', object: { par: 'P' } }],
      ['resCode 0 with object null', { success: true, resCode: '0', object: null }],
      ['undefined', undefined],
    ])('ends in BAD_RESPONSE when every answer is %s', async (_name, answer) => {
      const { promise } = setup([answer]);
      await vi.runAllTimersAsync();
      expect(await codeOf(promise)).toBe('BAD_RESPONSE');
    });
  });

  describe('when the token expired', () => {
    it('signs again once, with reason token-expired, and starts over from getphone', async () => {
      const { promise, getSign, provider, states } = setup([answers.expired, answers.ok]);
      await vi.runAllTimersAsync();
      await expect(promise).resolves.toMatchObject({ phone: '134****8682' });
      expect(getSign.mock.calls.map(([context]) => context.reason)).toEqual(['initial', 'token-expired']);
      // The second ask carries the sign the provider refused, so the server can check it.
      expect(getSign.mock.calls.map(([context]) => context.expiredSign)).toEqual([undefined, SAMPLE_SIGN]);
      expect(provider.requests.map((r) => r.kind)).toEqual(['getphone', 'query', 'getphone', 'query']);
      expect(states).toContainEqual({ status: 'signing', reason: 'token-expired', consent: false });
    });

    it('fails with TOKEN_EXPIRED when the fresh sign expires too', async () => {
      const { promise, getSign } = setup([answers.expired]);
      await vi.runAllTimersAsync();
      const error = await promise.catch((e: OneTapError) => e);
      expect(error).toMatchObject({ code: 'TOKEN_EXPIRED', resCode: '2' });
      // The user reads to try again; the developer reads what a second expiry usually means.
      expect((error as OneTapError).message).toMatch(/persists.*aesKey or appId/);
      expect(getSign).toHaveBeenCalledTimes(2);
    });
  });

  it('stops at once with MISSING_PARAMS on resCode 1', async () => {
    const { promise, provider } = setup([answers.missing, answers.ok]);
    await vi.runAllTimersAsync();
    await expect(promise).rejects.toMatchObject({
      code: 'MISSING_PARAMS',
      resCode: '1',
      providerMessage: '缺少参数',
    });
    expect(provider.queries()).toBe(1);
  });

  describe('before spending a sign', () => {
    it('refuses an http: provider on an https: page with MIXED_CONTENT', async () => {
      const { promise, getSign, provider } = setup([answers.ok], { environment: { pageProtocol: 'https:' } });
      await vi.runAllTimersAsync();
      expect(await codeOf(promise)).toBe('MIXED_CONTENT');
      expect(getSign).not.toHaveBeenCalled();
      expect(provider.requests).toEqual([]);
    });

    it('allows an https: provider on an https: page', async () => {
      const { promise } = setup([answers.ok], {
        baseUrl: 'https://yuefu.test/getphone',
        environment: { pageProtocol: 'https:' },
      });
      await vi.runAllTimersAsync();
      await expect(promise).resolves.toMatchObject({ phone: '134****8682' });
    });

    it.each(['wifi', 'ethernet'])('refuses with NOT_CELLULAR when the connection is %s', async (type) => {
      const { promise, getSign } = setup([answers.ok], { environment: { connectionType: type } });
      await vi.runAllTimersAsync();
      expect(await codeOf(promise)).toBe('NOT_CELLULAR');
      expect(getSign).not.toHaveBeenCalled();
    });

    it.each(['cellular', 'unknown'])('tries when the connection is %s', async (type) => {
      const { promise } = setup([answers.ok], { environment: { connectionType: type } });
      await vi.runAllTimersAsync();
      await expect(promise).resolves.toMatchObject({ phone: '134****8682' });
    });

    it('tries on Wi-Fi when checkConnection is false', async () => {
      const { promise } = setup([answers.ok], {
        environment: { connectionType: 'wifi' },
        checkConnection: false,
      });
      await vi.runAllTimersAsync();
      await expect(promise).resolves.toMatchObject({ phone: '134****8682' });
    });
  });

  describe('when the sign cannot be had', () => {
    it('fails with SIGN_FAILED and never calls the provider', async () => {
      const { promise, provider } = setup([answers.ok], { getSign: async () => '<html>502</html>' });
      await vi.runAllTimersAsync();
      expect(await codeOf(promise)).toBe('SIGN_FAILED');
      expect(provider.requests).toEqual([]);
    });

    it('rejects with a TypeError that names the mistake when neither signUrl nor getSign is given', async () => {
      const { promise } = setup([answers.ok], { getSign: undefined });
      await expect(promise).rejects.toThrow(
        new TypeError('one-tap-phone: give signUrl (your sign endpoint) or getSign'),
      );
    });
  });

  describe('when cancelled', () => {
    it('rejects with ABORTED mid-poll and sends nothing more', async () => {
      const { promise, provider, controller, states } = setup([answers.notReady]);
      await vi.advanceTimersByTimeAsync(800);
      const sent = provider.requests.length;
      controller.abort();
      await vi.runAllTimersAsync();
      const error = await promise.catch((e: OneTapError) => e);
      expect(error).toMatchObject({ code: 'ABORTED', fallback: false });
      expect(provider.requests.length).toBe(sent);
      expect(states.at(-1)).toEqual({ status: 'error', consent: false, error });
    });

    it('rejects with ABORTED, having sent nothing, when the signal was aborted before the call', async () => {
      const controller = new AbortController();
      controller.abort();
      const provider = scriptedProvider([answers.ok]);
      const getSign = vi.fn(async () => SAMPLE_SIGN);
      const promise = getPhoneNumber(
        { appId: 'wozhitest', baseUrl: BASE, getSign, transport: provider.transport },
        { signal: controller.signal },
      );
      expect(await codeOf(promise)).toBe('ABORTED');
      await vi.runAllTimersAsync();
      expect(getSign).not.toHaveBeenCalled();
      expect(provider.requests).toEqual([]);
    });

    it('rejects with ABORTED while the sign is pending', async () => {
      const { promise, controller } = setup([answers.ok], {
        getSign: (ctx) => hang({ url: '', timeoutMs: 0, signal: ctx.signal }),
      });
      controller.abort();
      expect(await codeOf(promise)).toBe('ABORTED');
    });
  });

  describe('the overall deadline', () => {
    it('ends a flow whose requests hang with TIMEOUT at deadlineMs', async () => {
      const { promise } = setup([hang], { deadlineMs: 3000, requestTimeoutMs: 60_000 }, hang);
      await vi.advanceTimersByTimeAsync(2999);
      let settled = false;
      const markSettled = () => {
        settled = true;
      };
      promise.then(markSettled, markSettled);
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await codeOf(promise)).toBe('TIMEOUT');
    });

    it('applies signTimeoutMs to a getSign that never settles and ignores its signal', async () => {
      const { promise } = setup([answers.ok], {
        getSign: () => new Promise<string>(() => undefined),
        signTimeoutMs: 1000,
      });
      await vi.advanceTimersByTimeAsync(1000);
      expect(await codeOf(promise)).toBe('SIGN_FAILED');
    });
  });
});

describe('getPhoneNumber and confirmUrl', () => {
  it('posts nothing even when options shared with a store carry a confirmUrl: the sign is the caller’s to confirm', async () => {
    const fetch = vi.fn(async () => Response.json({ ok: true }));
    const shared = { confirmUrl: '/confirm', fetch } as Partial<OneTapOptions>;
    const { promise } = setup([answers.ok], shared);
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toEqual({
      phone: '134****8682',
      par: answers.ok.object.par,
      sign: SAMPLE_SIGN,
      carrier: 'mobile',
    });
    expect(fetch).not.toHaveBeenCalled();
  });
});
