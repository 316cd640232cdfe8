import { type Clock, systemClock } from './clock.js';

/**
 * Default wait before each `query`, in ms, counted from the previous answer; the first from
 * when getphone was sent, and never before getphone has answered. Six queries at most, as
 * many as the provider's plugin sends. With a 60 ms round trip the queries go about 0.40,
 * 0.85, 1.3, 2.0, 2.75 and 5.0 s after getphone: dense where carriers mostly resolve (under a
 * second), wider after, still covering five seconds. Chosen by simulating carrier delays
 * (70% in 0.15–1 s, 30% in 1–2.7 s) to minimize the median wait past the moment the number is
 * ready while keeping queries per success under twice the plugin's; `npm run bench` measures it.
 */
export const DEFAULT_POLL_DELAYS: readonly number[] = [400, 400, 400, 650, 700, 2200];

/** Defaults of the flow's other clocks, in ms. */
export const DEFAULT_TIMEOUTS = {
  /** One request to Yuefu: the page's getphone or query, the server's token request or query. */
  requestTimeoutMs: 5_000,
  /** The partner's sign endpoint or `getSign`. */
  signTimeoutMs: 8_000,
  /** The whole flow, from the tap to a number or an error. */
  deadlineMs: 20_000,
  /**
   * How long a `ready` number may wait for the user before `confirm()` looks it up again. A
   * sign's age at confirm is at most the sign cache's 20 s + `deadlineMs` + this: 100 s, inside
   * the 120 s a partner's `confirmResult` accepts by default.
   */
  readyTtlMs: 60_000,
} as const;

/**
 * Whether a `ready` number that arrived at `readyAt` has waited past `readyTtlMs`: its sign
 * would reach the server too old, so the number is looked up again (on confirm, or when the
 * back/forward cache brings the page back).
 */
export const readyExpired = (
  readyAt: number,
  {
    clock = systemClock,
    readyTtlMs = DEFAULT_TIMEOUTS.readyTtlMs,
  }: { clock?: Clock | undefined; readyTtlMs?: number | undefined },
): boolean => clock.now() - readyAt > readyTtlMs;
