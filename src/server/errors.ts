/** What can go wrong between a partner's server and Yuefu's token endpoint. */
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
