import { type Clock, systemClock } from '../../core/clock.js';
import { OneTapServerError } from '../errors.js';
import { ownedKey } from './redisClaim.js';
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

/**
 * A token store on Redis, shared by every instance of the partner's backend, with a
 * lock (`SET PX` if absent, owner-checked) so that a cold cache costs one token request however many instances ask.
 * Reads a plain token string too (what the document's Python job writes), with its TTL.
 */
export function redisTokenStore(options: RedisTokenStoreOptions): TokenStore {
  const { fallback } = options;
  const client = redisCommandsOf(options.client, 'redisTokenStore');
  const prefix = options.prefix ?? '';
  const timeoutMs = options.commandTimeoutMs ?? 1000;
  const clock = options.clock ?? systemClock;

  /** `command` or STORE_UNAVAILABLE; `onFailure` runs if it timed out or failed. */
  const run = <T>(command: () => Promise<T>, onFailure?: () => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        onFailure?.();
        reject(
          new OneTapServerError('STORE_UNAVAILABLE', { detail: `Redis did not answer in ${timeoutMs} ms` }),
        );
      }, timeoutMs);
      command()
        .then(resolve, (cause: unknown) => {
          onFailure?.();
          reject(new OneTapServerError('STORE_UNAVAILABLE', { cause, detail: 'Redis command failed' }));
        })
        .finally(() => clock.clearTimeout(timer));
    });
  const orFallback = async <T>(
    command: () => Promise<T>,
    backup: ((store: TokenStore) => Promise<T>) | undefined,
    onFailure?: () => void,
  ) => {
    try {
      return await run(command, onFailure);
    } catch (error) {
      if (fallback && backup) return backup(fallback);
      throw error;
    }
  };
  const owned = (key: string, ttlMs: number) =>
    ownedKey(client, prefix + key, ttlMs, timeoutMs, (f, ms) => clock.setTimeout(f, ms));

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
      // A claim whose caller was answered STORE_UNAVAILABLE (Redis stalled, or the connection
      // dropped after the command left) may still run, late or re-sent: left standing, it
      // would hold the sign for nobody, and the user's retry would get SIGN_USED. Undone on
      // any failure; and a re-sent claim finds its own and answers claimed (redisClaim.ts).
      const claim = owned(key, ttlMs);
      return run(claim.take, claim.undo);
    },
    lock: (key, ttlMs) => {
      // The same for the lock: a take we gave up on must not hold it for nobody, and a take
      // ioredis re-sends after a reconnect must not find the lock its first send took.
      const lock = owned(key, ttlMs);
      return orFallback(
        async () => {
          if (!(await lock.take())) return undefined;
          return async () => {
            await run(lock.release);
          };
        },
        // With Redis down and a fallback chosen, each instance fetches for itself.
        async () => async () => undefined,
        lock.undo,
      );
    },
  };
}
