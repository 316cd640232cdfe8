/** The two timer functions the core uses; inject them to drive a flow with fake time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// The global object itself: `timers.setTimeout(...)` looks the function up on every call, so
// test runners that swap the globals (fake timers) are honoured, and it is called on its own
// object, as browsers require.
export const globalTimers: Timers = globalThis as unknown as Timers;
