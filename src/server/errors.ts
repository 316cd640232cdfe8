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
  SIGN_USED: { status: 409, message: 'The sign was already confirmed' },
  RESULT_MALFORMED: {
    status: 502,
    message: 'Yuefu’s answer is not a masked phone number and a par: not a result to log in on',
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
