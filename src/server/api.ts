// `one-tap-phone/server`'s names that are the same whichever AES backend an entry binds: both
// entries (./index.ts, ./node.ts) re-export this list and add the four functions of ./bind.ts.
// A plain list, so a name is public only by being written here.
export type { Carrier } from '../core/carrier.js';
export type { Clock } from '../core/clock.js';
export { isOneTapError, OneTapError } from '../core/errors.js';
export { AesKeyError } from './aes.js';
export type { ConfirmedResult, ConfirmOptions } from './confirmCheck.js';
export type { CorsOptions, CorsSetting } from './cors.js';
export type { ServerErrorCode } from './errors.js';
export { isOneTapServerError, OneTapServerError, SERVER_ERRORS } from './errors.js';
export type { FetchHandler, NodeHandler } from './nodeAdapter.js';
export { toNodeHandler } from './nodeAdapter.js';
export type { RedisCommandsLike, RedisTokenStoreOptions } from './redisTokenStore.js';
export { redisTokenStore } from './redisTokenStore.js';
export type { BuildSignInput, SignParams } from './signCodec.js';
export { SignOpenError, signPlaintext } from './signCodec.js';
export type { SignHandler, SignHandlerOptions } from './signEndpoint.js';
export type { SignFailureFields, SignHandlerLogger } from './signFailureLog.js';
export type { TokenClient, TokenClientOptions } from './tokenClient.js';
export { createTokenClient, DEFAULT_TOKEN_KEY, requestToken } from './tokenClient.js';
export type { MemoryTokenStoreOptions, TokenEntry, TokenStore } from './tokenStore.js';
export { memoryTokenStore } from './tokenStore.js';
