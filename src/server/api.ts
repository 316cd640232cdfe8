// `one-tap-phone/server`'s names that are the same whichever AES backend an entry binds: both
// entries (./index.ts, ./node.ts) re-export this list and add the five functions of ./bind.ts.
// A plain list, so a name is public only by being written here.
export type { Carrier } from '../core/carrier.js';
export type { Clock } from '../core/clock.js';
export { isOneTapError, OneTapError } from '../core/errors.js';
export type { AccountLookup, ConfirmAccount } from './account.js';
export { maskMatches } from './account.js';
export type {
  AccountConfirmHandlerOptions,
  ConfirmHandler,
  ConfirmHandlerOptions,
} from './confirmHandler.js';
export type { ConfirmedResult, ConfirmOptions } from './confirmResult.js';
export type { BuildSignInput, SignParams } from './crypto/signCodec.js';
export { SignOpenError, signPlaintext } from './crypto/signCodec.js';
export type { ServerErrorCode } from './errors.js';
export { AesKeyError, isOneTapServerError, OneTapServerError, SERVER_ERRORS } from './errors.js';
export type { EventsHandler, EventsHandlerOptions } from './eventsHandler.js';
export { createEventsHandler } from './eventsHandler.js';
export type { CorsOptions, CorsSetting } from './http/cors.js';
export type {
  LimitKind,
  RequestBinding,
  RequestLimit,
  SignFailureFields,
  SignHandlerLogger,
} from './http/hooks.js';
export type { FetchHandler, NodeHandler } from './http/nodeAdapter.js';
export { toNodeHandler } from './http/nodeAdapter.js';
export type { SignHandler, SignHandlerOptions } from './http/signHandler.js';
export type { IORedisLike, RedisClientLike, RedisCommandAdapter } from './tokens/redisClients.js';
export type { RedisCommandsLike, RedisTokenStoreOptions } from './tokens/redisTokenStore.js';
export { redisTokenStore } from './tokens/redisTokenStore.js';
export type { TokenClient, TokenClientOptions } from './tokens/tokenClient.js';
export { createTokenClient, DEFAULT_TOKEN_KEY, requestToken } from './tokens/tokenClient.js';
export type { MemoryTokenStoreOptions, TokenEntry, TokenStore } from './tokens/tokenStore.js';
export { memoryTokenStore } from './tokens/tokenStore.js';
export type { TransportLogger } from './upstream.js';
