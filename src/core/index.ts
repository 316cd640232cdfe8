export type { EnvironmentInfo } from './environment';
export { detectEnvironment, precheck } from './environment';
export type { Locale, OneTapErrorCode, OneTapErrorDetails } from './errors';
export { isOneTapError, ONE_TAP_ERRORS, OneTapError } from './errors';
export type { OneTapOptions, RunOptions } from './flow';
export { getPhoneNumber } from './flow';
export type { Transport, TransportRequest } from './jsonp';
export { jsonpTransport, pendingJsonpCallbacks } from './jsonp';
export type { Envelope, QueryOutcome, SignedParams } from './protocol';
export {
  DEFAULT_BASE_URL,
  getphoneUrl,
  parseEnvelope,
  parseQueryResponse,
  queryUrl,
  RES_CODE,
  tokenUrl,
} from './protocol';
export { DEFAULT_POLL_DELAYS, DEFAULT_TIMEOUTS } from './schedule';
export type { GetSign, SignContext, SignReason } from './sign';
export { parseSignBody, signUrlGetter } from './sign';
export type { OneTapEvent, OneTapResult, OneTapState, OneTapStatus } from './state';
export { idleState, oneTapReducer } from './state';
export type { Timers } from './timers';
