'use client';

// one-tap-phone: the React login. The store and the rest of the flow: one-tap-phone/core.
export type {
  Carrier,
  Locale,
  OneTapErrorCode,
  OneTapEvent,
  OneTapOptions,
  OneTapResult,
  OneTapState,
  OneTapStatus,
} from './core/index.js';
export { isOneTapError, OneTapError } from './core/index.js';
export * from './react/index.js';
