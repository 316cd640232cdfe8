// The `one-tap-phone/core` entry: the framework-free flow, no React. A plain list of public
// names: protocol parsing, the reducer and the sign helpers stay internal (tests import them
// from their source files), so they can change without a breaking release.
export type { EnvironmentInfo } from './environment.js';
export { detectEnvironment, precheck } from './environment.js';
export type { Locale, OneTapErrorCode, OneTapErrorDetails } from './errors.js';
export { isOneTapError, ONE_TAP_ERRORS, OneTapError } from './errors.js';
export type { OneTapOptions, RunOptions } from './flow.js';
export { getPhoneNumber } from './flow.js';
export type { Transport, TransportRequest } from './jsonp.js';
export { jsonpTransport } from './jsonp.js';
export type { Envelope, QueryOutcome, SignedParams } from './protocol.js';
export { DEFAULT_BASE_URL } from './protocol.js';
export { DEFAULT_POLL_DELAYS, DEFAULT_TIMEOUTS } from './schedule.js';
export type { GetSign, SignContext, SignReason } from './sign.js';
export type { OneTapEvent, OneTapResult, OneTapState, OneTapStatus } from './state.js';
