// The five functions that depend on the AES backend, made once from a backend: ./index.ts binds
// WebCrypto, ./node.ts binds node:crypto. Their TSDoc is written here, once, on the call
// signature of each one's type: the entries' declarations name these types, so the emitted
// .d.ts carry it and an editor shows it where the function is called.
// biome-ignore-all lint/style/useShorthandFunctionType: TSDoc on a call signature shows at every call; on a function type alias it does not

import {
  type AccountConfirmHandlerOptions,
  type ConfirmHandler,
  type ConfirmHandlerOptions,
  confirmHandlerFactory,
} from './confirmHandler.js';
import { type ConfirmedResult, type ConfirmOptions, confirmResultFactory } from './confirmResult.js';
import type { AesEcb } from './crypto/aes.js';
import { type BuildSignInput, type SignParams, signCodec } from './crypto/signCodec.js';
import { type SignHandler, type SignHandlerOptions, signHandlerFactory } from './http/signHandler.js';

/** `buildSign`'s type. */
export interface BuildSign {
  /** Builds a sign: AES-128-ECB (PKCS#7) of the sorted compact JSON, standard Base64. */
  (input: BuildSignInput, aesKey: string): Promise<string>;
}

/** `openSign`'s type. */
export interface OpenSign {
  /**
   * Decrypts and checks a sign as the provider does: Base64, AES with this key, JSON with
   * exactly the four string keys. Throws SignOpenError otherwise.
   */
  (sign: string, aesKey: string): Promise<SignParams>;
}

/** `createSignHandler`'s type. */
export interface CreateSignHandler {
  /**
   * The partner's sign endpoint: `GET ?appId=…` answers `{ "sign": "…" }`. Errors are JSON
   * `{ error: { code, message } }` with a fitting status; none carries the key or a token.
   * Call it as a Fetch-API handler, or use `.node` under Node's `http` server or Express.
   * A `ServerErrorCode` comes with its status; anything else is 500 `INTERNAL`. With
   * `bindingCookie`, a request that is not the page's own `fetch()` is 403 `SIGN_FETCH_ONLY`.
   * @throws TypeError for a missing appId, `AesKeyError` for a missing or wrong-length key.
   */
  (options: SignHandlerOptions): SignHandler;
}

/** `confirmResult`'s type. */
export interface ConfirmResult {
  /**
   * Confirms on the server what a browser reported, before a login: opens the sign (this app,
   * this key), refuses one this server never issued (`SIGN_NOT_ISSUED`), one issued for
   * another `binding` than this confirm's (`SIGN_BOUND_ELSEWHERE`), one older than
   * `maxAgeMs` (`SIGN_EXPIRED`) and one already confirmed (`SIGN_USED`, atomic in `store`), asks
   * Yuefu itself (plain GET, JSON) and refuses an answer that is not a masked number and a par
   * (`RESULT_MALFORMED`). Yuefu's own answers other than a result reject as the flow would
   * (`OneTapError`: `RESULT_UNAVAILABLE`, `TOKEN_EXPIRED`, `NETWORK`, `TIMEOUT`…).
   * @throws TypeError for a missing appId or store, `AesKeyError` for a bad key.
   */
  (options: ConfirmOptions): Promise<ConfirmedResult>;
}

/** `createConfirmHandler`'s type. */
export interface CreateConfirmHandler {
  /**
   * The confirm route with the account rule: one-tap logs in only the account this browser
   * names (`account(request)`: `{ id, phone }`, the full number an SMS code proved), and only
   * if Yuefu's masked number is that number's. No account: 401 `NO_ACCOUNT` before any provider
   * query. Another number: 401 `NUMBER_MISMATCH`, the sign spent (a retry is `SIGN_USED`,
   * unasked). A match: `onConfirmed({ ...result, account }, request)`. Both refusals mean "log
   * in with an SMS code". Everything else as without `account`.
   * @throws TypeError for an `account` that is no function, and as without `account`.
   */
  (options: AccountConfirmHandlerOptions): ConfirmHandler;
  /**
   * The partner's confirm route: `POST { "sign": "…" }` as `application/json`, from a page of
   * its own origin (or `origins`), confirmed by `confirmResult` with this request's binding
   * (`bindingCookie`'s cookie, or what `binding` reads);
   * `onConfirmed(result, request)` logs the user in and returns the answer (its Set-Cookie
   * passes through). Otherwise `{ error: { code, message } }`, a fixed text: 405 not POST, 415
   * not JSON, 403 another site's request, 413 over 2 KB, 400 no sign or one that does not open,
   * 401 a refused sign (`SIGN_USED`, `SIGN_EXPIRED`, `SIGN_NOT_ISSUED`, `SIGN_BOUND_ELSEWHERE`,
   * `RESULT_UNAVAILABLE`…), 502 Yuefu could not be asked, 503 the store is down. The detail
   * goes to the `logger` only. A Fetch-API handler, and `.node` for Node's `http` or Express.
   * @throws TypeError for a missing appId, store or onConfirmed, or `origins` holding `'*'` or
   * `'null'`; `AesKeyError` for a bad key.
   */
  (options: ConfirmHandlerOptions): ConfirmHandler;
}

/** What an entry exports on top of the backend-independent API (./api.ts). */
export interface ServerBinding {
  buildSign: BuildSign;
  openSign: OpenSign;
  createSignHandler: CreateSignHandler;
  confirmResult: ConfirmResult;
  createConfirmHandler: CreateConfirmHandler;
}

/** The sign codec, the sign handler and confirmResult, all on `aes`. */
export function bindServer(aes: AesEcb): ServerBinding {
  const codec = signCodec(aes);
  const confirmResult = confirmResultFactory(codec);
  return {
    buildSign: codec.buildSign,
    openSign: codec.openSign,
    createSignHandler: signHandlerFactory(codec),
    confirmResult,
    createConfirmHandler: confirmHandlerFactory(confirmResult),
  };
}
