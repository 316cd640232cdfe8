import { MutationObserver, type QueryClient } from '@tanstack/react-query';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import { precheckFor } from '../core/environment.js';
import { isOneTapError, type OneTapError } from '../core/errors.js';
import { getPhoneNumber } from '../core/flow.js';
import { type GetSign, type SignReason, signGetterFor } from '../core/sign.js';
import type { OneTapResult, OneTapState } from '../core/state.js';
import { mergeConfig, type OneTapConfig, SIGN_STALE_MS, signQueryKey } from './config.js';
import { OneTapContext, useResolvedQueryClient } from './OneTapPhoneProvider.js';

export interface UseOneTapPhoneOptions extends OneTapConfig {
  /** Called with `{ phone, par, sign }`; always the latest function passed. */
  onSuccess?: ((result: OneTapResult) => void) | undefined;
  /** Called with the OneTapError of a failed flow (not for a cancel); always the latest. */
  onError?: ((error: OneTapError) => void) | undefined;
}

type Idle = { phone: undefined; par: undefined; sign: undefined; error: undefined };

/** The hook's state: flat fields, typed as a union on `status`. */
export type OneTapPhoneState =
  | ({ status: 'idle' | 'requesting'; attempt: 0; attempts: number } & Idle)
  | ({ status: 'signing'; reason: SignReason; attempt: 0; attempts: number } & Idle)
  | ({ status: 'polling'; attempt: number; attempts: number } & Idle)
  | ({ status: 'success'; attempt: number; attempts: number; error: undefined } & OneTapResult)
  | ({ status: 'error'; attempt: number; attempts: number; error: OneTapError } & Omit<Idle, 'error'>);

export type UseOneTapPhoneResult = OneTapPhoneState & {
  /** True from the tap until success or error. */
  isRunning: boolean;
  /** Starts a flow; ignored while one runs (a double tap starts one flow). */
  start(): void;
  /** Cancels the running flow; it ends in an ABORTED error state. */
  cancel(): void;
  /** Cancels any flow and returns to idle. */
  reset(): void;
  /** The configuration in force (provider merged with options). */
  config: OneTapConfig;
};

const IDLE: OneTapPhoneState = {
  status: 'idle',
  attempt: 0,
  attempts: 0,
  phone: undefined,
  par: undefined,
  sign: undefined,
  error: undefined,
};

/** The hook's flat state after the core's next one: a new flow starts from zero attempts, an
 * outcome keeps the last attempt. */
function advance(previous: OneTapPhoneState, next: OneTapState): OneTapPhoneState {
  const fresh = next.status === 'signing' && next.reason === 'initial';
  const ended = next.status === 'success' || next.status === 'error';
  return {
    ...IDLE,
    attempts: fresh ? 0 : previous.attempts,
    attempt: ended ? previous.attempt : 0,
    ...next,
  } as OneTapPhoneState;
}

/** The sign as a react-query query (one cached sign per app and endpoint), for a first sign. */
const signQuery = (config: OneTapConfig, getSign: GetSign) => ({
  queryKey: signQueryKey(config),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    getSign({ appId: config.appId ?? '', reason: 'initial', signal }),
  staleTime: SIGN_STALE_MS,
  retry: false, // the flow has its own retries; an app client's defaults must not add more
});

/**
 * The flow's sign source: the first sign comes from the query cache (prefetched). A sign serves
 * one flow, so it leaves the cache once used; the one after resCode 2 skips the cache.
 */
function cachedSign(client: QueryClient, config: OneTapConfig, getSign: GetSign): GetSign {
  const query = signQuery(config, getSign);
  return async (context) => {
    try {
      return context.reason === 'initial' ? await client.fetchQuery(query) : await getSign(context);
    } finally {
      client.removeQueries({ queryKey: query.queryKey, exact: true });
    }
  };
}

/**
 * Fetches a sign ahead of the tap, so that the tap goes straight to getphone; never where a
 * pre-check already says the flow cannot work (Wi-Fi, mixed content), and not when turned off.
 */
function prefetchSign(client: QueryClient, config: OneTapConfig): void {
  const getSign = signGetterFor(config);
  if (getSign && config.prefetchSign !== false && !precheckFor(config)) {
    void client.prefetchQuery(signQuery(config, getSign));
  }
}

/**
 * The one-tap flow as a hook: a sign query (prefetched on mount) and a tap mutation on
 * react-query, progress from the core's reducer, cancelled on unmount.
 */
export function useOneTapPhone(options: UseOneTapPhoneOptions = {}): UseOneTapPhoneResult {
  const context = useContext(OneTapContext);
  const { onSuccess, onError, ...own } = options;
  const config = mergeConfig(context?.config, own);
  const client = useResolvedQueryClient(own.queryClient ?? context?.queryClient);

  const latest = useRef({ config, onSuccess, onError });
  useEffect(() => {
    latest.current = { config, onSuccess, onError };
  });

  const [state, setState] = useState(IDLE);
  const running = useRef<AbortController | null>(null);

  // The tap, as a mutation: visible in the devtools, callbacks from the latest render. The
  // observer is not subscribed, so its own status changes cause no extra renders.
  const actions = useMemo(() => {
    const observer = new MutationObserver<OneTapResult, unknown, AbortController>(client, {
      mutationKey: ['one-tap-phone', 'tap'],
      retry: false,
      mutationFn: (controller) => {
        const current = latest.current.config;
        const getSign = signGetterFor(current);
        return getPhoneNumber(
          {
            ...current,
            appId: current.appId ?? '',
            getSign: getSign && cachedSign(client, current, getSign),
          },
          {
            signal: controller.signal,
            onProgress: (next) => {
              if (running.current === controller) setState((previous) => advance(previous, next));
            },
          },
        );
      },
      onSuccess: (result) => latest.current.onSuccess?.(result),
      onError: (error) => {
        if (isOneTapError(error, 'ABORTED')) return;
        prefetchSign(client, latest.current.config); // a retry is likely: have its sign ready
        latest.current.onError?.(error as OneTapError); // the flow rejects with nothing else
      },
    });
    const stop = () => {
      running.current?.abort();
      running.current = null;
    };
    return {
      observer,
      start() {
        if (running.current) return;
        const controller = new AbortController();
        running.current = controller;
        observer
          .mutate(controller)
          .catch(() => undefined)
          .finally(() => {
            if (running.current === controller) running.current = null;
          });
      },
      cancel: () => running.current?.abort(),
      reset() {
        stop();
        setState(IDLE);
      },
      stop,
    };
  }, [client]);

  // Prefetch on mount, and again when the app or the sign endpoint changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key's parts are the dependencies; the array is new every render
  useEffect(
    () => prefetchSign(client, latest.current.config),
    [client, config.prefetchSign, ...signQueryKey(config)],
  );

  // Unmount cancels the flow; a StrictMode remount starts nothing by itself.
  useEffect(
    () => () => {
      actions.stop();
      actions.observer.reset(); // lets the finished mutation be garbage-collected
    },
    [actions],
  );

  const { start, cancel, reset } = actions;
  const { status } = state;
  return {
    ...state,
    isRunning: status !== 'idle' && status !== 'success' && status !== 'error',
    start,
    cancel,
    reset,
    config,
  };
}
