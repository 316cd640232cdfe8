// confirmResult on node:crypto: what Node gets through the `node` export condition (./node.ts).
import { type ConfirmedResult, type ConfirmOptions, confirmResultFactory } from './confirmCheck.js';
import { codec } from './signNode.js';

export type { ConfirmedResult, ConfirmOptions } from './confirmCheck.js';

const confirm = confirmResultFactory(codec);

/**
 * Confirms on the server what a browser reported, before a login: opens the sign (this app,
 * this key), refuses one this server never issued (`SIGN_NOT_ISSUED`), one older than
 * `maxAgeMs` (`SIGN_EXPIRED`) and one already confirmed (`SIGN_USED`, atomic in `store`), asks
 * Yuefu itself (plain GET, JSON) and refuses an answer that is not a masked number and a par
 * (`RESULT_MALFORMED`). Yuefu's own answers other than a result reject as the flow would
 * (`OneTapError`: `RESULT_UNAVAILABLE`, `TOKEN_EXPIRED`, `NETWORK`, `TIMEOUT`…).
 * @throws TypeError for a missing appId or store, `AesKeyError` for a bad key.
 */
export function confirmResult(options: ConfirmOptions): Promise<ConfirmedResult> {
  return confirm(options);
}
