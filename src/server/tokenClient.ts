import { DEFAULT_BASE_URL, parseEnvelope, tokenUrl } from '../core/protocol';
import { OneTapServerError } from './errors';
import { memoryTokenStore, type TokenStore } from './tokenStore';

/** The document's Redis key for the token. */
export const DEFAULT_TOKEN_KEY = 'meiyuefu::access_token_key';
const THIRTY_MINUTES = 30 * 60_000;

export interface TokenClientOptions {
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
  /** @defaultValue 5000 */
  timeoutMs?: number | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  /** @defaultValue `Date.now` */
  now?: (() => number) | undefined;
}

export interface TokenClient {
  /** A valid token: cached, or fetched once however many callers ask at the same time. */
  getToken(): Promise<string>;
  /** Forgets the cached token (only if it is still `token`, when given). */
  invalidate(token?: string): Promise<void>;
}

const TOKEN_SHAPE = /^[\w-]{8,128}$/;

export async function requestToken(options: TokenClientOptions): Promise<string> {
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(tokenUrl(options.baseUrl ?? DEFAULT_BASE_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ appId: options.appId }).toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (cause) {
    throw new OneTapServerError('PROVIDER_UNAVAILABLE', {
      cause,
      detail: String((cause as Error)?.name ?? cause),
    });
  }
  if (!response.ok) {
    throw new OneTapServerError('PROVIDER_UNAVAILABLE', { detail: `HTTP ${response.status}` });
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

export function createTokenClient(options: TokenClientOptions): TokenClient {
  const now = options.now ?? Date.now;
  const store = options.store ?? memoryTokenStore(now);
  const key = options.key ?? DEFAULT_TOKEN_KEY;
  const lifeMs = (options.ttlMs ?? THIRTY_MINUTES) - (options.marginMs ?? 60_000);
  let inflight: Promise<string> | undefined;

  const storeCall = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (cause) {
      throw new OneTapServerError('STORE_UNAVAILABLE', { cause });
    }
  };

  const refresh = async () => {
    const fetchedAt = now();
    const token = await requestToken(options);
    await storeCall(() => store.set(key, { token, fetchedAt, expiresAt: fetchedAt + lifeMs }));
    return token;
  };

  return {
    async getToken() {
      const cached = await storeCall(() => store.get(key));
      if (cached && cached.expiresAt > now()) return cached.token;
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      return storeCall(() => store.delete(key, token));
    },
  };
}
