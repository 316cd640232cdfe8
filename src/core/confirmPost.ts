import { bounded } from './abort.js';
import { askBackend, backendFailed } from './backend.js';
import type { Clock } from './clock.js';
import type { OneTapErrorCode } from './errors.js';

// The page's half of the login: after consent the store hands the sign to the partner's confirm
// route (one-tap-phone/server's createConfirmHandler, or any backend keeping its contract) and
// ends with the route's answer. The route decides who is logged in; the page only reads codes.

/** The route's refusals the page tells apart (ONE_TAP_ERRORS has their texts); any other is CONFIRM_FAILED. */
const REFUSALS = /^(NO_ACCOUNT|NUMBER_MISMATCH|SIGN_USED|SIGN_EXPIRED|RATE_LIMITED)$/;

/**
 * POSTs `{ sign }` as JSON to `url` (its cookies sent on the same origin) and resolves with the
 * route's JSON answer. Rejects with the route's code for a 4xx refusal that names one of
 * REFUSALS; with CONFIRM_FAILED for anything else (unreachable, another status or code, an
 * answer that is not JSON, none within `timeoutMs`), its `cause` `{ status, code }` when the
 * route answered; with ABORTED when `signal` fires. The sign never goes into an error.
 */
export async function postConfirm(
  url: string,
  sign: string,
  signal: AbortSignal,
  timeoutMs: number,
  clock: Clock,
  customFetch: typeof fetch | undefined,
): Promise<unknown> {
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sign }),
    credentials: 'same-origin',
  } as const;
  const answer = await bounded(
    (own) => askBackend('confirm route', url, { ...init, signal: own }, customFetch, 'CONFIRM_FAILED'),
    signal,
    timeoutMs,
    clock,
    'CONFIRM_FAILED',
  );
  const [status, body, code = ''] = answer;
  if (status < 300) {
    try {
      return JSON.parse(body);
    } catch {
      // not JSON (an HTML page, a proxy's answer): a failure, below
    }
  }
  const refused = status < 500 && REFUSALS.test(code);
  throw backendFailed(refused ? (code as OneTapErrorCode) : 'CONFIRM_FAILED', 'confirm route', answer);
}
