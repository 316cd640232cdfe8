// `one-tap-phone/server` for every runtime but Node (edge, workers, Deno without the node
// condition, bundles for the browser): the API of ./api.ts, and the five functions of
// ./bind.ts on WebCrypto. Node gets ./node.ts, the same names on node:crypto, through the
// `node` export condition; this file never imports node:crypto.

import { bindServer } from './bind.js';
import { webCryptoAes } from './crypto/aesEcb.js';

export * from './api.js';

export const { buildSign, openSign, createSignHandler, confirmResult, createConfirmHandler } =
  bindServer(webCryptoAes);
