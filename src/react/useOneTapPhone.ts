import { MutationObserver, type QueryClient } from '@tanstack/react-query';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { detectEnvironment, precheck } from '../core/environment.js';
import { isOneTapError, OneTapError } from '../core/errors.js';
import { getPhoneNumber } from '../core/flow.js';
import { DEFAULT_BASE_URL } from '../core/protocol.js';
import { type GetSign, type SignContext, signGetterFor } from '../core/sign.js';
import { idleState, type OneTapResult, type OneTapState } from '../core/state.js';
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
  | ({ status: 'idle' | 'signing' | 'requesting'; attempt: 0; attempts: number } & Idle)
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

const NOT_CONFIGURED = () =>
  new OneTapError('SIGN_FAILED', { detail: 'no appId, or neither signUrl nor getSign, was configured' });

function flatten(state: OneTapState, attempt: number, attempts: number): OneTapPhoneState {
  const idle: Idle = { phone: undefined, par: undefined, sign: undefined, error: undefined };
  switch (state.status) {
    case 'polling':
      return { ...idle, status: 'polling', attempt: state.attempt, attempts: state.attempts };
    case 'success':
      return {
        status: 'success',
        attempt,
        attempts,
        phone: state.phone,
        par: state.par,
        sign: state.sign,
        error: undefined,
      };
    case 'error':
      return { ...idle, status: 'error', attempt, attempts, error: state.error };
    default:
      return { ...idle, status: state.status, attempt: 0, attempts };
  }
}

/** The sign as a react-query query: cached, deduplicated, prefetched; one sign per flow. */
function cachedGetSign(client: QueryClient, config: OneTapConfig): GetSign {
  const key = signQueryKey(config);
  const raw = signGetterFor(config);
  return async (context: SignContext) => {
    if (!raw) throw NOT_CONFIGURED();
    if (context.reason === 'token-expired') {
      client.removeQueries({ queryKey: key, exact: true });
      return raw(context);
    }
    const sign = await client.fetchQuery({
      queryKey: key,
      queryFn: ({ signal }) => raw({ ...context, signal }),
      staleTime: SIGN_STALE_MS,
    });
    client.removeQueries({ queryKey: key, exact: true }); // used: the next flow gets a fresh one
    return sign;
  };
}

/**
 * Fetches a sign ahead of the tap, so that the tap goes straight to getphone; never where a
 * pre-check already says the flow cannot work (Wi-Fi, mixed content), and not when turned off.
 */
function prefetchSign(client: QueryClient, config: OneTapConfig): void {
  const raw = signGetterFor(config);
  const appId = config.appId;
  if (config.prefetchSign === false || !raw || !appId) return;
  const env = { ...detectEnvironment(), ...config.environment };
  if (precheck(env, config.baseUrl ?? DEFAULT_BASE_URL, config.checkConnection ?? true)) return;
  void client.prefetchQuery({
    queryKey: signQueryKey(config),
    queryFn: ({ signal }) => raw({ appId, reason: 'initial', signal }),
    staleTime: SIGN_STALE_MS,
  });
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

  const [state, setState] = useState<OneTapState>(idleState);
  const progress = useRef({ attempt: 0, attempts: 0 });
  const running = useRef<AbortController | null>(null);

  // The tap, as a mutation: visible in the devtools, callbacks from the latest render. The
  // observer is not subscribed, so its own status changes cause no extra renders.
  const observer = useMemo(
    () =>
      new MutationObserver<OneTapResult, unknown, AbortController>(client, {
        mutationKey: ['one-tap-phone', 'tap'],
        mutationFn: (controller) => {
          const current = latest.current.config;
          const getSign = cachedGetSign(client, current);
          return getPhoneNumber(
            { ...current, appId: current.appId ?? '', getSign },
            {
              signal: controller.signal,
              onProgress: (next) => {
                if (running.current !== controller) return;
                if (next.status === 'polling')
                  progress.current = { attempt: next.attempt, attempts: next.attempts };
                setState(next);
              },
            },
          );
        },
        onSuccess: (result) => latest.current.onSuccess?.(result),
        onError: (error) => {
          if (isOneTapError(error, 'ABORTED')) return;
          prefetchSign(client, latest.current.config); // a retry is likely: have its sign ready
          latest.current.onError?.(
            isOneTapError(error) ? error : new OneTapError('BAD_RESPONSE', { cause: error }),
          );
        },
      }),
    [client],
  );

  const start = useCallback(() => {
    if (running.current) return;
    const controller = new AbortController();
    running.current = controller;
    progress.current = { attempt: 0, attempts: 0 };
    observer
      .mutate(controller)
      .catch(() => undefined)
      .finally(() => {
        if (running.current === controller) running.current = null;
      });
  }, [observer]);

  const cancel = useCallback(() => running.current?.abort(), []);
  const reset = useCallback(() => {
    const controller = running.current;
    running.current = null;
    controller?.abort();
    setState(idleState);
  }, []);

  // Prefetch on mount, and again when the app or the sign endpoint changes.
  const key = signQueryKey(config);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key's parts are the dependencies; the array is new every render
  useEffect(() => prefetchSign(client, latest.current.config), [client, config.prefetchSign, ...key]);

  // Unmount cancels the flow; a StrictMode remount starts nothing by itself.
  useEffect(
    () => () => {
      const controller = running.current;
      running.current = null;
      controller?.abort();
      observer.reset(); // lets the finished mutation be garbage-collected
    },
    [observer],
  );

  const view = flatten(state, progress.current.attempt, progress.current.attempts);
  return {
    ...view,
    isRunning: state.status === 'signing' || state.status === 'requesting' || state.status === 'polling',
    start,
    cancel,
    reset,
    config,
  };
}
