// What a partner's hooks on the sign and confirm handlers see of a request: the binding that
// ties a sign to the browser session that asked for it.

/**
 * The value a sign is bound to for this request: a session id, or the value of an HttpOnly
 * cookie the partner's sign route sets; `undefined` (or `''`) for none. The sign handler folds
 * it into the sign's proof of issue; `confirmResult` and `createConfirmHandler` refuse the sign
 * under any other binding (`SIGN_BOUND_ELSEWHERE`). Never logged.
 */
export type RequestBinding = (request: Request) => string | undefined | Promise<string | undefined>;
