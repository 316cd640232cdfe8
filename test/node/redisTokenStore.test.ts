import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { createMockYuefu, DEMO_APP } from '../../src/mock/index';
import { createSignHandler, openSign } from '../../src/server/index';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';
import {
  createTokenClient,
  DEFAULT_TOKEN_KEY,
  type TokenClientOptions,
} from '../../src/server/tokens/tokenClient';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { redisForFile } from '../support/redisServer';

const { server: redis, connect } = redisForFile();
const mock = createMockYuefu();
const tokenRequests = () => mock.requests.filter((r) => r.endpoint === 'token').length;
const toMock: typeof fetch = (input, init) =>
  mock.fetch(new Request(input, init), { clientAddress: '127.0.0.1' });

let prefixSeq = 0;
/** `count` instances of a partner backend, each with its own Redis connection, one shared key. */
async function instances(count: number, options: Partial<TokenClientOptions> = {}, storeOptions = {}) {
  const prefix = `test${prefixSeq++}:`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const store = redisTokenStore({ client: await connect(), prefix, ...storeOptions });
      const tokens = createTokenClient({
        appId: DEMO_APP.appId,
        baseUrl: 'http://mock/getphone',
        store,
        fetch: toMock,
        ...options,
      });
      const handler = createSignHandler({ appId: DEMO_APP.appId, aesKey: DEMO_APP.aesKey, tokens });
      return { store, tokens, handler, prefix };
    }),
  );
}

const signRequest = () => new Request(`http://partner.test/sign?appId=${DEMO_APP.appId}`);
let before = 0;
afterEach(() => {
  before = tokenRequests();
});
const requestsSince = () => tokenRequests() - before;

describe('redisTokenStore on a real redis-server', () => {
  it('makes exactly one token request for 4 instances × 50 concurrent sign requests on a cold cache', async () => {
    before = tokenRequests();
    const backends = await instances(4);
    const responses = await Promise.all(
      backends.flatMap(({ handler }) => Array.from({ length: 50 }, () => handler(signRequest()))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    const tokens = await Promise.all(
      responses.map(
        async (r) => (await openSign(((await r.json()) as { sign: string }).sign, DEMO_APP.aesKey)).token,
      ),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(requestsSince()).toBe(1);
    console.info(`4 instances × 50 concurrent sign requests, cold cache: ${requestsSince()} token request`);
  });

  it('does not block the others beyond the lock’s life when the lock holder dies mid-fetch', async () => {
    before = tokenRequests();
    // A fetch that ignores its timeout's abort, as a killed process never answers.
    const [dying] = await instances(1, {
      timeoutMs: 200,
      lockMs: 300,
      fetch: () => new Promise<Response>(() => undefined),
    });
    const prefix = dying?.prefix as string;
    void dying?.tokens.getToken(); // takes the lock, then never answers: a killed process
    await vi.waitFor(async () =>
      expect(await (await connect()).get(`${prefix}${DEFAULT_TOKEN_KEY}::lock`)).not.toBeNull(),
    );
    const store = redisTokenStore({ client: await connect(), prefix });
    const survivor = createTokenClient({
      appId: DEMO_APP.appId,
      baseUrl: 'http://mock/getphone',
      store,
      fetch: toMock,
      timeoutMs: 200,
      lockMs: 300,
    });
    await expect(survivor.getToken()).resolves.toMatch(/^[0-9A-F]{32}$/);
    expect(requestsSince()).toBe(1);
  });

  it('carries an invalidation to every instance', async () => {
    before = tokenRequests();
    const [a, b] = await instances(2);
    const first = await a?.tokens.getToken();
    expect(await b?.tokens.getToken()).toBe(first);
    await b?.tokens.invalidate(first as string);
    const second = await a?.tokens.getToken();
    expect(second).not.toBe(first);
    expect(await b?.tokens.getToken()).toBe(second);
    expect(requestsSince()).toBe(2);
  });

  it('renews ahead of expiry once across instances', async () => {
    let now = Date.now();
    const backends = await instances(4, {
      clock: { ...systemClock, now: () => now },
      refreshAheadMs: 5 * 60_000,
    });
    const old = await backends[0]?.tokens.getToken();
    before = tokenRequests();
    now += 25 * 60_000; // 4 minutes left of the 29
    await Promise.all(backends.flatMap(({ tokens }) => Array.from({ length: 10 }, () => tokens.getToken())));
    // Done when every instance serves one renewed token; by then a second renewal would have asked.
    await vi.waitFor(async () => {
      const served = new Set(await Promise.all(backends.map(({ tokens }) => tokens.getToken())));
      expect(served.size).toBe(1);
      expect(served.has(old as string)).toBe(false);
    });
    expect(requestsSince()).toBe(1);
  });

  it('reads a plain token string with its TTL, as the document’s Python job writes it', async () => {
    before = tokenRequests();
    const client = await connect();
    await client.set('legacy:meiyuefu::access_token_key', '69B5B07FEBF98E77982D0C81FDD01F5E', {
      expiration: { type: 'PX', value: 20 * 60_000 },
    });
    const tokens = createTokenClient({
      appId: DEMO_APP.appId,
      baseUrl: 'http://mock/getphone',
      store: redisTokenStore({ client, prefix: 'legacy:' }),
      fetch: toMock,
      refreshAheadMs: 0,
    });
    expect(await tokens.getToken()).toBe('69B5B07FEBF98E77982D0C81FDD01F5E');
    expect(requestsSince()).toBe(0);
  });

  it('refetches over a corrupt cached value instead of failing every request', async () => {
    const client = await connect();
    await client.set('corrupt:meiyuefu::access_token_key', '{not json', {
      expiration: { type: 'PX', value: 60_000 },
    });
    const tokens = createTokenClient({
      appId: DEMO_APP.appId,
      baseUrl: 'http://mock/getphone',
      store: redisTokenStore({ client, prefix: 'corrupt:' }),
      fetch: toMock,
    });
    await expect(tokens.getToken()).resolves.toMatch(/^[0-9A-F]{32}$/);
  });

  describe('when Redis goes away', () => {
    it('answers 503 STORE_UNAVAILABLE instead of hanging, and recovers when Redis is back', async () => {
      const [backend] = await instances(1, {}, { commandTimeoutMs: 300 });
      expect((await backend?.handler(signRequest()))?.status).toBe(200);
      await redis().stop();
      const down = await backend?.handler(signRequest());
      expect(down?.status).toBe(503);
      expect(await down?.json()).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });
      await redis().start();
      await vi.waitFor(async () => expect((await backend?.handler(signRequest()))?.status).toBe(200), {
        timeout: 10_000,
        interval: 200,
      });
    });

    it('falls back to the in-memory store when the partner opted in', async () => {
      const [backend] = await instances(1, {}, { commandTimeoutMs: 300, fallback: memoryTokenStore() });
      await redis().stop();
      try {
        expect((await backend?.handler(signRequest()))?.status).toBe(200);
      } finally {
        await redis().start();
      }
    });
  });
});
