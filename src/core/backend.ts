import { throwIfAborted } from './abort.js';
import { type OneTapErrorCode, oneTapError } from './errors.js';

// The page's calls to the partner's backend (the sign endpoint, the confirm route) through the
// injected `fetch`: one request shape, one way of reading a refusal, one wording of failures.

/** [HTTP status, the body as text, the route's own error code when it names one]. */
export type BackendAnswer = readonly [status: number, body: string, code: string | undefined];

/**
 * Sends one request to `route` (named in errors) at `url` and reads its whole answer: the
 * route's own error code (UNKNOWN_APP_ID, NO_ACCOUNT…) from one-tap-phone/server's
 * `{"error":{"code":"…"}}`, which says what to fix. Rejects with `code` when the route could
 * not be reached, or with ABORTED when `signal` fired.
 */
export async function askBackend(
  route: string,
  url: string,
  init: RequestInit,
  customFetch: typeof fetch | undefined,
  code: OneTapErrorCode,
): Promise<BackendAnswer> {
  try {
    const response = await (customFetch ?? fetch)(url, init);
    const body = await response.text();
    return [response.status, body, /"code"\s*:\s*"([A-Z_]{2,40})"/.exec(body)?.[1]];
  } catch (cause) {
    throwIfAborted(init.signal ?? undefined);
    throw oneTapError(code, `the ${route} could not be reached`, cause);
  }
}

/** A route's refusal or failure as `code`: its HTTP status and own code in the message and the cause. */
export const backendFailed = (code: OneTapErrorCode, route: string, [status, , routeCode]: BackendAnswer) =>
  oneTapError(code, `the ${route} answered HTTP ${status}${routeCode ? ` ${routeCode}` : ''}`, {
    status,
    code: routeCode,
  });
