/** A token as cached: the value and when it stops being usable (ms since epoch). */
export interface TokenEntry {
  token: string;
  fetchedAt: number;
  expiresAt: number;
}

/**
 * Where tokens are cached. The in-memory default serves one process; a shared store (Redis)
 * lets several instances use one token.
 */
export interface TokenStore {
  get(key: string): Promise<TokenEntry | undefined>;
  set(key: string, entry: TokenEntry): Promise<void>;
  /** Deletes the entry; when `token` is given, only if it is still the cached one. */
  delete(key: string, token?: string): Promise<void>;
  /**
   * Takes `key` as a lock for `ttlMs` across every process that shares the store: resolves
   * with its release, or `undefined` while another holder has it. Stores that serve one
   * process leave it out; the token client's in-process single-flight is enough there.
   */
  lock?(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

export function memoryTokenStore(now: () => number = Date.now): TokenStore {
  const entries = new Map<string, TokenEntry>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (entry && entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    async set(key, entry) {
      entries.set(key, entry);
    },
    async delete(key, token) {
      if (token === undefined || entries.get(key)?.token === token) entries.delete(key);
    },
  };
}
