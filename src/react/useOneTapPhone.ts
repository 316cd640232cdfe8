import { type FunctionComponent, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { OneTapError } from '../core/errors.js';
import { checkOptions, type OneTapOptions } from '../core/options.js';
import { readyExpired } from '../core/schedule.js';
import { isLookingUp, type OneTapState, type OneTapSuccess } from '../core/state.js';
import { createOneTapStore, type OneTapStore } from '../core/store.js';
import { mergeConfig, type OneTapConfig } from './config.js';
import { useDebugTap } from './debugTap.js';
import { OneTapContext, useResolvedQueryClient } from './OneTapPhoneProvider.js';
import { cachedSign, prefetchSign, signQueryKey } from './signQuery.js';

export interface UseOneTapPhoneOptions extends OneTapConfig {
  /**
   * Called once per login with `{ phone, par, sign, carrier }`, and with `confirmUrl` the
   * route's JSON `answer` (unknown: narrow it); always the latest function passed. Without
   * `confirmUrl`, return your server's confirmation as a promise: if it rejects (or this
   * throws), the login starts over from `idle`, since a confirmed sign cannot be used again.
   */
  onSuccess?: ((result: OneTapSuccess) => unknown) | undefined;
  /** Called with the OneTapError of a failed flow (not for a cancel); always the latest. */
  onError?: ((error: OneTapError) => void) | undefined;
}

/** The store's state, as it is, and its actions. */
export type UseOneTapPhoneResult = OneTapState &
  Pick<OneTapStore, 'lookup' | 'setConsent' | 'confirm' | 'cancel' | 'reset'> & {
    /** `lookup` under the name a tap handler reads well with. */
    start: OneTapStore['lookup'];
    /** The debug panel of this hook's flows, for a custom UI: renders nothing unless `debug` is on. */
    DebugPanel: FunctionComponent;
  };

/**
 * The one-tap flow as a hook: a subscription to a store made once per component. The sign is
 * a react-query query (prefetched on mount, refetched after resCode 2); unmount cancels.
 */
export function useOneTapPhone(options: UseOneTapPhoneOptions = {}): UseOneTapPhoneResult {
  const context = useContext(OneTapContext);
  const { onSuccess, onError, ...own } = options;
  const config = mergeConfig(context?.config, own);
  checkOptions(config); // a missing appId or sign source fails here, named, not at the tap
  const client = useResolvedQueryClient(own.queryClient ?? context?.queryClient);

  const latest = useRef({ config, client, onSuccess, onError });
  useEffect(() => {
    latest.current = { config, client, onSuccess, onError };
  });

  const debug = useDebugTap(config);
  // Made once, with no side effect: the store reads the latest props when a lookup starts.
  const [store] = useState(() =>
    createOneTapStore((): OneTapOptions => {
      const { config: current, client: currentClient } = latest.current;
      const options = {
        ...current,
        appId: current.appId ?? '',
        getSign: cachedSign(currentClient, current),
      };
      return current.debug ? debug.record(options) : options;
    }),
  );
  debug.store = store;
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState);

  useEffect(
    () =>
      store.subscribe((next, previous) => {
        if (next.status === previous.status) return;
        if (next.status === 'success') {
          const { status, consent, ...result } = next; // the answer too, with confirmUrl
          // Back to the start, if the page is still on this login (not on a later one).
          const startOver = () => {
            const now = store.getState();
            if (now.status !== 'success' || now.sign !== result.sign) return;
            store.reset();
            prefetchSign(latest.current.client, latest.current.config); // the retry's sign, ready
          };
          let confirming: unknown;
          try {
            confirming = latest.current.onSuccess?.(result);
          } catch (error) {
            startOver();
            throw error; // reported by the store, as any listener's
          }
          // A rejection is the partner's answer (their server refused), not a bug: no report.
          Promise.resolve(confirming).catch(startOver);
        } else if (next.status === 'error' && next.error.code !== 'ABORTED') {
          prefetchSign(latest.current.client, latest.current.config); // a retry is likely: have its sign ready
          latest.current.onError?.(next.error);
        }
      }),
    [store],
  );

  // Prefetch on mount, and again when the app or the sign endpoint changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key's parts are the dependencies; the array is new every render
  useEffect(
    () => prefetchSign(client, latest.current.config),
    [client, config.prefetchSign, ...signQueryKey(config)],
  );

  // The back/forward cache brings a page back as it was left, timers and all: a login that
  // moved on to another page left its flow running or its sign used. Nothing of that is
  // worth showing: back to the start. A number that waited too long is looked up again.
  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      const now = store.getState();
      if (isLookingUp(now) || now.status === 'success') {
        store.reset();
        prefetchSign(latest.current.client, latest.current.config);
      } else if (now.status === 'ready' && readyExpired(now.readyAt, latest.current.config))
        void store.lookup();
    };
    addEventListener('pageshow', onShow);
    return () => removeEventListener('pageshow', onShow);
  }, [store]);

  // Unmount cancels a running lookup; a StrictMode remount starts nothing by itself.
  useEffect(() => () => store.cancel(), [store]);

  // The store's actions (lookup, setConsent, confirm, cancel, reset): closures, no `this`.
  const { getState, subscribe, ...actions } = store;
  return { ...state, ...actions, start: store.lookup, DebugPanel: debug.DebugPanel };
}
