import type { QueryClient } from '@tanstack/react-query';
import { throwIfAborted } from '../core/abort.js';
import { precheckFor } from '../core/environment.js';
import { type GetSign, signGetterFor } from '../core/signFetch.js';
import type { OneTapConfig } from './config.js';

/** The sign query's key: one cached sign per app and sign endpoint. */
export const signQueryKey = (config: OneTapConfig) =>
  ['one-tap-phone', 'sign', config.appId ?? '', config.signUrl ?? (config.getSign ? 'getSign' : '')] as const;

/**
 * A cached sign older than this is fetched again at the tap: a partner's `confirmResult`
 * refuses a sign older than 120 s, and a sign still has the lookup and the user's time on the
 * step ahead of it (see DEFAULT_TIMEOUTS.readyTtlMs).
 */
export const SIGN_STALE_MS = 20_000;

const signQuery = (config: OneTapConfig, getSign: GetSign) => ({
  queryKey: signQueryKey(config),
  // Fetched ahead of any flow: no flowId yet.
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    getSign({ appId: config.appId ?? '', reason: 'initial', signal, flowId: '' }),
  staleTime: SIGN_STALE_MS,
  retry: false, // the store has its own retries; an app client's defaults must not add more
});

/**
 * The store's sign source, on react-query: a flow takes the cached sign (prefetched) if it is
 * fresh and nobody took it first, else fetches its own; the one after resCode 2 is always
 * fetched anew. A sign serves one flow: the first flow to have it takes it out of the cache, so
 * two flows running side by side never share one (a partner's server confirms a sign once).
 */
export function cachedSign(client: QueryClient, config: OneTapConfig): GetSign | undefined {
  const getSign = signGetterFor(config);
  if (!getSign) return undefined;
  const query = signQuery(config, getSign);
  const take = (sign: string) => {
    if (client.getQueryData(query.queryKey) !== sign) return false;
    client.removeQueries({ queryKey: query.queryKey, exact: true });
    return true;
  };
  return async (context) => {
    if (context.reason === 'initial') {
      // Shared with a prefetch in flight, or cached; with the flow's own id if it fetches now.
      const sign = await client.fetchQuery({
        ...query,
        queryFn: ({ signal }) => getSign({ ...context, signal }),
      });
      throwIfAborted(context.signal); // a cancelled flow leaves the sign to the next one
      if (take(sign)) return sign;
    }
    return getSign(context); // taken by another flow, or a re-sign: this flow's own, on its signal
  };
}

/**
 * Fetches a sign ahead of the tap, so that the tap goes straight to getphone; never where a
 * pre-check already says the flow cannot work (Wi-Fi, mixed content), and not when turned off.
 */
export function prefetchSign(client: QueryClient, config: OneTapConfig): void {
  const getSign = signGetterFor(config);
  if (getSign && config.prefetchSign !== false && !precheckFor(config)) {
    void client.prefetchQuery(signQuery(config, getSign));
  }
}
