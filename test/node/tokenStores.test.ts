import { describe, expect, it, vi } from 'vitest';
import { OneTapServerError } from '../../src/server/errors';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';
import { createTokenClient } from '../../src/server/tokens/tokenClient';
import { memoryTokenStore, type TokenStore } from '../../src/server/tokens/tokenStore';
import { manualClock } from '../support/manualClock';
import { redisForFile } from '../support/redisServer';

// The TokenStore contract on both stores (Redis on a real redis-server): what confirmResult's
// single use and the expiry check's compare-and-delete stand on.
const { server: redis, connect } = redisForFile();

let seq = 0;
const entry = (token: string) => ({ token, fetchedAt: 0, expiresAt: Number.MAX_SAFE_INTEGER });
const STORES: [string, () => Promise<TokenStore>][] = [
  ['memory', async () => memoryTokenStore()],
  ['redis', async () => redisTokenStore({ client: await connect(), prefix: `stores${seq++}:` })],
];

describe.each(STORES)('%s store', (_name, make) => {
  it('lets exactly one of many concurrent claims of a key win', async () => {
    const store = await make();
    const won = await Promise.all(Array.from({ length: 20 }, () => store.claim('sign', 60_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await store.claim('another sign', 60_000)).toBe(true);
  });

  it('deletes an entry only when it still holds the named token', async () => {
    const store = await make();
    await store.set('k', entry('NEW-TOKEN'));
    await store.delete('k', 'OLD-TOKEN');
    expect((await store.get('k'))?.token).toBe('NEW-TOKEN');
    await store.delete('k', 'NEW-TOKEN');
    expect(await store.get('k')).toBeUndefined();
  });
});

describe('memory store', () => {
  it('frees a claim when its time is up, on the clock it was given', async () => {
    const time = manualClock();
    const store = memoryTokenStore({ clock: time.clock });
    expect(await store.claim('sign', 1000)).toBe(true);
    await time.advance(999);
    expect(await store.claim('sign', 1000)).toBe(false);
    await time.advance(1);
    expect(await store.claim('sign', 1000)).toBe(true);
  });

  it('forgets expired entries nobody reads again (the marks of confirmed signs), on a later write', async () => {
    const time = manualClock();
    const store = memoryTokenStore({ clock: time.clock });
    const now = time.clock.now();
    for (let i = 0; i < 100; i++)
      await store.set(`mark${i}`, { token: 'confirmed', fetchedAt: now, expiresAt: now + 1000 });
    await time.advance(1000);
    const deleted = vi.spyOn(Map.prototype, 'delete');
    try {
      await store.set('fresh', { token: 'confirmed', fetchedAt: now + 1000, expiresAt: now + 2000 });
      const gone = new Set(deleted.mock.calls.map(([key]) => key));
      expect(Array.from({ length: 100 }, (_, i) => gone.has(`mark${i}`)).every(Boolean)).toBe(true);
    } finally {
      deleted.mockRestore();
    }
    expect(await store.get('fresh')).toBeDefined();
  });
});

describe('redis store', () => {
  it('sets the TTL from the entry’s own life, not from this machine’s clock', async () => {
    const client = await connect();
    const store = redisTokenStore({ client, prefix: 'ttl:' });
    // Dated on a token client's clock a year behind this machine's: still 29 minutes to live.
    const fetchedAt = Date.now() - 365 * 86_400_000;
    await store.set('k', { token: 'TOKEN123', fetchedAt, expiresAt: fetchedAt + 29 * 60_000 });
    const ttl = Number(await client.pTTL('ttl:k'));
    expect(ttl).toBeGreaterThan(28 * 60_000);
    expect(ttl).toBeLessThanOrEqual(29 * 60_000);
  });

  it('reads a value of another Redis type as a miss, and the token client writes over it', async () => {
    const client = await connect();
    await client.hSet('wrongtype:meiyuefu::access_token_key', 'field', 'value');
    const store = redisTokenStore({ client, prefix: 'wrongtype:' });
    expect(await store.get('meiyuefu::access_token_key')).toBeUndefined();
    await expect(store.delete('meiyuefu::access_token_key', 'x')).resolves.toBeUndefined();
    const tokens = createTokenClient({
      appId: 'a',
      store,
      fetch: async () => Response.json({ resCode: '0', message: 'FRESHTOKEN1' }),
    });
    await expect(tokens.getToken()).resolves.toBe('FRESHTOKEN1');
  });

  it('never claims on the fallback: a sign confirmed once per instance would be a replay', async () => {
    const client = await connect();
    const store = redisTokenStore({
      client,
      prefix: 'nofallback:',
      commandTimeoutMs: 200,
      fallback: memoryTokenStore(),
    });
    await redis().stop();
    try {
      await expect(store.claim('sign', 60_000)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      await expect(store.get('k')).resolves.toBeUndefined(); // tokens do fall back
    } finally {
      await redis().start();
    }
  });

  it('undoes a lock SET it gave up on when Redis replays it after a restart', {
    timeout: 20_000,
  }, async () => {
    const client = await connect();
    const store = redisTokenStore({ client, prefix: 'replay:', commandTimeoutMs: 200 });
    await redis().stop();
    try {
      // Queued by the client while Redis is down; given up on after 200 ms.
      await expect(store.lock?.('lock', 60_000)).rejects.toBeInstanceOf(OneTapServerError);
    } finally {
      await redis().start();
    }
    await vi.waitFor(async () => expect(await client.ping()).toBe('PONG'), {
      timeout: 10_000,
      interval: 100,
    });
    // Nobody holds it: the key is gone, or marked undone (`~<owner>`), which any other owner may take.
    const left = await client.get('replay:lock');
    expect(left === null || left.startsWith('~')).toBe(true);
    expect(await store.lock?.('lock', 60_000)).toBeTypeOf('function');
  });
});
