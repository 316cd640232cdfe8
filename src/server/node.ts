// `one-tap-phone/server` under the `node` export condition: the API of ./api.ts, and the five
// functions of ./bind.ts on node:crypto (one OpenSSL call per sign where WebCrypto needs one
// async call per block). Which AES a runtime gets is decided by the module graph: this file
// never imports the WebCrypto backend (test/node/serverEntries.test.ts holds both to it).

import { bindServer } from './bind.js';
import { nodeCryptoAes } from './crypto/aesEcbNode.js';

export * from './api.js';

export const { buildSign, openSign, createSignHandler, confirmResult, createConfirmHandler } =
  bindServer(nodeCryptoAes);
