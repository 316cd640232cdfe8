// The token client: one token request to Yuefu (document section 2.1: POST `appId`, the
// envelope's message is the token), and the cache around it (one fetch at a time per process,
// a lock across instances, refresh ahead, expiry checks).
import { sleep } from '../../core/abort.js';
import { type Clock, systemClock } from '../../core/clock.js';
import { DEFAULT_BASE_URL, parseEnvelope, tokenUrl } from '../../core/protocol.js';
import { DEFAULT_TIMEOUTS } from '../../core/schedule.js';
import {
  httpFailureDetail,
  isOneTapServerError,
  OneTapServerError,
  requireAppId,
  unreachableDetail,
} from '../errors.js';
import { measureProvider } from '../telemetry.js';
import { type TransportLogger, timeoutSignal, unref, warnIfPlainHttp } from '../upstream.js';
import { failureKey, recallFailure, rememberFailure } from './tokenFailures.js';
import { memoryTokenStore, type TokenEntry, type TokenStore } from './tokenStore.js';

export interface TokenRequestOptions {
  appId: string;
  /** @defaultValue `'http://www.meiyuefu.com/getphone'` */
  baseUrl?: string | undefined;
  /** @defaultValue 5000 */
  timeoutMs?: number | undefined;
  /** @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Runs the request's timeout, and (token client) dates the cache. @defaultValue `systemClock` */
  clock?: Clock | undefined;
}

const TOKEN_SHAPE = /^[\w-]{8,128}$/;

/** Asks Yuefu for a new token; every failure is a OneTapServerError naming its cause. */
export const requestToken = (options: TokenRequestOptions): Promise<string> =>
  measureProvider('token', () => askForToken(options));

async function askForToken(options: TokenRequestOptions): Promise<string> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const url = tokenUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs;
  const deadline = timeoutSignal(timeoutMs, options.clock ?? systemClock);
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ appId: options.appId }).toString(),
      signal: deadline.signal,
    });
    text = response.ok ? await response.text() : '';
  } catch (cause) {
    throw new OneTapServerError('PROVIDER_UNAVAILABLE', {
      cause,
      detail: unreachableDetail(url, options.baseUrl === undefined, cause, timeoutMs),
    });
  } finally {
    deadline.dispose();
  }
  if (!response.ok) {
    throw new OneTapServerError('PROVIDER_UNAVAILABLE', { detail: httpFailureDetail(url, response.status) });
  }
  let envelope: ReturnType<typeof parseEnvelope>;
  try {
    envelope = parseEnvelope(text);
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

/** The document's Redis key for the token. */
export const DEFAULT_TOKEN_KEY = 'meiyuefu::access_token_key';
/** How long Yuefu keeps a token it issued (document section 2.1): 30 minutes. */
export const TOKEN_LIFE_MS = 30 * 60_000;
/** What a Redis command may take (redisTokenStore's default `commandTimeoutMs`). */
const STORE_COMMAND_MS = 1000;

export interface TokenClientOptions extends TokenRequestOptions {
  /** The appId Yuefu issued; `createTokenClient` throws a TypeError at once without one. */
  appId: string;
  /** @defaultValue an in-memory store on `clock` */
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
  /**
   * How long the cross-instance fetch lock (and an expiry check's lock) lives if its holder
   * dies. Kept under the browser's 8 s sign timeout, so a sign request that found a dead
   * holder's lock is still answered in time; it must be longer than `timeoutMs` (else a slow
   * fetch would let a second one start): `createTokenClient` throws a RangeError otherwise.
   * @defaultValue `timeoutMs` + 2000 (two Redis commands): 7000
   */
  lockMs?: number | undefined;
  /** How long a caller waits for another instance's fetch before giving up. @defaultValue 15000 */
  waitMs?: number | undefined;
  /**
   * Hears (`warn`) that `baseUrl` is plain http: (the default is), once per process and URL.
   * @defaultValue none: a process warning under Node
   */
  logger?: TransportLogger | undefined;
}

export interface TokenClient {
  /**
   * A valid token: cached, or fetched once however many callers (and instances) ask at once.
   * A failed token request is remembered in the store for 2 s, per appId: callers in that time
   * (on any instance sharing the store) get the same error at once, and Yuefu is not asked.
   */
  getToken(): Promise<string>;
  /** Forgets the cached token, for every instance, only if it is still `token`. */
  invalidate(token: string): Promise<void>;
  /**
   * Drops `token` if it is still the cached one and `refused()` (asked then, never earlier)
   * says Yuefu refuses it; resolves whether it was dropped. One check per token at a time
   * across instances, and at most one per token every 5 s: a report within 5 s of a check
   * asks nothing and drops nothing, so a flood of reports, sequential or concurrent, costs
   * one provider query per 5 s, and a revocation is seen within 5 s.
   */
  dropIfRefused(token: string, refused: () => Promise<boolean>): Promise<boolean>;
  /**
   * Keeps the token fresh on a timer, as the document's Python job does, so that in steady
   * state no sign request waits on Yuefu. Returns the function that stops it.
   */
  keepFresh(everyMs?: number): () => void;
}

const POLL_MS = 50;
/**
 * At most one expiry check (one provider query) per cached token in this long, across
 * instances, however many reports arrive, one after another or at once: anyone can send a
 * report, and each check may be billed to the partner. A revocation is seen within it.
 */
const CHECK_EVERY_MS = 5000;

/**
 * 16 hex digits of SHA-256 of `token`: names its check claim, the same on every instance and
 * every read. WebCrypto, which Node 20 has too, so one code path serves both entries.
 */
async function tokenDigest(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest, 0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function createTokenClient(options: TokenClientOptions): TokenClient {
  requireAppId(options.appId, 'createTokenClient');
  warnIfPlainHttp(options.baseUrl, options.logger);
  const clock = options.clock ?? systemClock;
  const store = options.store ?? memoryTokenStore({ clock });
  const key = options.key ?? DEFAULT_TOKEN_KEY;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs;
  const lockMs = options.lockMs ?? timeoutMs + 2 * STORE_COMMAND_MS;
  if (!(lockMs > timeoutMs)) {
    throw new RangeError(
      `createTokenClient: lockMs (${lockMs}) must be longer than the token fetch's timeoutMs (${timeoutMs})`,
    );
  }
  const lifeMs = (options.ttlMs ?? TOKEN_LIFE_MS) - (options.marginMs ?? 60_000);
  const refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000;
  const request = { ...options, clock };
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
    entry !== undefined && entry.expiresAt > clock.now();

  const failed = failureKey(key, options.appId);
  /** A token request that failed within FAILURE_MEMORY_MS, here or on another instance. */
  const recalled = () => storeCall(() => recallFailure(store, failed, clock.now()));

  const fetchAndStore = async () => {
    const remembered = await recalled();
    if (remembered) throw remembered;
    const fetchedAt = clock.now();
    let token: string;
    try {
      token = await requestToken(request);
    } catch (error) {
      await rememberFailure(store, failed, error, clock.now());
      throw error;
    }
    await storeCall(() => store.set(key, { token, fetchedAt, expiresAt: fetchedAt + lifeMs }));
    return token;
  };

  /**
   * Runs `work` holding the cross-instance lock `name` (stores without locks need none);
   * undefined when another holder has it. A failed release is covered by the lock's expiry.
   */
  const underLock = async <T>(name: string, work: () => Promise<T>): Promise<{ value: T } | undefined> => {
    const lock = store.lock;
    const release = lock ? await storeCall(() => lock.call(store, name, lockMs)) : async () => undefined;
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
    const giveUpAt = clock.now() + (options.waitMs ?? 15_000);
    for (;;) {
      const held = await underLock(`${key}::lock`, async () => {
        const fresh = await storeCall(() => store.get(key));
        return valid(fresh) ? fresh.token : fetchAndStore();
      });
      if (held) return held.value;
      await sleep(POLL_MS, undefined, clock);
      const cached = await storeCall(() => store.get(key));
      if (valid(cached)) return cached.token;
      // The holder's request failed: its answer, at once, rather than a request of our own.
      const remembered = await recalled();
      if (remembered) throw remembered;
      if (clock.now() > giveUpAt) {
        throw new OneTapServerError('PROVIDER_UNAVAILABLE', {
          detail: 'no token after waiting for another instance',
        });
      }
    }
  };

  /** Renews ahead of expiry in the background; whoever holds the lock does it, once. */
  const refreshAhead = () => {
    if (refreshing) return;
    refreshing = underLock(`${key}::lock`, async () => {
      const cached = await store.get(key);
      if (!valid(cached) || cached.expiresAt - clock.now() <= refreshAheadMs) await fetchAndStore();
    })
      .catch(() => undefined) // the current token stays good until it expires; the next call retries
      .finally(() => {
        refreshing = undefined;
      });
  };

  /**
   * One check of `token` across instances: while it is still cached, whoever takes the check
   * lock asks `refused()` and compare-and-deletes; the others wait until the token changed or
   * the lock is free (then check again themselves: the holder's answer may predate their report).
   */
  const checkAcrossInstances = async (token: string, refused: () => Promise<boolean>) => {
    const giveUpAt = clock.now() + lockMs;
    for (;;) {
      const cached = await storeCall(() => store.get(key));
      if (!valid(cached) || cached.token !== token) return false; // already renewed or gone
      const held = await underLock(`${key}::check`, async () => {
        // Named by a digest of the token, not by the token (no token in a key name), nor by
        // fetchedAt: a plain token string in Redis (other-language jobs write that) reads with
        // fetchedAt = now, which would name a new claim, and cost a query, per report.
        const checked = `${key}::checked::${await tokenDigest(token)}`;
        if (!(await storeCall(() => store.claim(checked, CHECK_EVERY_MS)))) return false;
        if (!(await refused())) return false;
        await storeCall(() => store.delete(key, token));
        return true;
      });
      if (held) return held.value;
      if (clock.now() > giveUpAt) return false;
      await sleep(POLL_MS, undefined, clock);
    }
  };
  const checks = singleCheckPerToken(checkAcrossInstances);

  const client: TokenClient = {
    async getToken() {
      const cached = await storeCall(() => store.get(key));
      if (valid(cached)) {
        if (refreshAheadMs > 0 && cached.expiresAt - clock.now() <= refreshAheadMs) refreshAhead();
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
    dropIfRefused: checks,
    keepFresh(everyMs = 60_000) {
      let handle: unknown;
      let stopped = false;
      const tick = () => {
        client.getToken().catch(() => undefined);
        if (stopped) return;
        handle = clock.setTimeout(tick, everyMs);
        unref(handle);
      };
      tick();
      return () => {
        stopped = true;
        clock.clearTimeout(handle);
      };
    },
  };
  return client;
}

/**
 * In one process: a report joins the check of its token that has not started yet, or queues
 * the next one behind the running check; never the running one, whose answer may predate it.
 */
function singleCheckPerToken(
  check: (token: string, refused: () => Promise<boolean>) => Promise<boolean>,
): (token: string, refused: () => Promise<boolean>) => Promise<boolean> {
  const chains = new Map<string, { tail: Promise<boolean>; waiting: Promise<boolean> | undefined }>();
  return (token, refused) => {
    const chain = chains.get(token) ?? { tail: Promise.resolve(false), waiting: undefined };
    if (chain.waiting) return chain.waiting;
    const next: Promise<boolean> = chain.tail
      .catch(() => false)
      .then(() => {
        if (chain.waiting === next) chain.waiting = undefined;
        return check(token, refused);
      });
    chain.waiting = next;
    chain.tail = next;
    chains.set(token, chain);
    next
      .finally(() => {
        if (chain.tail === next) chains.delete(token);
      })
      .catch(() => undefined);
    return next;
  };
}
