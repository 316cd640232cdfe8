// What a partner's hooks on the sign and confirm handlers see of a request: the binding that
// ties a sign to the browser session that asked for it.

/**
 * The value a sign is bound to for this request: a session id, or the value of an HttpOnly
 * cookie the partner's sign route sets; `undefined` (or `''`) for none. The sign handler folds
 * it into the sign's proof of issue; `confirmResult` and `createConfirmHandler` refuse the sign
 * under any other binding (`SIGN_BOUND_ELSEWHERE`). Never logged.
 */
export type RequestBinding = (request: Request) => string | undefined | Promise<string | undefined>;

/** Which route a `limit` call is for: a sign, a token-expired report, a confirm. */
export type LimitKind = 'sign' | 'expiry-report' | 'confirm';

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
