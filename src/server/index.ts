// `one-tap-phone/server` for every runtime but Node (edge, workers, Deno without the node
// condition, bundles for the browser): the sign on WebCrypto. Node gets ./node.ts, the same
// names on node:crypto, through the `node` export condition.
export type { Carrier } from '../core/carrier.js';
export type { Clock } from '../core/clock.js';
export { isOneTapError, OneTapError } from '../core/errors.js';
export { AesKeyError } from './aes.js';
export type { ConfirmedResult, ConfirmOptions } from './confirmResult.js';
export { confirmResult } from './confirmResult.js';
export type { CorsOptions, CorsSetting } from './cors.js';
export type { ServerErrorCode } from './errors.js';
export { isOneTapServerError, OneTapServerError, SERVER_ERRORS } from './errors.js';
export type { FetchHandler, NodeHandler } from './nodeAdapter.js';
export { toNodeHandler } from './nodeAdapter.js';
export type { IORedisLike, RedisClientLike, RedisCommandAdapter } from './redisClients.js';
export type { RedisCommandsLike, RedisTokenStoreOptions } from './redisTokenStore.js';
export { redisTokenStore } from './redisTokenStore.js';
export type { BuildSignInput, SignParams } from './sign.js';
export { buildSign, openSign, SignOpenError, signPlaintext } from './sign.js';
export type { SignFailureFields, SignHandlerLogger } from './signFailureLog.js';
export type { SignHandler, SignHandlerOptions } from './signHandler.js';
export { createSignHandler } from './signHandler.js';
export type { TokenClient, TokenClientOptions } from './tokenClient.js';
export { createTokenClient, DEFAULT_TOKEN_KEY, requestToken } from './tokenClient.js';
export type { MemoryTokenStoreOptions, TokenEntry, TokenStore } from './tokenStore.js';
export { memoryTokenStore } from './tokenStore.js';
