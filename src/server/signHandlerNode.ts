// createSignHandler on node:crypto: what Node gets through the `node` export condition (./node.ts).

import { type SignHandler, type SignHandlerOptions, signHandlerFactory } from './signEndpoint.js';
import { codec } from './signNode.js';

export type { SignHandler, SignHandlerOptions } from './signEndpoint.js';

const create = signHandlerFactory(codec);

/**
 * The partner's sign endpoint: `GET ?appId=…` answers `{ "sign": "…" }`. Errors are JSON
 * `{ error: { code, message } }` with a fitting status; none carries the key or a token.
 * Call it as a Fetch-API handler, or use `.node` under Node's `http` server or Express.
 * A `ServerErrorCode` comes with its status; anything else is 500 `INTERNAL`.
 * @throws TypeError for a missing appId, `AesKeyError` for a missing or wrong-length key.
 */
export function createSignHandler(options: SignHandlerOptions): SignHandler {
  return create(options);
}
