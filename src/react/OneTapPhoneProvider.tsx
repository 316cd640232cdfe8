import { QueryClient, QueryClientContext } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useState } from 'react';
import { mergeConfig, type OneTapConfig } from './config.js';

interface OneTapContextValue {
  config: OneTapConfig;
  queryClient: QueryClient;
}

export const OneTapContext = createContext<OneTapContextValue | undefined>(undefined);

/**
 * A client for trees without one. Plain: the sign query sets its own
 * `retry: false` (the store has its own retries), whatever client it runs on.
 */
const createOneTapQueryClient = (): QueryClient => new QueryClient();

/**
 * Returns the first client of: `explicit`, the app's QueryClientProvider, or one made once for
 * this component (kept across renders).
 */
export function useResolvedQueryClient(explicit: QueryClient | undefined): QueryClient {
  const appClient = useContext(QueryClientContext);
  const [own] = useState<{ client?: QueryClient }>({});
  if (explicit) return explicit;
  if (appClient) return appClient;
  own.client ??= createOneTapQueryClient();
  return own.client;
}

export interface OneTapPhoneProviderProps extends OneTapConfig {
  children?: ReactNode;
}

/**
 * Shares one configuration (and one QueryClient) with every `useOneTapPhone` and
 * `<OneTapLogin>` below it. Inside the app's own QueryClientProvider it uses that client.
 */
export function OneTapPhoneProvider({ children, queryClient, ...config }: OneTapPhoneProviderProps) {
  const client = useResolvedQueryClient(queryClient);
  const parent = useContext(OneTapContext);
  // A new value per render of the provider is fine: the flow's own state lives in the hook,
  // so the provider does not re-render while a flow runs.
  const value = { config: mergeConfig(parent?.config, config), queryClient: client };
  return <OneTapContext.Provider value={value}>{children}</OneTapContext.Provider>;
}
