import { type Clock, systemClock } from '../../core/clock.js';
import { OneTapServerError } from '../errors.js';
import { type NodeRedisLike, type RedisClientLike, redisCommandsOf } from './redisClients.js';
import type { TokenEntry, TokenStore } from './tokenStore.js';

/**
 * The official `redis` client's commands, as the store's first version typed them (with a
 * `del` it no longer calls). Kept for partners who named it; `RedisClientLike` is what
 * `client` takes.
 */
export interface RedisCommandsLike extends NodeRedisLike {
  del(key: string): Promise<unknown>;
}

export interface RedisTokenStoreOptions {
  /**
   * A connected client, as it is: the official `redis` package's (`createClient()` or
   * `createCluster()`, connected), an `ioredis` client or `Cluster`, or any other client
   * through a `RedisCommandAdapter`. Told apart by their methods.
   */
  client: RedisClientLike;
  /** Prepended to every key the token client uses. @defaultValue `''` (the document's key as is) */
  prefix?: string | undefined;
  /** A command slower than this counts as Redis being down: never a hang. @defaultValue 1000 */
  commandTimeoutMs?: number | undefined;
  /**
   * Where to go while Redis is down, e.g. `memoryTokenStore()`. Opt-in: without it the sign
   * handler answers 503 STORE_UNAVAILABLE, and instances never drift onto tokens of their own.
   * Claims (confirmResult's single use) never fall back: they fail with Redis.
   */
  fallback?: TokenStore | undefined;
  /** Times commands out and dates a plain token's TTL. @defaultValue `systemClock` */
  clock?: Clock | undefined;
}

// Delete only if the value is still the caller's token. A value of another Redis type is no
// token of ours (pcall: GET on it is an error), so it is left alone.
const DELETE_IF_TOKEN = `local got, v = pcall(redis.call, 'GET', KEYS[1])
if not got or not v then return 0 end
local ok, entry = pcall(cjson.decode, v)
local token = (ok and type(entry) == 'table' and entry.token) or v
if token == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Redis's answer to a command on a key that holds another type (a hash, a list…). */
const isWrongType = (error: unknown) => error instanceof Error && error.message.startsWith('WRONGTYPE');

/** A cached entry, or undefined for anything else: a corrupt value is refetched, not a 503 forever. */
function parseEntry(value: string): TokenEntry | undefined {
  try {
    const entry = JSON.parse(value) as Partial<TokenEntry>;
    const ok =
      typeof entry.token === 'string' &&
      typeof entry.expiresAt === 'number' &&
      typeof entry.fetchedAt === 'number';
    return ok ? (entry as TokenEntry) : undefined;
  } catch {
    return undefined;
  }
}

function ownerId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/**
 * A token store on Redis, shared by every instance of the partner's backend, with a
 * `SET NX PX` lock so that a cold cache costs one token request however many instances ask.
 * Reads a plain token string too (what the document's Python job writes), with its TTL.
 */
export function redisTokenStore(options: RedisTokenStoreOptions): TokenStore {
  const { fallback } = options;
  const client = redisCommandsOf(options.client, 'redisTokenStore');
  const prefix = options.prefix ?? '';
  const timeoutMs = options.commandTimeoutMs ?? 1000;
  const clock = options.clock ?? systemClock;

  /** `command` or STORE_UNAVAILABLE; `onTimeout` runs if it is given up on while still queued. */
  const run = <T>(command: () => Promise<T>, onTimeout?: () => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        onTimeout?.();
        reject(
          new OneTapServerError('STORE_UNAVAILABLE', { detail: `Redis did not answer in ${timeoutMs} ms` }),
        );
      }, timeoutMs);
      command()
        .then(resolve, (cause: unknown) =>
          reject(new OneTapServerError('STORE_UNAVAILABLE', { cause, detail: 'Redis command failed' })),
        )
        .finally(() => clock.clearTimeout(timer));
    });
  const orFallback = async <T>(
    command: () => Promise<T>,
    backup: ((store: TokenStore) => Promise<T>) | undefined,
    onTimeout?: () => void,
  ) => {
    try {
      return await run(command, onTimeout);
    } catch (error) {
      if (fallback && backup) return backup(fallback);
      throw error;
    }
  };

  return {
    get: (key) =>
      orFallback(
        async () => {
          // A value of another type reads as a miss, as a corrupt one does: the next fetch
          // overwrites it, where an error here would answer 503 until someone deletes it.
          const value = await client.get(prefix + key).catch((error: unknown) => {
            if (isWrongType(error)) return undefined;
            throw error;
          });
          if (typeof value !== 'string' || value.length === 0) return undefined;
          if (value.startsWith('{')) return parseEntry(value);
          const ttl = await client.pttl(prefix + key);
          const nowMs = clock.now();
          return { token: value, fetchedAt: nowMs, expiresAt: ttl > 0 ? nowMs + ttl : nowMs };
        },
        (store) => store.get(key),
      ),
    set: (key, entry) =>
      orFallback(
        async () => {
          // The entry's own life, not its expiry less this machine's time: the token client
          // dated it on its clock, which need not be this one.
          const ttl = Math.max(1, Math.round(entry.expiresAt - entry.fetchedAt));
          await client.set(prefix + key, JSON.stringify(entry), ttl);
        },
        (store) => store.set(key, entry),
      ),
    delete: (key, token) =>
      orFallback(
        async () => {
          await client.eval(DELETE_IF_TOKEN, prefix + key, [token]);
        },
        (store) => store.delete(key, token),
      ),
    // Never on the fallback: a claim held by one instance alone would let a sign be confirmed
    // once per instance. With Redis down a confirm fails (STORE_UNAVAILABLE) instead.
    claim: (key, ttlMs) => {
      const id = ownerId();
      let taking: Promise<boolean> | undefined;
      return run(
        () => {
          taking = client.set(prefix + key, id, Math.max(1, Math.round(ttlMs)), true);
          return taking;
        },
        // A claim we gave up on (Redis stalled: the caller was answered STORE_UNAVAILABLE) may
        // still run when Redis is back, and would leave the sign claimed by nobody: a confirm
        // answered 503 after Yuefu was asked, whose retry then got SIGN_USED. Undone as the
        // lock's SET is: once it has run, only if it took the key, owner-checked.
        () =>
          void taking
            ?.then((took) => took && client.eval(RELEASE_LOCK, prefix + key, [id]))
            .catch(() => undefined),
      );
    },
    lock: (key, ttlMs) => {
      const id = ownerId();
      const release = () => client.eval(RELEASE_LOCK, prefix + key, [id]);
      let taking: Promise<boolean> | undefined;
      return orFallback(
        async () => {
          taking = client.set(prefix + key, id, ttlMs, true);
          if (!(await taking)) return undefined;
          return async () => {
            await run(release);
          };
        },
        // With Redis down and a fallback chosen, each instance fetches for itself.
        async () => async () => undefined,
        // The SET we gave up on may still run: the client replays it when Redis is back,
        // taking a lock nobody would release. A release queued behind it is not enough: a
        // cluster client retries a SET that met CLUSTERDOWN after a delay, behind the release.
        // So the release waits for the SET itself, and runs only if it took the lock.
        () => void taking?.then((took) => took && release()).catch(() => undefined),
      );
    },
  };
}
