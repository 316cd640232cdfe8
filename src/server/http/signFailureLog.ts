import { isOneTapServerError } from '../errors.js';

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

/**
 * Logs one failed sign request. Only the error's own text goes out, which the library writes
 * without secrets; the key is still cut out in case a foreign error (a store's) quotes it.
 */
export function logSignFailure(logger: SignHandlerLogger | undefined, error: unknown, aesKey: string): void {
  if (!logger) return;
  const redact = (text: string) => text.replaceAll(aesKey, '[aesKey]');
  const known = isOneTapServerError(error);
  const code = known ? error.code : 'INTERNAL';
  const status = known ? error.status : 500;
  const cause = causeChain(known ? error.cause : error);
  const message = known ? error.message : 'the sign could not be built';
  logger.error(redact(`one-tap-phone sign endpoint: ${status} ${code}: ${message}`), {
    code,
    status,
    cause: cause === undefined ? undefined : redact(cause),
  });
}

/** Why a sign that works can still end in TOKEN_EXPIRED in every browser. */
export const TOKEN_EXPIRED_REPORTED =
  'one-tap-phone sign endpoint: a client reported resCode 2 (token expired) and Yuefu confirmed it for that sign, ' +
  'so the cached token was dropped. If this repeats, the AES key or appId does not match the ones Yuefu issued: ' +
  'the provider cannot open the signs.';
