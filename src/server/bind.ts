// The four functions that depend on the AES backend, made once from a backend: ./index.ts binds
// WebCrypto, ./node.ts binds node:crypto. Their TSDoc is written here, once, on the call
// signature of each one's type: the entries' declarations name these types, so the emitted
// .d.ts carry it and an editor shows it where the function is called.
// biome-ignore-all lint/style/useShorthandFunctionType: TSDoc on a call signature shows at every call; on a function type alias it does not

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
   * A `ServerErrorCode` comes with its status; anything else is 500 `INTERNAL`.
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

/** What an entry exports on top of the backend-independent API (./api.ts). */
export interface ServerBinding {
  buildSign: BuildSign;
  openSign: OpenSign;
  createSignHandler: CreateSignHandler;
  confirmResult: ConfirmResult;
}

/** The sign codec, the sign handler and confirmResult, all on `aes`. */
export function bindServer(aes: AesEcb): ServerBinding {
  const codec = signCodec(aes);
  return {
    buildSign: codec.buildSign,
    openSign: codec.openSign,
    createSignHandler: signHandlerFactory(codec),
    confirmResult: confirmResultFactory(codec),
  };
}
