/**
 * Where every part of one-tap-phone gets its time: the store's deadline and poll schedule,
 * the server's token cache, the mock's token life. Inject one to run any of them on fake time.
 */
export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// Each call looks the global up when it runs, so a test runner that swaps the globals (fake
// timers) is honoured, and the timer functions are called on the global object, as browsers
// require.
/** The real clock: `Date.now`, `setTimeout` and `clearTimeout` of the global object. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};
