import { abortError, linkedController } from './abort.js';
import { isOneTapError, OneTapError } from './errors.js';
import { globalTimers, type Timers } from './timers.js';

/** Why the flow asks for a sign: the first time, or again after the provider said resCode 2. */
export type SignReason = 'initial' | 'token-expired';

export interface SignContext {
  appId: string;
  reason: SignReason;
  signal: AbortSignal;
}

/** Produces a sign for `appId`, however the partner's backend hands it out. */
export type GetSign = (context: SignContext) => Promise<string> | string;

export interface SignUrlOptions {
  /**
   * The partner's sign endpoint; `appId` is added as a query parameter unless present, and
   * `reason=token-expired` when the provider said the last sign's token had expired.
   */
  signUrl: string;
  appId: string;
  /** Extra fetch options: credentials, headers (a CSRF token, say). */
  signRequestInit?: RequestInit | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

// A sign is standard Base64 of AES blocks; this refuses HTML error pages and other junk.
const SIGN_SHAPE = /^[A-Za-z0-9+/]{22,}={0,2}$/;

function signFailed(detail: string, cause?: unknown): OneTapError {
  return new OneTapError('SIGN_FAILED', { detail, cause });
}

/**
 * Reads a sign from a sign endpoint's body: plain text, a JSON string, or a JSON object
 * with a `sign` field (PROTOCOL.md, "open points").
 */
export function parseSignBody(body: string): string {
  const text = body.trim();
  let candidate: unknown = text;
  if (text.startsWith('{') || text.startsWith('"')) {
    try {
      candidate = JSON.parse(text);
    } catch (cause) {
      throw signFailed('the body looks like JSON but does not parse', cause);
    }
    if (typeof candidate === 'object' && candidate !== null) {
      candidate = (candidate as { sign?: unknown }).sign;
    }
  }
  if (typeof candidate !== 'string' || candidate.length === 0) {
    throw signFailed('the body holds no sign');
  }
  return assertSign(candidate);
}

/** Checks that a value is shaped like a sign, without echoing it in the error. */
export function assertSign(value: unknown): string {
  if (typeof value !== 'string' || !SIGN_SHAPE.test(value) || value.length % 4 !== 0) {
    throw signFailed(
      typeof value === 'string'
        ? `the sign is not Base64 (${value.length} characters)`
        : `the sign is ${value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}

/** Adds query parameters to a possibly relative URL, keeping any it already has. */
export function withParams(url: string, params: Record<string, string>): string {
  const [withoutHash = '', hash] = url.split('#', 2);
  let out = withoutHash;
  for (const [name, value] of Object.entries(params)) {
    if (new RegExp(`[?&]${name}=`).test(out)) continue;
    const separator = out.includes('?') ? (/[?&]$/.test(out) ? '' : '&') : '?';
    out = `${out}${separator}${name}=${encodeURIComponent(value)}`;
  }
  return hash === undefined ? out : `${out}#${hash}`;
}

/** A `GetSign` that GETs the partner's sign endpoint. */
export function signUrlGetter(options: SignUrlOptions): GetSign {
  return async ({ signal, reason }) => {
    const doFetch = options.fetch ?? globalThis.fetch;
    // After resCode 2 the server's cached token is likely dead: say so, so it fetches a new one.
    const params: Record<string, string> = { appId: options.appId };
    if (reason === 'token-expired') params.reason = reason;
    let response: Response;
    try {
      response = await doFetch(withParams(options.signUrl, params), {
        ...options.signRequestInit,
        method: 'GET',
        signal,
      });
    } catch (cause) {
      if (signal.aborted) throw abortError(signal);
      throw signFailed('the sign endpoint could not be reached', cause);
    }
    if (!response.ok) {
      throw signFailed(`the sign endpoint answered HTTP ${response.status}`, {
        status: response.status,
      });
    }
    return parseSignBody(await response.text());
  };
}

/**
 * Runs `getSign` with its own timeout, and turns whatever goes wrong into SIGN_FAILED
 * (or ABORTED / the flow's TIMEOUT when `signal` fired).
 */
export async function obtainSign(
  getSign: GetSign,
  context: Omit<SignContext, 'signal'> & { signal: AbortSignal | undefined },
  timeoutMs: number,
  timers: Timers = globalTimers,
): Promise<string> {
  const link = linkedController(
    context.signal,
    timeoutMs,
    () => signFailed(`no sign after ${timeoutMs} ms`),
    timers,
  );
  const { signal } = link;
  try {
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(abortError(signal));
      signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
    });
    // A getSign that ignores its signal must not hold the flow past its timeout.
    const sign = await Promise.race([
      Promise.resolve().then(() => getSign({ appId: context.appId, reason: context.reason, signal })),
      aborted,
    ]);
    return assertSign(sign);
  } catch (error) {
    if (signal.aborted) throw abortError(signal);
    if (isOneTapError(error)) throw error.code === 'SIGN_FAILED' ? error : signFailed(error.message, error);
    throw signFailed('getSign threw', error);
  } finally {
    link.dispose();
  }
}

/** Where a flow gets its sign: `getSign` when given, else the `signUrl` endpoint, else nothing. */
export function signGetterFor(options: {
  appId?: string | undefined;
  signUrl?: string | undefined;
  getSign?: GetSign | undefined;
  signRequestInit?: RequestInit | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}): GetSign | undefined {
  if (options.getSign) return options.getSign;
  if (!options.signUrl || !options.appId) return undefined;
  return signUrlGetter({
    signUrl: options.signUrl,
    appId: options.appId,
    signRequestInit: options.signRequestInit,
    fetch: options.fetch,
  });
}
