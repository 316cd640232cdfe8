import { type Clock, systemClock } from '../../core/clock.js';

/** A token as cached: the value and when it stops being usable (ms since epoch). */
export interface TokenEntry {
  token: string;
  fetchedAt: number;
  expiresAt: number;
}

/**
 * Where tokens are cached, and what the server helpers must agree on across instances: the
 * in-memory default serves one process; a shared store (Redis) lets several instances use one
 * token, and lets `confirmResult` see a sign another instance already confirmed.
 */
export interface TokenStore {
  get(key: string): Promise<TokenEntry | undefined>;
  /** Caches `entry` until its own `expiresAt - fetchedAt` has passed. */
  set(key: string, entry: TokenEntry): Promise<void>;
  /**
   * Deletes the entry only if its token is still `token` (compare-and-delete): a report about
   * an old token never drops the one that replaced it.
   */
  delete(key: string, token: string): Promise<void>;
  /**
   * Marks `key` taken for `ttlMs` unless it already is: resolves true for the one caller that
   * took it, false for every other, across every process that shares the store. What makes a
   * sign confirmable once.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Takes `key` as a lock for `ttlMs` across every process that shares the store: resolves
   * with its release, or `undefined` while another holder has it. Stores that serve one
   * process leave it out; the token client's in-process single-flight is enough there.
   */
  lock?(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

export interface MemoryTokenStoreOptions {
  /** @defaultValue `systemClock` */
  clock?: Clock | undefined;
}

/** How many entries the memory store holds before a write sweeps out the expired ones. */
const SWEEP_ABOVE = 64;

/** A store for one process. Claims are forgotten once their time is up, oldest first. */
export function memoryTokenStore(options: MemoryTokenStoreOptions = {}): TokenStore {
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, TokenEntry>();
  const claims = new Map<string, number>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (entry && entry.expiresAt <= clock.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    async set(key, entry) {
      // Entries nobody reads again (confirmResult's marks of confirmed signs) would stay for
      // good, since only a read drops an expired one: past a few, each write sweeps them.
      if (entries.size >= SWEEP_ABOVE) {
        const now = clock.now();
        for (const [name, held] of entries) if (held.expiresAt <= now) entries.delete(name);
      }
      entries.set(key, entry);
    },
    async delete(key, token) {
      if (entries.get(key)?.token === token) entries.delete(key);
    },
    async claim(key, ttlMs) {
      const now = clock.now();
      // Claims are made with about the same life, so the oldest are the first to end: dropping
      // ended ones from the front keeps the map to the claims still alive, at O(1) a claim.
      for (const [oldest, until] of claims) {
        if (until > now) break;
        claims.delete(oldest);
      }
      const until = claims.get(key);
      if (until !== undefined && until > now) return false;
      claims.delete(key); // re-inserted at the back, in expiry order
      claims.set(key, now + ttlMs);
      return true;
    },
  };
}
