import { throwIfAborted } from './abort.js';
import { isOneTapError, type OneTapErrorCode, oneTapError } from './errors.js';

// The page's calls to the partner's backend (the sign endpoint, the confirm route) through the
// injected `fetch`: one request shape, one way of reading a refusal, one wording of failures.

/**
 * Sends one request to `route` (named in errors) at `url` and resolves with `read` of a 2xx
 * answer's body. Anything else rejects with `code`, its `cause` `{ status, code }` naming the
 * HTTP status and the route's own error code (UNKNOWN_APP_ID, NO_ACCOUNT…) from
 * one-tap-phone/server's `{"error":{"code":"…"}}`, which says what to fix; or with that code
 * itself for a 4xx whose code `refusals` names. A 2xx that `read` cannot read (it throws other
 * than a OneTapError) fails the same way; a OneTapError it throws passes through. Rejects with
 * `code` when the route could not be reached, or with ABORTED when `signal` fired.
 */
export async function askBackend<T>(
  route: string,
  url: string,
  init: RequestInit,
  customFetch: typeof fetch | undefined,
  code: OneTapErrorCode,
  read: (body: string) => T,
  refusals?: RegExp,
): Promise<T> {
  let status: number;
  let body: string;
  try {
    const response = await (customFetch ?? fetch)(url, init);
    status = response.status;
    body = await response.text();
  } catch (cause) {
    throwIfAborted(init.signal ?? undefined);
    throw oneTapError(code, `the ${route} could not be reached`, cause);
  }
  if (status < 300) {
    try {
      return read(body);
    } catch (error) {
      if (isOneTapError(error)) throw error;
      // not readable (an HTML page, a proxy's answer): a failure, below
    }
  }
  const own = /"code"\s*:\s*"([A-Z_]{2,40})"/.exec(body)?.[1];
  const refused = status < 500 && own && refusals?.test(own);
  throw oneTapError(
    refused ? (own as OneTapErrorCode) : code,
    `the ${route} answered HTTP ${status}${own ? ` ${own}` : ''}`,
    {
      status,
      code: own,
    },
  );
}
