// The `one-tap-phone/core` entry: the flow with no React, for any framework, Node or a worker.
// A plain list of public names: protocol parsing and the sign helpers stay internal (tests
// import them from their source files), so they can change without a breaking release.
export type { Carrier } from './carrier.js';
export { carrierOf } from './carrier.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type { EnvironmentInfo } from './environment.js';
export type { Locale, OneTapErrorCode, OneTapErrorDetails } from './errors.js';
export { isOneTapError, ONE_TAP_ERRORS, OneTapError } from './errors.js';
export type { GetPhoneNumberOptions } from './getPhoneNumber.js';
export { getPhoneNumber } from './getPhoneNumber.js';
export type { Transport, TransportRequest } from './jsonp.js';
export { jsonpTransport } from './jsonp.js';
export type { OneTapOptions } from './options.js';
export { DEFAULT_BASE_URL } from './protocol.js';
export { DEFAULT_POLL_DELAYS, DEFAULT_TIMEOUTS } from './schedule.js';
export type { GetSign, SignContext, SignReason } from './signFetch.js';
export type { OneTapResult, OneTapState, OneTapStatus, OneTapSuccess } from './state.js';
export { isLookingUp } from './state.js';
export type { OneTapListener, OneTapStore } from './store.js';
export { createOneTapStore } from './store.js';
export type { OneTapEvent } from './telemetry.js';
export type { Agreement } from './terms.js';
export { CARRIER_TERMS } from './terms.js';
