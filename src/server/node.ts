// `one-tap-phone/server` under the `node` export condition: the same names as ./index.ts
// (test/node/serverEntries.test.ts holds them equal), with the sign built on node:crypto
// (./signNode.ts) instead of WebCrypto. Which AES a runtime gets is decided here, by the module
// graph: this file never imports the WebCrypto backend and ./index.ts never imports node:crypto.
export type { Carrier } from '../core/carrier.js';
export type { Clock } from '../core/clock.js';
export { isOneTapError, OneTapError } from '../core/errors.js';
export { AesKeyError } from './aes.js';
export type { ConfirmedResult, ConfirmOptions } from './confirmResultNode.js';
export { confirmResult } from './confirmResultNode.js';
export type { CorsOptions, CorsSetting } from './cors.js';
export type { ServerErrorCode } from './errors.js';
export { isOneTapServerError, OneTapServerError, SERVER_ERRORS } from './errors.js';
export type { FetchHandler, NodeHandler } from './nodeAdapter.js';
export { toNodeHandler } from './nodeAdapter.js';
export type { IORedisLike, RedisClientLike, RedisCommandAdapter } from './redisClients.js';
export type { RedisCommandsLike, RedisTokenStoreOptions } from './redisTokenStore.js';
export { redisTokenStore } from './redisTokenStore.js';
export type { SignFailureFields, SignHandlerLogger } from './signFailureLog.js';
export type { SignHandler, SignHandlerOptions } from './signHandlerNode.js';
export { createSignHandler } from './signHandlerNode.js';
export type { BuildSignInput, SignParams } from './signNode.js';
export { buildSign, openSign, SignOpenError, signPlaintext } from './signNode.js';
export type { TokenClient, TokenClientOptions } from './tokenClient.js';
export { createTokenClient, DEFAULT_TOKEN_KEY, requestToken } from './tokenClient.js';
export type { MemoryTokenStoreOptions, TokenEntry, TokenStore } from './tokenStore.js';
export { memoryTokenStore } from './tokenStore.js';
