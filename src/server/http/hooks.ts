// What a partner plugs into the sign and confirm handlers, and what the handlers do with it: the
// binding that ties a sign to the browser session that asked for it, the budget (`limit`) asked
// before any work, and the logger every failure is told to (the detail callers never see).
import { isOneTapError } from '../../core/errors.js';
import { isOneTapServerError } from '../errors.js';

/**
 * The value a sign is bound to for this request: a session id, or the value of an HttpOnly
 * cookie the partner's sign route sets; `undefined` (or `''`) for none. The sign handler folds
 * it into the sign's proof of issue; `confirmResult` and `createConfirmHandler` refuse the sign
 * under any other binding (`SIGN_BOUND_ELSEWHERE`). Never logged.
 */
export type RequestBinding = (request: Request) => string | undefined | Promise<string | undefined>;

/** Which route a `limit` call is for: a sign, a token-expired report, a confirm, the page's events. */
export type LimitKind = 'sign' | 'expiry-report' | 'confirm' | 'events';

/**
 * A partner's budget for its public routes, asked before any work (a token, a provider query):
 * `false` answers 429 `RATE_LIMITED` with `Retry-After: 5`. `info.clientAddress` is the
 * socket's address under `.node` (behind a proxy, read your proxy's header from `request`).
 */
export type RequestLimit = (
  request: Request,
  kind: LimitKind,
  info: { clientAddress: string | undefined },
) => boolean | Promise<boolean>;

/** What a 429 carries: seconds, as `Retry-After` counts them. */
export const LIMITED_RETRY_AFTER = '5';

/** Throws a TypeError at construction for a `limit` that is not a function. */
export function requireLimit(limit: unknown, where: string): void {
  if (limit !== undefined && typeof limit !== 'function') {
    throw new TypeError(`${where}: limit must be a function (request, kind) => boolean`);
  }
}

/**
 * What the sign handler reports through: `console` fits, and so does a pino logger.
 * Each call gets a one-line message and the same facts as fields.
 */
export interface SignHandlerLogger {
  error(message: string, fields: SignFailureFields): void;
  warn?(message: string, fields?: SignFailureFields): void;
}

export interface SignFailureFields {
  /** A `ServerErrorCode`, or `'INTERNAL'` for anything else (the 500 answer). */
  code: string;
  status: number;
  /** The underlying error's name, code and message, innermost last; never the key. */
  cause: string | undefined;
}

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };

function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, message, code } = error as ErrorLike;
  return `${String(name ?? 'Error')}${typeof code === 'string' ? ` ${code}` : ''}: ${String(message)}`;
}

/** `TypeError: fetch failed ← Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4010` */
function causeChain(error: unknown): string | undefined {
  const parts: string[] = [];
  for (let depth = 0; error !== undefined && depth < 5; depth++) {
    parts.push(describe(error));
    error = typeof error === 'object' && error !== null ? (error as ErrorLike).cause : undefined;
  }
  return parts.length > 0 ? parts.join(' ← ') : undefined;
}

/** Where a failure happened, and what to call one the library did not throw. */
export interface FailureSource {
  /** `one-tap-phone sign endpoint`, `one-tap-phone confirm route`. */
  route: string;
  /** The message for an error that is no `OneTapServerError` (a 500 INTERNAL). */
  internal: string;
  /** @defaultValue 'error' */
  level?: 'error' | 'warn';
  /** The code and status the request was answered with. @defaultValue the error's, else INTERNAL 500 */
  answered?: { code: string; status: number };
}

/**
 * Logs one failed request. Only the error's own text goes out, which the library writes
 * without secrets; the key is still cut out in case a foreign error (a store's) quotes it.
 */
export function logFailure(
  logger: SignHandlerLogger | undefined,
  error: unknown,
  aesKey: string,
  source: FailureSource,
): void {
  if (!logger) return;
  // The events route has no key to hide; replaceAll('') would interleave the marker everywhere.
  const redact = (text: string) => (aesKey ? text.replaceAll(aesKey, '[aesKey]') : text);
  const server = isOneTapServerError(error);
  const known = server || isOneTapError(error);
  const code = source.answered?.code ?? (server ? error.code : 'INTERNAL');
  const status = source.answered?.status ?? (server ? error.status : 500);
  const cause = causeChain(known ? error.cause : error);
  const message = known ? error.message : source.internal;
  const line = redact(`${source.route}: ${status} ${code}: ${message}`);
  const fields = { code, status, cause: cause === undefined ? undefined : redact(cause) };
  if (source.level === 'warn') logger.warn?.(line, fields);
  else logger.error(line, fields);
}

/** Logs one failed sign request. */
export const logSignFailure = (logger: SignHandlerLogger | undefined, error: unknown, aesKey: string) =>
  logFailure(logger, error, aesKey, {
    route: 'one-tap-phone sign endpoint',
    internal: 'the sign could not be built',
  });

/** Why a sign that works can still end in TOKEN_EXPIRED in every browser. */
export const TOKEN_EXPIRED_REPORTED =
  'one-tap-phone sign endpoint: a client reported resCode 2 (token expired) and Yuefu confirmed it for that sign, ' +
  'so the cached token was dropped. If this repeats, the AES key or appId does not match the ones Yuefu issued: ' +
  'the provider cannot open the signs.';
