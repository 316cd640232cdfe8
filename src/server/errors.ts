// Every error the server helpers throw, and the words they throw with: the codes and their
// statuses, the AES key's error, the checks a constructor makes of its options, and the detail
// that names which host failed and why.

/** What can go wrong between a partner's server and Yuefu, and what confirmResult refuses. */
export const SERVER_ERRORS = {
  IP_NOT_WHITELISTED: {
    status: 502,
    message: 'Yuefu refused the token request: this server’s IP is not whitelisted (resCode 1)',
  },
  FEATURE_NOT_ENABLED: {
    status: 502,
    message: 'Yuefu refused the token request: one-tap is not enabled for this appId (resCode 2)',
  },
  TOKEN_FAILED: { status: 503, message: 'Yuefu could not issue a token (resCode 3)' },
  PROVIDER_UNAVAILABLE: { status: 503, message: 'Yuefu’s token endpoint could not be reached or failed' },
  BAD_RESPONSE: { status: 502, message: 'Yuefu’s token endpoint answered outside its protocol' },
  STORE_UNAVAILABLE: { status: 503, message: 'The token store could not be reached' },
  // confirmResult's refusals: a login route answers them as it sees fit (the status is a hint).
  SIGN_INVALID: { status: 400, message: 'The sign does not open with this app’s key, or is for another app' },
  SIGN_NOT_ISSUED: { status: 403, message: 'The sign was not issued by this server' },
  SIGN_EXPIRED: { status: 403, message: 'The sign is older than confirmResult’s maxAgeMs' },
  SIGN_BOUND_ELSEWHERE: {
    status: 403,
    message: 'The sign was issued for another session, or its binding and this confirm’s do not match',
  },
  SIGN_USED: { status: 409, message: 'The sign was already confirmed' },
  SIGN_FETCH_ONLY: {
    status: 403,
    message:
      'With bindingCookie, a sign is fetched by the login page’s script on its own site, not navigated to',
  },
  RESULT_MALFORMED: {
    status: 502,
    message: 'Yuefu’s answer is not a masked phone number and a par: not a result to log in on',
  },
  // The confirm route's `account` rule: one-tap logs in only the account this browser names.
  NO_ACCOUNT: {
    status: 401,
    message: 'This browser names no account to log in: log in with an SMS code',
  },
  NUMBER_MISMATCH: {
    status: 401,
    message: 'The number Yuefu confirmed is not this account’s: log in with an SMS code',
  },
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;

/** Server-side failures; `status` is the HTTP status a sign endpoint answers with. */
export class OneTapServerError extends Error {
  override readonly name = 'OneTapServerError';
  readonly code: ServerErrorCode;
  readonly status: number;
  readonly resCode: string | undefined;

  constructor(code: ServerErrorCode, details: { cause?: unknown; resCode?: string; detail?: string } = {}) {
    const base = SERVER_ERRORS[code].message;
    super(details.detail ? `${base}: ${details.detail}` : base, { cause: details.cause });
    this.code = code;
    this.status = SERVER_ERRORS[code].status;
    this.resCode = details.resCode;
  }
}

export function isOneTapServerError(value: unknown): value is OneTapServerError {
  return value instanceof OneTapServerError;
}

/** The AES key is not 16 bytes in UTF-8. */
export class AesKeyError extends Error {
  override readonly name = 'AesKeyError';
}

// ---- options, checked at construction ----------------------------------------------------

// Checked at construction so that a misconfigured server fails at its setup line, at boot:
// otherwise a missing key showed up as a 500 INTERNAL and a missing appId as a 403 in the
// browser, with nothing on the server. Messages name the option, never the key's value.

const what = (value: unknown): string =>
  value === undefined ? 'missing' : typeof value === 'string' ? 'empty' : `a ${typeof value}, not a string`;

/** Throws a TypeError unless `appId` is a non-empty string. */
export function requireAppId(appId: unknown, where: string): void {
  if (typeof appId !== 'string' || appId.trim() === '') {
    throw new TypeError(`${where}: appId is ${what(appId)}; pass the appId Yuefu issued`);
  }
}

/** Throws AesKeyError unless `aesKey` is 16 bytes in UTF-8. */
export function requireAesKey(aesKey: unknown, where: string): void {
  if (typeof aesKey !== 'string' || aesKey === '') {
    throw new AesKeyError(`${where}: aesKey is ${what(aesKey)}; pass the 16-byte AES key Yuefu issued`);
  }
  const bytes = new TextEncoder().encode(aesKey).length;
  if (bytes !== 16) {
    throw new AesKeyError(`${where}: aesKey must be 16 bytes in UTF-8; this one is ${bytes} bytes`);
  }
}

// ---- which host failed, and why -----------------------------------------------------------

// PROVIDER_UNAVAILABLE's detail: which host was tried and why it failed. A bare "TypeError"
// hid both, and a forgotten server baseUrl (which falls back to the production host) looked
// like any network hiccup. Only the URL's host and the error's name, code or message go in:
// the token request carries nothing secret, and its answer is not read here.

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };

const asErrorLike = (value: unknown): ErrorLike | undefined =>
  typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;

/** The innermost system code (`ECONNREFUSED`, `ENOTFOUND`…), else the innermost error's text. */
function reason(cause: unknown, timeoutMs: number): string {
  const outer = asErrorLike(cause);
  if (outer?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // fetch (undici) throws TypeError('fetch failed') with the socket error as its cause;
  // connecting to several addresses gives an AggregateError of them.
  let error = outer;
  for (let depth = 0; error && depth < 5; depth++) {
    if (typeof error.code === 'string') return error.code;
    const next =
      asErrorLike(error.cause) ?? asErrorLike(Array.isArray(error.errors) ? error.errors[0] : undefined);
    if (!next) break;
    error = next;
  }
  if (!error) return String(cause);
  return typeof error.message === 'string' && error.message
    ? `${String(error.name ?? 'Error')}: ${error.message}`
    : String(error.name ?? cause);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid baseUrl';
  }
}

/** e.g. `www.meiyuefu.com (the default baseUrl): ENOTFOUND`, `127.0.0.1:4010: ECONNREFUSED`. */
export function unreachableDetail(
  url: string,
  defaulted: boolean,
  cause: unknown,
  timeoutMs: number,
): string {
  return `${hostOf(url)}${defaulted ? ' (the default baseUrl)' : ''}: ${reason(cause, timeoutMs)}`;
}

/** e.g. `HTTP 502 from 127.0.0.1:4010`. */
export const httpFailureDetail = (url: string, status: number): string =>
  `HTTP ${status} from ${hostOf(url)}`;
