import type { QueryClient } from '@tanstack/react-query';
import { precheckFor } from '../core/environment.js';
import { type GetSign, signGetterFor } from '../core/sign.js';
import type { OneTapConfig } from './config.js';

/** The sign query's key: one cached sign per app and sign endpoint. */
export const signQueryKey = (config: OneTapConfig) =>
  ['one-tap-phone', 'sign', config.appId ?? '', config.signUrl ?? (config.getSign ? 'getSign' : '')] as const;

/** A sign is good for one flow and well within its token's life: refetch one older than this. */
const SIGN_STALE_MS = 5 * 60_000;

const signQuery = (config: OneTapConfig, getSign: GetSign) => ({
  queryKey: signQueryKey(config),
  // Fetched ahead of any flow: no flowId yet.
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    getSign({ appId: config.appId ?? '', reason: 'initial', signal, flowId: '' }),
  staleTime: SIGN_STALE_MS,
  retry: false, // the store has its own retries; an app client's defaults must not add more
});

/**
 * The store's sign source, on react-query: the first sign of a flow comes from the cache
 * (prefetched), the one after resCode 2 is refetched, both visible in the devtools. A sign
 * serves one flow, so it leaves the cache once handed out.
 */
export function cachedSign(client: QueryClient, config: OneTapConfig): GetSign | undefined {
  const getSign = signGetterFor(config);
  if (!getSign) return undefined;
  const query = signQuery(config, getSign);
  return async (context) => {
    try {
      return await client.fetchQuery({
        ...query,
        queryFn: ({ signal }) => getSign({ ...context, signal }),
        ...(context.reason === 'token-expired' && { staleTime: 0 }),
      });
    } finally {
      client.removeQueries({ queryKey: query.queryKey, exact: true });
    }
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
