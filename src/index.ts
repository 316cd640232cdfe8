'use client';

// The `one-tap-phone` entry: the React sign-in and the error it reports, nothing internal.
// Named re-exports, not `export *`, so a name reaches the public API only by being listed here;
// the framework-free API is `one-tap-phone/core`.
export type { Carrier } from './core/carrier.js';
export type { Locale, OneTapErrorCode, OneTapErrorDetails } from './core/errors.js';
export { isOneTapError, OneTapError } from './core/errors.js';
export type { Transport, TransportRequest } from './core/jsonp.js';
export type { OneTapOptions } from './core/options.js';
export type { GetSign, SignContext, SignReason } from './core/signFetch.js';
export type { OneTapResult, OneTapState, OneTapStatus, OneTapSuccess } from './core/state.js';
export type { OneTapEvent } from './core/telemetry.js';
export type { Agreement } from './core/terms.js';
export type { OneTapConfig } from './react/config.js';
export type { OneTapLabels } from './react/labels.js';
export type { OneTapLoginProps } from './react/OneTapLogin.js';
export { OneTapLogin } from './react/OneTapLogin.js';
export type { OneTapPhoneProviderProps } from './react/OneTapPhoneProvider.js';
export { OneTapPhoneProvider } from './react/OneTapPhoneProvider.js';
export type { UseOneTapPhoneOptions, UseOneTapPhoneResult } from './react/useOneTapPhone.js';
export { useOneTapPhone } from './react/useOneTapPhone.js';
