import { carrierOf as defaultCarrierOf } from './carrier.js';
import { systemClock } from './clock.js';
import { oneTapError } from './errors.js';
import { jsonpTransport } from './jsonp.js';
import { type LookupResult, lookup } from './lookup.js';
import { checkOptions, type OneTapOptions } from './options.js';
import { DEFAULT_BASE_URL } from './protocol.js';
import { DEFAULT_POLL_DELAYS, DEFAULT_TIMEOUTS } from './schedule.js';
import { signGetterFor } from './sign.js';
import type { OneTapResult, OneTapState } from './state.js';
import { eventFor, newFlowId, type Trace } from './telemetry.js';

/** Called after every change, with the new state and the one before. */
export type OneTapListener = (state: OneTapState, previous: OneTapState) => void;

/** The whole one-tap flow, framework-free: read it, subscribe to it, drive it with its actions. */
export interface OneTapStore {
  getState(): OneTapState;
  /** Returns the unsubscribe. */
  subscribe(listener: OneTapListener): () => void;
  /**
   * Sign → getphone → query, ending in `ready` (or `success` with `instant`) or `error`.
   * Single flight: while a lookup runs, another call joins it. Resolves with the state it
   * ended in; never rejects.
   */
  lookup(): Promise<OneTapState>;
  /**
   * Records the user's answer to the carrier's terms (the checkbox), kept until `reset()`.
   * Either answer also closes a pending request for consent (`consentRequested`).
   */
  setConsent(agreed: boolean): void;
  /**
   * The user asks to log in. From `ready` with consent: `success`. Without consent: stays
   * `ready` with `consentRequested: true`, so the page can ask. A `ready` number older than
   * `readyTtlMs` is looked up again first. Before a number (idle, error, or mid-lookup) it
   * looks up and then applies the same rule. Resolves with the state it ended in.
   */
  confirm(): Promise<OneTapState>;
  /** Stops a running lookup: it ends at once in an ABORTED error. No-op otherwise. */
  cancel(): void;
  /** Stops anything running, forgets the number and the consent: back to `idle`. */
  reset(): void;
}

interface Flow {
  controller: AbortController;
  /** `confirm()` was called during the lookup: apply the consent rule as soon as it ends. */
  confirm: boolean;
  promise: Promise<OneTapState>;
}

/**
 * Creates the store. `options` may be a function: it is read when a lookup starts, so a
 * binding (the React hook) hands over the latest props without making a new store. Given as
 * an object, it is checked at once: a missing appId or sign source throws here.
 */
export function createOneTapStore(options: OneTapOptions | (() => OneTapOptions)): OneTapStore {
  const read = typeof options === 'function' ? options : () => options;
  if (typeof options !== 'function') checkOptions(options);
  let state: OneTapState = { status: 'idle', consent: false };
  let flow: Flow | undefined;
  const listeners = new Set<OneTapListener>();
  // The running flow's telemetry context.
  let trace: Trace = { flowId: '', startedAt: 0, queries: 0 };

  const set = (next: OneTapState) => {
    const previous = state;
    state = next;
    if (next.status !== previous.status) report(next);
    for (const listener of listeners) listener(next, previous);
  };

  const report = (next: OneTapState) => {
    const { clock = systemClock, onEvent } = read();
    if (!onEvent || !trace.flowId || next.status === 'idle') return;
    const event = eventFor(next, trace, clock.now());
    try {
      onEvent(event);
    } catch (error) {
      // Telemetry must never break a login; the partner's bug still reaches window.onerror.
      globalThis.reportError?.(error);
    }
  };

  const succeed = ({ phone, par, sign, carrier }: OneTapResult) =>
    set({ status: 'success', consent: state.consent, phone, par, sign, carrier });

  /** The consent rule, applied when the user asks to log in with a number at hand. */
  const settle = (result: OneTapResult, readyAt: number, confirming: boolean, instant: boolean) => {
    if (instant || (confirming && state.consent)) succeed(result);
    else set({ status: 'ready', consent: state.consent, consentRequested: confirming, readyAt, ...result });
  };

  const start = (confirming: boolean): Promise<OneTapState> => {
    const current = read();
    checkOptions(current);
    const { clock = systemClock, carrierOf = defaultCarrierOf, instant = false } = current;
    const controller = new AbortController();
    const getSign =
      signGetterFor(current) ??
      (() => {
        throw oneTapError('SIGN_FAILED', 'no signUrl or getSign');
      });
    trace = { flowId: newFlowId(), startedAt: clock.now(), queries: 0 };
    const running: Flow = { controller, confirm: confirming, promise: Promise.resolve(state) };
    flow = running;
    const mine = () => flow === running;
    running.promise = lookup(
      {
        appId: current.appId,
        baseUrl: current.baseUrl ?? DEFAULT_BASE_URL,
        getSign,
        transport: current.transport ?? jsonpTransport,
        pollDelays: current.pollDelays ?? DEFAULT_POLL_DELAYS,
        requestTimeoutMs: current.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs,
        signTimeoutMs: current.signTimeoutMs ?? DEFAULT_TIMEOUTS.signTimeoutMs,
        deadlineMs: current.deadlineMs ?? DEFAULT_TIMEOUTS.deadlineMs,
        checkConnection: current.checkConnection ?? true,
        environment: current.environment,
        clock,
        flowId: trace.flowId,
      },
      controller.signal,
      (progress) => {
        if (!mine()) return;
        if (progress.status === 'polling') trace.queries++;
        set({ consent: state.consent, ...progress });
      },
    ).then(
      (found: LookupResult) => {
        if (mine()) {
          flow = undefined;
          settle({ ...found, carrier: carrierOf(found.phone) }, clock.now(), running.confirm, instant);
        }
        return state;
      },
      (error) => {
        if (mine()) {
          flow = undefined;
          set({ status: 'error', consent: state.consent, error });
        }
        return state;
      },
    );
    return running.promise;
  };

  const stop = () => {
    const running = flow;
    flow = undefined;
    running?.controller.abort();
    return running;
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lookup: () => flow?.promise ?? start(false),
    setConsent(agreed) {
      // Either answer closes a request for consent; only a change is news otherwise.
      const requested = state.status === 'ready' && state.consentRequested;
      if (state.consent === agreed && !requested) return;
      const next = { ...state, consent: agreed };
      if (next.status === 'ready') next.consentRequested = false;
      set(next);
    },
    async confirm() {
      if (flow) {
        flow.confirm = true;
        return flow.promise;
      }
      if (state.status === 'success') return state;
      if (state.status !== 'ready') return start(true);
      if (!state.consent) {
        set({ ...state, consentRequested: true });
        return state;
      }
      const { clock = systemClock, readyTtlMs = 300_000 } = read();
      if (clock.now() - state.readyAt > readyTtlMs) return start(true);
      succeed(state);
      return state;
    },
    cancel() {
      if (stop()) set({ status: 'error', consent: state.consent, error: oneTapError('ABORTED') });
    },
    reset() {
      stop();
      set({ status: 'idle', consent: false });
    },
  };
}
