import { type ChildProcess, execFile, fork } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  confirmResult,
  createSignHandler,
  createTokenClient,
  DEFAULT_TOKEN_KEY,
  openSign,
  type TokenClientOptions,
} from '../../src/server/node';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';
import { memoryTokenStore, type TokenStore } from '../../src/server/tokens/tokenStore';
import { bundledScript } from '../support/bundledScript';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';
import {
  CLIENT_KINDS,
  type ClientKind,
  connectKind,
  isClusterKind,
  type KindClient,
  type RedisAuth,
  type RedisNode,
} from '../support/redisClientKinds';
import { type RedisCluster, startRedisCluster } from '../support/redisCluster';
import { type RedisServer, startRedisServer } from '../support/redisServer';

// redisTokenStore with every client a partner may hold, as it is: node-redis's client (on a
// redis-server) and cluster (on a 3-node Redis Cluster), ioredis's client and Cluster, and a
// client of no library we know through the one-method adapter. Each kind gets the same specs:
// the store's contract, two instances of a partner's backend against a provider that is not
// our mock, a lock holder killed mid-fetch, and Redis going down and coming back.

const CLIENT_SIGN_TIMEOUT_MS = 8000; // the browser's sign timeout (core)
let server: RedisServer;
let cluster: RedisCluster;
let fake: FakeYuefu;
const opened: KindClient[] = [];
const holderScript = bundledScript(new URL('../support/redisLockHolder.ts', import.meta.url));

beforeAll(async () => {
  [server, cluster, fake] = await Promise.all([startRedisServer(), startRedisCluster(), startFakeYuefu()]);
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.map((client) => client.close()));
  await Promise.all([server?.stop(), cluster?.close(), fake?.close()]);
});

const nodesOf = (kind: ClientKind): RedisNode[] => {
  if (isClusterKind(kind)) return cluster.nodes;
  const { hostname, port } = new URL(server.url);
  return [{ host: hostname, port: Number(port) }];
};
async function connect(kind: ClientKind, auth?: RedisAuth): Promise<KindClient> {
  const client = await connectKind(kind, nodesOf(kind), auth);
  opened.push(client);
  return client;
}
const down = (kind: ClientKind) => (isClusterKind(kind) ? cluster.stop() : server.stop());
const up = (kind: ClientKind) => (isClusterKind(kind) ? cluster.start() : server.start());

// The ACL user docs/server.md shows, on every node: this app's keys, the store's commands.
const ACL_USER: RedisAuth = { username: 'one-tap', password: 'test-only-password' };
const ACL_RULES = '~acl:* resetchannels -@all +get +set +del +pttl +eval +info +cluster|slots +cluster|info';
const aclSetUser = (kind: ClientKind) =>
  Promise.all(
    nodesOf(kind).map(({ host, port }) =>
      promisify(execFile)(
        'redis-cli',
        [
          '-h',
          host,
          '-p',
          String(port),
          'ACL',
          'SETUSER',
          ACL_USER.username,
          'reset',
          'on',
          `>${ACL_USER.password}`,
          ...ACL_RULES.split(' '),
        ],
        { timeout: 5000 },
      ),
    ),
  );

let prefixSeq = 0;
const newPrefix = () => `kinds${prefixSeq++}:`;
const entry = (token: string) => ({ token, fetchedAt: 0, expiresAt: Number.MAX_SAFE_INTEGER });
const signRequest = () => new Request(`http://partner.test/sign?appId=${fake.appId}`);

/** `count` instances of a partner's backend, each with its own client of `kind`, one prefix. */
async function instances(
  kind: ClientKind,
  count: number,
  { prefix = newPrefix(), tokens = {} }: { prefix?: string; tokens?: Partial<TokenClientOptions> } = {},
) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const store = redisTokenStore({ client: (await connect(kind)).client, prefix });
      const tokenClient = createTokenClient({ appId: fake.appId, baseUrl: fake.baseUrl, store, ...tokens });
      const handler = createSignHandler({ appId: fake.appId, aesKey: fake.aesKey, tokens: tokenClient });
      const confirm = (sign: string) =>
        confirmResult({ appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, sign, store });
      return { store, handler, confirm };
    }),
  );
}

async function signFrom(handler: (request: Request) => Promise<Response>): Promise<string> {
  const response = await handler(signRequest());
  expect(response.status).toBe(200);
  return ((await response.json()) as { sign: string }).sign;
}

/** What the measurements read, per kind, printed once at the end. */
const measured: Record<string, Record<string, number | string>> = {};
const note = (kind: ClientKind, what: string, value: number | string) => {
  measured[kind] = { ...measured[kind], [what]: value };
};
afterAll(() => {
  for (const [kind, values] of Object.entries(measured)) console.info(`${kind}:`, JSON.stringify(values));
});

describe.each(CLIENT_KINDS)('redisTokenStore with %s', (kind) => {
  describe('the store', () => {
    let raw: KindClient['raw'];
    let store: TokenStore;
    let prefix: string;
    beforeAll(async () => {
      const client = await connect(kind);
      raw = client.raw;
      prefix = newPrefix();
      store = redisTokenStore({ client: client.client, prefix });
    });

    it('lets exactly one of 20 concurrent claims of a key win', async () => {
      const won = await Promise.all(Array.from({ length: 20 }, () => store.claim('sign', 60_000)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await store.claim('another sign', 60_000)).toBe(true);
    });

    it('deletes an entry only when it still holds the named token', async () => {
      await store.set('cad', entry('NEW-TOKEN'));
      await store.delete('cad', 'OLD-TOKEN');
      expect((await store.get('cad'))?.token).toBe('NEW-TOKEN');
      await store.delete('cad', 'NEW-TOKEN');
      expect(await store.get('cad')).toBeUndefined();
    });

    it('sets the TTL from the entry’s own life', async () => {
      const fetchedAt = Date.now() - 365 * 86_400_000; // dated on a clock a year behind
      await store.set('ttl', { token: 'TOKEN123', fetchedAt, expiresAt: fetchedAt + 29 * 60_000 });
      const ttl = Number(await raw(['PTTL', `${prefix}ttl`], `${prefix}ttl`));
      expect(ttl).toBeGreaterThan(28 * 60_000);
      expect(ttl).toBeLessThanOrEqual(29 * 60_000);
    });

    it('reads a plain token string with its TTL, as another program writes it', async () => {
      const key = `${prefix}plain`;
      await raw(['SET', key, '69B5B07FEBF98E77982D0C81FDD01F5E', 'PX', String(20 * 60_000)], key);
      const read = await store.get('plain');
      expect(read?.token).toBe('69B5B07FEBF98E77982D0C81FDD01F5E');
      expect((read?.expiresAt ?? 0) - Date.now()).toBeGreaterThan(19 * 60_000);
    });

    it('reads a value of another Redis type as a miss, and the token client writes over it', async () => {
      const key = `${prefix}${DEFAULT_TOKEN_KEY}`;
      await raw(['HSET', key, 'field', 'value'], key);
      expect(await store.get(DEFAULT_TOKEN_KEY)).toBeUndefined();
      await expect(store.delete(DEFAULT_TOKEN_KEY, 'x')).resolves.toBeUndefined();
      const tokens = createTokenClient({
        appId: 'a',
        store,
        fetch: async () => Response.json({ resCode: '0', message: 'FRESHTOKEN1' }),
      });
      await expect(tokens.getToken()).resolves.toBe('FRESHTOKEN1');
    });

    it('lends a lock to one holder at a time, until released', async () => {
      const [first, second] = await Promise.all([store.lock?.('lock', 60_000), store.lock?.('lock', 60_000)]);
      const release = first ?? second;
      expect([first, second].filter(Boolean)).toHaveLength(1);
      await release?.();
      expect(await store.lock?.('lock', 60_000)).toBeTypeOf('function');
    });
  });

  describe('as an ACL user limited to its prefix', () => {
    it('signs and confirms, and cannot write under another prefix', async () => {
      await aclSetUser(kind);
      const { client } = await connect(kind, ACL_USER);
      const prefix = `acl:${prefixSeq++}:`;
      const store = redisTokenStore({ client, prefix });
      const handler = createSignHandler({
        appId: fake.appId,
        aesKey: fake.aesKey,
        baseUrl: fake.baseUrl,
        store,
      });
      const sign = await signFrom(handler);
      await fetch(`${fake.baseUrl}?appId=${fake.appId}&sign=${encodeURIComponent(sign)}`);
      const confirm = () =>
        confirmResult({ appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, sign, store });
      await expect(confirm()).resolves.toMatchObject({ phone: fake.result.phone });
      await expect(confirm()).rejects.toMatchObject({ code: 'SIGN_USED' });
      const { token } = await openSign(sign, fake.aesKey);
      await store.delete(DEFAULT_TOKEN_KEY, token);
      expect(await store.get(DEFAULT_TOKEN_KEY)).toBeUndefined();
      const outside = redisTokenStore({ client, prefix: 'another-app:' });
      await expect(outside.claim('sign', 60_000)).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        cause: { message: expect.stringMatching(/^NOPERM/) },
      });
    });
  });

  describe('two instances', () => {
    it('make exactly 1 token request for 20 cold signs, and every sign carries that token', async () => {
      const before = fake.counts.token;
      const [a, b] = await instances(kind, 2);
      const signs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => signFrom((i % 2 ? a : b)?.handler ?? (() => Promise.reject()))),
      );
      const tokens = new Set(
        await Promise.all(signs.map(async (sign) => (await openSign(sign, fake.aesKey)).token)),
      );
      note(kind, 'token requests for 20 cold signs on 2 instances', fake.counts.token - before);
      note(kind, 'distinct tokens in those signs', tokens.size);
      expect(fake.counts.token - before).toBe(1);
      expect(tokens.size).toBe(1);
    });

    it('confirm a looked-up sign once: its replay on the other instance is SIGN_USED', async () => {
      const [a, b] = await instances(kind, 2);
      const sign = await signFrom(a?.handler ?? (() => Promise.reject()));
      // The browser's lookup with the provider, before it reports the sign to the server.
      const lookup = await fetch(`${fake.baseUrl}?appId=${fake.appId}&sign=${encodeURIComponent(sign)}`);
      expect(await lookup.json()).toMatchObject({ resCode: '0' });
      await expect(a?.confirm(sign)).resolves.toMatchObject({ phone: fake.result.phone });
      const replay = await b?.confirm(sign).catch((error: { code?: string }) => error.code);
      note(kind, 'replay on the other instance', String(replay));
      expect(replay).toBe('SIGN_USED');
    });
  });

  describe('when the instance holding the fetch lock is killed mid-fetch', () => {
    let holder: ChildProcess | undefined;
    afterAll(() => void holder?.kill('SIGKILL'));

    it('another instance answers once the lock’s life is over', { timeout: 30_000 }, async () => {
      const prefix = newPrefix();
      const timing = { timeoutMs: 1000, lockMs: 1500 };
      fake.holdNextToken();
      const before = fake.counts.token;
      holder = fork(
        holderScript,
        [kind, JSON.stringify(nodesOf(kind)), prefix, fake.baseUrl, fake.appId, fake.aesKey, '1000', '1500'],
        { stdio: 'ignore' },
      );
      try {
        await vi.waitFor(() => expect(fake.counts.token).toBe(before + 1), { timeout: 10_000, interval: 50 });
      } finally {
        holder.kill('SIGKILL');
      }
      const [survivor] = await instances(kind, 1, { prefix, tokens: timing });
      const started = performance.now();
      const sign = await signFrom(survivor?.handler ?? (() => Promise.reject()));
      const elapsed = Math.round(performance.now() - started);
      note(kind, 'killed lock holder (lockMs 1500): survivor answered in ms', elapsed);
      expect(elapsed).toBeLessThan(CLIENT_SIGN_TIMEOUT_MS);
      expect(fake.counts.token - before).toBe(2);
      const lookup = await fetch(`${fake.baseUrl}?appId=${fake.appId}&sign=${encodeURIComponent(sign)}`);
      expect(await lookup.json()).toMatchObject({ resCode: '0' });
    });
  });

  // In order: Redis goes down in the first test and comes back in the last.
  describe('when Redis goes down and comes back', () => {
    let strict: Awaited<ReturnType<typeof instances>>[number];
    let withFallback: TokenStore;
    let withoutFallback: TokenStore;
    let lockPrefix: string;
    let raw: KindClient['raw'];
    let isDown = false;
    beforeAll(async () => {
      [strict] = (await instances(kind, 1)) as [typeof strict];
      expect((await strict.handler(signRequest())).status).toBe(200);
      const client = await connect(kind);
      raw = client.raw;
      lockPrefix = newPrefix();
      const options = { client: client.client, prefix: lockPrefix, commandTimeoutMs: 300 };
      withFallback = redisTokenStore({ ...options, fallback: memoryTokenStore() });
      withoutFallback = redisTokenStore(options);
    });
    afterAll(async () => {
      if (isDown) await up(kind);
    });

    it('answers 503 STORE_UNAVAILABLE within the command timeout, and gives up on a lock', async () => {
      await down(kind);
      isDown = true;
      const started = performance.now();
      const response = await strict.handler(signRequest());
      note(kind, 'Redis down: 503 after ms', Math.round(performance.now() - started));
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });
      // Queued by the client, given up on: it must not hold the lock once Redis replays it.
      await expect(withoutFallback.lock?.('lock', 60_000)).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
      });
    });

    it('falls back for tokens when opted in, never for claims', async () => {
      await expect(withFallback.get('k')).resolves.toBeUndefined();
      await expect(withFallback.claim('sign', 60_000)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    });

    it('recovers when Redis is back, with no lock left by a SET it gave up on', {
      timeout: 30_000,
    }, async () => {
      await up(kind);
      isDown = false;
      const started = performance.now();
      await vi.waitFor(async () => expect((await strict.handler(signRequest())).status).toBe(200), {
        timeout: 15_000,
        interval: 100,
      });
      note(kind, 'Redis back: first 200 after ms', Math.round(performance.now() - started));
      // Released as soon as the replayed take has run: within moments, not at the lock's 60 s expiry.
      await vi.waitFor(
        // Gone, or marked undone for its owner (redisClaim.ts): free to any other instance.
        async () =>
          expect(await raw(['GET', `${lockPrefix}lock`], `${lockPrefix}lock`)).toSatisfy(
            (value) => value === null || String(value).startsWith('~'),
          ),
        {
          timeout: 3000,
          interval: 50,
        },
      );
    });
  });
});
