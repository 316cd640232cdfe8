/**
 * Default wait before each `query`, in ms, counted from the previous answer (the first from
 * getphone's). Six queries, as many as the provider's plugin sends, front-loaded: most
 * carriers resolve within a second, so the first query goes at 300 ms rather than the
 * plugin's 1000 ms, and the gaps widen to still cover about six seconds for slow carriers.
 * Cumulative, before round trips: 300, 700, 1200, 1900, 2900, 4900.
 */
export const DEFAULT_POLL_DELAYS: readonly number[] = [300, 400, 500, 700, 1000, 2000];

/** Defaults of the flow's other clocks, in ms. */
export const DEFAULT_TIMEOUTS = {
  /** One JSONP request (getphone or query). */
  requestTimeoutMs: 5_000,
  /** The partner's sign endpoint or `getSign`. */
  signTimeoutMs: 8_000,
  /** The whole flow, from the tap to a number or an error. */
  deadlineMs: 20_000,
} as const;
