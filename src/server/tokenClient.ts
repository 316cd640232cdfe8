import { DEFAULT_BASE_URL, parseEnvelope, tokenUrl } from '../core/protocol.js';
import { isOneTapServerError, OneTapServerError } from './errors.js';
import { httpFailureDetail, unreachableDetail } from './providerFailure.js';
import { requireAppId } from './requireOptions.js';
import { memoryTokenStore, type TokenEntry, type TokenStore } from './tokenStore.js';

/** The document's Redis key for the token. */
export const DEFAULT_TOKEN_KEY = 'meiyuefu::access_token_key';
const THIRTY_MINUTES = 30 * 60_000;

export interface TokenClientOptions {
  /** The appId Yuefu issued; `createTokenClient` throws a TypeError at once without one. */
  appId: string;
  /** @defaultValue `'http://www.meiyuefu.com/getphone'` */
  baseUrl?: string | undefined;
  /** @defaultValue an in-memory store */
  store?: TokenStore | undefined;
  /** @defaultValue `'meiyuefu::access_token_key'` */
  key?: string | undefined;
  /** How long Yuefu keeps a token. @defaultValue 1800000 (30 minutes) */
  ttlMs?: number | undefined;
  /** Stop using a token this long before it expires. @defaultValue 60000 */
  marginMs?: number | undefined;
  /**
   * Renew in the background once a token has less than this left, while callers go on using
   * it; 0 turns it off. @defaultValue 300000 (5 minutes)
   */
  refreshAheadMs?: number | undefined;
  /** How long the cross-instance fetch lock lives if its holder dies. @defaultValue 10000 */
  lockMs?: number | undefined;
  /** How long a caller waits for another instance's fetch before giving up. @defaultValue 15000 */
  waitMs?: number | undefined;
  /** @defaultValue 5000 */
  timeoutMs?: number | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  /** @defaultValue `Date.now` */
  now?: (() => number) | undefined;
}

export interface TokenClient {
  /** A valid token: cached, or fetched once however many callers (and instances) ask at once. */
  getToken(): Promise<string>;
  /** Forgets the cached token (only if it is still `token`, when given), for every instance. */
  invalidate(token?: string): Promise<void>;
  /**
   * Keeps the token fresh on a timer, as the document's Python job does, so that in steady
   * state no sign request waits on Yuefu. Returns the function that stops it.
   */
  keepFresh(everyMs?: number): () => void;
}

const TOKEN_SHAPE = /^[\w-]{8,128}$/;
const POLL_MS = 50;

export async function requestToken(options: TokenClientOptions): Promise<string> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const url = tokenUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const timeoutMs = options.timeoutMs ?? 5000;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ appId: options.appId }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new OneTapServerError('PROVIDER_UNAVAILABLE', {
      cause,
      detail: unreachableDetail(url, options.baseUrl === undefined, cause, timeoutMs),
    });
  }
  if (!response.ok) {
    throw new OneTapServerError('PROVIDER_UNAVAILABLE', { detail: httpFailureDetail(url, response.status) });
  }
  let envelope: ReturnType<typeof parseEnvelope>;
  try {
    envelope = parseEnvelope(await response.text());
  } catch (cause) {
    throw new OneTapServerError('BAD_RESPONSE', { cause });
  }
  const { resCode, message } = envelope;
  if (resCode === '0') {
    if (message === undefined || !TOKEN_SHAPE.test(message)) {
      throw new OneTapServerError('BAD_RESPONSE', { resCode, detail: 'resCode 0 without a token' });
    }
    return message;
  }
  if (resCode === '1') throw new OneTapServerError('IP_NOT_WHITELISTED', { resCode });
  if (resCode === '2') throw new OneTapServerError('FEATURE_NOT_ENABLED', { resCode });
  if (resCode === '3') throw new OneTapServerError('TOKEN_FAILED', { resCode });
  throw new OneTapServerError('BAD_RESPONSE', { resCode, detail: `unknown resCode ${resCode}` });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createTokenClient(options: TokenClientOptions): TokenClient {
  requireAppId(options.appId, 'createTokenClient');
  const now = options.now ?? Date.now;
  const store = options.store ?? memoryTokenStore(now);
  const key = options.key ?? DEFAULT_TOKEN_KEY;
  const lockKey = `${key}::lock`;
  const lifeMs = (options.ttlMs ?? THIRTY_MINUTES) - (options.marginMs ?? 60_000);
  const refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000;
  let inflight: Promise<string> | undefined;
  let refreshing: Promise<unknown> | undefined;

  const storeCall = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (cause) {
      throw isOneTapServerError(cause) ? cause : new OneTapServerError('STORE_UNAVAILABLE', { cause });
    }
  };
  const valid = (entry: TokenEntry | undefined): entry is TokenEntry =>
    entry !== undefined && entry.expiresAt > now();

  const fetchAndStore = async () => {
    const fetchedAt = now();
    const token = await requestToken(options);
    await storeCall(() => store.set(key, { token, fetchedAt, expiresAt: fetchedAt + lifeMs }));
    return token;
  };

  /**
   * Runs `work` holding the cross-instance lock (stores without one need none); undefined
   * when another holder has it. A failed release is covered by the lock's own expiry.
   */
  const underLock = async <T>(work: () => Promise<T>): Promise<{ value: T } | undefined> => {
    const lock = store.lock;
    const release = lock
      ? await storeCall(() => lock.call(store, lockKey, options.lockMs ?? 10_000))
      : async () => undefined;
    if (!release) return undefined;
    try {
      return { value: await work() };
    } finally {
      await release().catch(() => undefined);
    }
  };

  /** One fetch across instances: the lock holder fetches, the others wait for its value. */
  const acquire = async (): Promise<string> => {
    if (!store.lock) return fetchAndStore();
    const giveUpAt = Date.now() + (options.waitMs ?? 15_000);
    for (;;) {
      const held = await underLock(async () => {
        const fresh = await storeCall(() => store.get(key));
        return valid(fresh) ? fresh.token : fetchAndStore();
      });
      if (held) return held.value;
      await pause(POLL_MS);
      const cached = await storeCall(() => store.get(key));
      if (valid(cached)) return cached.token;
      if (Date.now() > giveUpAt) {
        throw new OneTapServerError('PROVIDER_UNAVAILABLE', {
          detail: 'no token after waiting for another instance',
        });
      }
    }
  };

  /** Renews ahead of expiry in the background; whoever holds the lock does it, once. */
  const refreshAhead = () => {
    if (refreshing) return;
    refreshing = underLock(async () => {
      const cached = await store.get(key);
      if (!valid(cached) || cached.expiresAt - now() <= refreshAheadMs) await fetchAndStore();
    })
      .catch(() => undefined) // the current token stays good until it expires; the next call retries
      .finally(() => {
        refreshing = undefined;
      });
  };

  const client: TokenClient = {
    async getToken() {
      const cached = await storeCall(() => store.get(key));
      if (valid(cached)) {
        if (refreshAheadMs > 0 && cached.expiresAt - now() <= refreshAheadMs) refreshAhead();
        return cached.token;
      }
      inflight ??= acquire().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      return storeCall(() => store.delete(key, token));
    },
    keepFresh(everyMs = 60_000) {
      const timer = setInterval(() => {
        client.getToken().catch(() => undefined);
      }, everyMs);
      (timer as { unref?: () => void }).unref?.();
      client.getToken().catch(() => undefined);
      return () => clearInterval(timer);
    },
  };
  return client;
}
