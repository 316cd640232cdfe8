import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { createMockYuefu, DEMO_APP, type MockYuefuOptions } from '../../src/mock/index';
import { isOneTapServerError, type ServerErrorCode } from '../../src/server/errors';
import { createTokenClient, type TokenClientOptions } from '../../src/server/tokens/tokenClient';
import { manualClock } from '../support/manualClock';

const BASE = 'http://yuefu.test/getphone';

// The token client against the mock's real protocol bytes, in-process.
function setup(
  mockOptions: MockYuefuOptions = {},
  clientOptions: Partial<TokenClientOptions> = {},
  clientAddress = '127.0.0.1',
) {
  let now = 1_700_000_000_000;
  const clock = { ...systemClock, now: () => now };
  const mock = createMockYuefu({ clock, ...mockOptions });
  const tokens = createTokenClient({
    appId: DEMO_APP.appId,
    baseUrl: BASE,
    clock,
    fetch: (input, init) => mock.fetch(new Request(input, init), { clientAddress }),
    ...clientOptions,
  });
  const tokenRequests = () => mock.requests.filter((r) => r.endpoint === 'token').length;
  return { tokens, mock, tokenRequests, advance: (ms: number) => (now += ms) };
}

async function codeOf(promise: Promise<unknown>): Promise<ServerErrorCode | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isOneTapServerError(error) ? error.code : undefined;
}

describe('createTokenClient', () => {
  it('makes one token request for 100 concurrent callers on a cold cache', async () => {
    const { tokens, tokenRequests } = setup();
    const values = await Promise.all(Array.from({ length: 100 }, () => tokens.getToken()));
    expect(new Set(values).size).toBe(1);
    expect(tokenRequests()).toBe(1);
  });

  it('keeps a token for 30 minutes less the margin, then fetches a new one', async () => {
    const { tokens, tokenRequests, advance } = setup({}, { refreshAheadMs: 0 });
    const first = await tokens.getToken();
    advance(29 * 60_000 - 1);
    expect(await tokens.getToken()).toBe(first);
    advance(1);
    expect(await tokens.getToken()).not.toBe(first);
    expect(tokenRequests()).toBe(2);
  });

  it('honours ttlMs and marginMs', async () => {
    const { tokens, tokenRequests, advance } = setup(
      {},
      { ttlMs: 10_000, marginMs: 2_000, refreshAheadMs: 0 },
    );
    await tokens.getToken();
    advance(7_999);
    await tokens.getToken();
    advance(1);
    await tokens.getToken();
    expect(tokenRequests()).toBe(2);
  });

  describe('refresh ahead', () => {
    it('renews once in the background when the token nears expiry, while callers keep the old one', async () => {
      const { tokens, tokenRequests, advance } = setup({}, { refreshAheadMs: 5 * 60_000 });
      const first = await tokens.getToken();
      advance(24 * 60_000); // 5 minutes left of the 29
      const during = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken()));
      expect(new Set(during)).toEqual(new Set([first]));
      await vi.waitFor(() => expect(tokenRequests()).toBe(2));
      const renewed = await tokens.getToken();
      expect(renewed).not.toBe(first);
      expect(tokenRequests()).toBe(2);
    });

    it('keepFresh renews on the clock’s timer with no traffic, and stops', async () => {
      const time = manualClock();
      const mock = createMockYuefu({ clock: time.clock });
      const tokens = createTokenClient({
        appId: DEMO_APP.appId,
        baseUrl: BASE,
        clock: time.clock,
        fetch: (input, init) => mock.fetch(new Request(input, init), { clientAddress: '127.0.0.1' }),
      });
      const tokenRequests = () => mock.requests.filter((r) => r.endpoint === 'token').length;
      const stop = tokens.keepFresh(60_000);
      await vi.waitFor(() => expect(tokenRequests()).toBe(1));
      for (let minute = 1; minute <= 25; minute++) await time.advance(60_000); // 5 min left at 24
      await vi.waitFor(() => expect(tokenRequests()).toBe(2));
      stop();
      expect(time.pending()).toBe(0);
      await time.advance(60 * 60_000);
      expect(tokenRequests()).toBe(2);
    });
  });

  it('forgets the token on invalidate, only if it is the named one', async () => {
    const { tokens, tokenRequests } = setup();
    const first = await tokens.getToken();
    await tokens.invalidate('not-the-cached-one');
    expect(await tokens.getToken()).toBe(first);
    await tokens.invalidate(first);
    expect(await tokens.getToken()).not.toBe(first);
    expect(tokenRequests()).toBe(2);
  });

  it('refuses a lockMs no longer than the fetch timeout, which would let a second fetch start', () => {
    const base = { appId: DEMO_APP.appId, timeoutMs: 5000 };
    expect(() => createTokenClient({ ...base, lockMs: 5000 })).toThrow(RangeError);
    expect(() => createTokenClient({ ...base, lockMs: 5001 })).not.toThrow();
    expect(() => createTokenClient(base)).not.toThrow(); // the default: 7000
  });

  describe('dropIfRefused', () => {
    it('asks nothing about a token that is no longer cached', async () => {
      const { tokens } = setup();
      const refused = vi.fn(async () => true);
      await tokens.getToken();
      expect(await tokens.dropIfRefused('AN-OLD-TOKEN', refused)).toBe(false);
      expect(refused).not.toHaveBeenCalled();
    });

    it('keeps the token when Yuefu accepts it, drops it when Yuefu refuses it', async () => {
      const { tokens, tokenRequests, advance } = setup();
      const first = await tokens.getToken();
      expect(await tokens.dropIfRefused(first, async () => false)).toBe(false);
      expect(await tokens.getToken()).toBe(first);
      advance(5000);
      expect(await tokens.dropIfRefused(first, async () => true)).toBe(true);
      expect(await tokens.getToken()).not.toBe(first);
      expect(tokenRequests()).toBe(2);
    });

    it('asks Yuefu at most once per token per 5 s, however many reports, one after another or at once', async () => {
      const { tokens, advance } = setup();
      const token = await tokens.getToken();
      const refused = vi.fn(async () => false);
      for (let i = 0; i < 200; i++) {
        expect(await tokens.dropIfRefused(token, refused)).toBe(false);
        advance(12); // 200 reports over 2.4 s
      }
      await Promise.all(Array.from({ length: 200 }, () => tokens.dropIfRefused(token, refused)));
      expect(refused).toHaveBeenCalledOnce();
      // A revocation is seen by the first report 5 s after the last check.
      advance(5000 - 2400);
      refused.mockImplementation(async () => true);
      expect(await tokens.dropIfRefused(token, refused)).toBe(true);
      expect(refused).toHaveBeenCalledTimes(2);
      expect(await tokens.getToken()).not.toBe(token);
    });

    it('a report that arrives during a check waits for it, and asks nothing within its 5 s', async () => {
      const { tokens } = setup();
      const token = await tokens.getToken();
      let answerRunning: (refused: boolean) => void = () => undefined;
      const asked: string[] = [];
      const running = tokens.dropIfRefused(token, () => {
        asked.push('running');
        return new Promise((resolve) => (answerRunning = resolve));
      });
      await vi.waitFor(() => expect(asked).toEqual(['running']));
      const later = [1, 2].map(() =>
        tokens.dropIfRefused(token, async () => {
          asked.push('later');
          return true;
        }),
      );
      answerRunning(true);
      expect(await running).toBe(true);
      expect(await Promise.all(later)).toEqual([false, false]); // the token they reported is gone already
      expect(asked).toEqual(['running']);
      expect(await tokens.getToken()).not.toBe(token);
    });
  });

  it('retries after a failure once 2 s have passed; within them, answers the same error without asking', async () => {
    let fail = true;
    let asked = 0;
    let now = 1_700_000_000_000;
    const mock = createMockYuefu();
    const tokens = createTokenClient({
      appId: DEMO_APP.appId,
      baseUrl: BASE,
      clock: { ...systemClock, now: () => now },
      fetch: async (input, init) => {
        asked++;
        return fail ? new Response('down', { status: 502 }) : mock.fetch(new Request(input, init));
      },
    });
    expect(await codeOf(tokens.getToken())).toBe('PROVIDER_UNAVAILABLE');
    fail = false;
    now += 1999;
    expect(await codeOf(tokens.getToken())).toBe('PROVIDER_UNAVAILABLE'); // remembered
    expect(asked).toBe(1);
    now += 2;
    await expect(tokens.getToken()).resolves.toMatch(/^[0-9A-F]{32}$/);
    expect(asked).toBe(2);
  });

  describe('names the cause when Yuefu refuses', () => {
    it('resCode 1: the IP is not whitelisted', async () => {
      const { tokens } = setup({}, {}, '198.51.100.7');
      const error = await tokens.getToken().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'IP_NOT_WHITELISTED', resCode: '1', status: 502 });
      expect(String((error as Error).message)).toMatch(/whitelist/);
    });

    it('resCode 2: the feature is not enabled', async () => {
      const { tokens } = setup({ apps: [{ ...DEMO_APP, enabled: false }] });
      expect(await codeOf(tokens.getToken())).toBe('FEATURE_NOT_ENABLED');
    });

    it.each([
      [
        'resCode 3',
        () => Response.json({ resCode: '3', success: false, message: '获取Token失败' }),
        'TOKEN_FAILED',
      ],
      ['HTTP 500', () => new Response('oops', { status: 500 }), 'PROVIDER_UNAVAILABLE'],
      ['a network failure', () => Promise.reject(new TypeError('fetch failed')), 'PROVIDER_UNAVAILABLE'],
      ['an HTML page', () => new Response('<html>maintenance</html>'), 'BAD_RESPONSE'],
      ['resCode 0 without a token', () => Response.json({ resCode: 0, success: true }), 'BAD_RESPONSE'],
      ['an unknown resCode', () => Response.json({ resCode: '9' }), 'BAD_RESPONSE'],
    ] as const)('%s', async (_name, respond, code) => {
      const tokens = createTokenClient({ appId: 'a', baseUrl: BASE, fetch: async () => respond() });
      expect(await codeOf(tokens.getToken())).toBe(code);
    });
  });

  it('turns a failing store into STORE_UNAVAILABLE', async () => {
    const broken = {
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      set: async () => undefined,
      delete: async () => undefined,
      claim: async () => true,
    };
    const { tokens } = setup({}, { store: broken });
    expect(await codeOf(tokens.getToken())).toBe('STORE_UNAVAILABLE');
  });
});
