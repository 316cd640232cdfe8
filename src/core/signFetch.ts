import { bounded } from './abort.js';
import { askBackend, backendFailed } from './backend.js';
import { type Clock, systemClock } from './clock.js';
import { oneTapError } from './errors.js';

/** Why the flow asks for a sign: the first time, or again after the provider said resCode 2. */
export type SignReason = 'initial' | 'token-expired';

export interface SignContext {
  appId: string;
  reason: SignReason;
  signal: AbortSignal;
  /** The flow this sign is for: the same id the store's events carry, for joining logs. */
  flowId: string;
  /** With `token-expired`: the sign the provider answered resCode 2 for, for the server to check. */
  expiredSign?: string | undefined;
}

/** Produces a sign for `appId`, however the partner's backend hands it out. */
export type GetSign = (context: SignContext) => Promise<string> | string;

export interface SignUrlOptions {
  /**
   * The partner's sign endpoint; `appId` is added as a query parameter unless present, and
   * `reason=token-expired&sign=…` (the sign that got resCode 2, which the server checks with
   * the provider before it drops its token) when the provider said the token had expired, and
   * the flow's `flowId`, so the server's logs can be joined to the page's events.
   */
  signUrl: string;
  appId: string;
  /** Extra fetch options: credentials, headers (a CSRF token, say). */
  signRequestInit?: RequestInit | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

// A sign is standard Base64 of AES blocks; this refuses HTML error pages and other junk.
const SIGN_SHAPE = /^[A-Za-z0-9+/]{22,}={0,2}$/;

const MAX_SIGN_BODY = 1024;

const signFailed = (detail: string, cause?: unknown) => oneTapError('SIGN_FAILED', detail, cause);

/**
 * Reads a sign from a sign endpoint's body: plain text, a JSON string, or a JSON object
 * with a `sign` field (docs/protocol.md, "Decisions where the provider is silent").
 */
export function parseSignBody(body: string): string {
  // A sign is about 150 characters: anything far larger is not one, and is refused before any
  // parsing or pattern spends time on it.
  if (body.length > MAX_SIGN_BODY) throw signFailed(`a body of ${body.length} characters`);
  const text = body.trim();
  let value: unknown = text;
  if (/^["{]/.test(text)) {
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw signFailed('the body is broken JSON', cause);
    }
    if (typeof value === 'object') value = (value as { sign?: unknown } | null)?.sign;
  }
  return assertSign(value);
}

/** Checks that a value is shaped like a sign, without echoing it in the error. */
function assertSign(value: unknown): string {
  if (typeof value === 'string' && SIGN_SHAPE.test(value) && value.length % 4 === 0) return value;
  throw signFailed(
    `no Base64 sign in ${typeof value === 'string' ? `${value.length} characters` : typeof value}`,
  );
}

/** Adds query parameters to a possibly relative URL, keeping any it already has; empty ones are left out. */
export function withParams(url: string, params: Record<string, string | undefined>): string {
  // Split before the fragment's `#`, which it keeps.
  let [out = '', hash = ''] = url.split(/(?=#)/);
  for (const [name, value] of Object.entries(params)) {
    if (!value || new RegExp(`[?&]${name}=`).test(out)) continue;
    out += `${/[?&]$/.test(out) ? '' : out.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
  }
  return out + hash;
}

/** A `GetSign` that GETs the partner's sign endpoint. */
export const signUrlGetter =
  ({ signUrl, appId, signRequestInit, fetch: customFetch }: SignUrlOptions): GetSign =>
  async ({ signal, reason, flowId, expiredSign }) => {
    // After resCode 2 the server's cached token is likely dead: say so, with the proof.
    const url = withParams(signUrl, {
      appId,
      reason: reason === 'initial' ? '' : reason,
      flowId,
      sign: expiredSign,
    });
    const init = { ...signRequestInit, method: 'GET', signal };
    const answer = await askBackend('sign endpoint', url, init, customFetch, 'SIGN_FAILED');
    if (answer[0] > 299) throw backendFailed('SIGN_FAILED', 'sign endpoint', answer);
    return parseSignBody(answer[1]);
  };

/**
 * Runs `getSign` with its own timeout, and turns whatever goes wrong into SIGN_FAILED
 * (or ABORTED / the flow's TIMEOUT when `signal` fired).
 */
export const obtainSign = async (
  getSign: GetSign,
  { signal, ...context }: Omit<SignContext, 'signal'> & { signal: AbortSignal | undefined },
  timeoutMs: number,
  clock: Clock = systemClock,
): Promise<string> =>
  assertSign(
    await bounded(
      (own) => getSign({ ...context, signal: own }),
      signal,
      timeoutMs,
      clock,
      'SIGN_FAILED',
      'getSign failed',
    ),
  );

/** Where a flow gets its sign: `getSign` when given, else the `signUrl` endpoint, else nothing. */
export const signGetterFor = (options: {
  appId?: string | undefined;
  signUrl?: string | undefined;
  getSign?: GetSign | undefined;
  signRequestInit?: RequestInit | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}): GetSign | undefined =>
  options.getSign ??
  (options.signUrl && options.appId ? signUrlGetter(options as SignUrlOptions) : undefined);
