import { carrierOf as defaultCarrierOf } from './carrier.js';
import { systemClock } from './clock.js';
import { postConfirm } from './confirmPost.js';
import { type OneTapError, oneTapError } from './errors.js';
import { createListeners, reportError } from './listeners.js';
import { type LookupResult, lookup } from './lookup.js';
import { checkOptions, type OneTapOptions } from './options.js';
import { DEFAULT_TIMEOUTS, readyExpired } from './schedule.js';
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
   * ended in; never rejects. Throws a TypeError at once for a configuration mistake (no
   * transport outside a browser, say).
   */
  lookup(): Promise<OneTapState>;
  /**
   * Records the user's answer to the carrier's terms (the checkbox), kept until `reset()`.
   * Either answer also closes a pending request for consent (`consentRequested`).
   */
  setConsent(agreed: boolean): void;
  /**
   * The user asks to log in. From `ready` with consent: `success` (with `confirmUrl`, after
   * `confirming` and the route's answer, or `error` with its code). Without consent: stays
   * `ready` with `consentRequested: true`, so the page can ask. A `ready` number older than
   * `readyTtlMs` is looked up again first. Before a number (idle, error, or mid-lookup) it
   * looks up and then applies the same rule. Resolves with the state it ended in.
   */
  confirm(): Promise<OneTapState>;
  /** Stops a running lookup or confirm: it ends at once in an ABORTED error. No-op otherwise. */
  cancel(): void;
  /** Stops anything running, forgets the number and the consent: back to `idle`. */
  reset(): void;
}

/** A lookup, and with `confirmUrl` the confirm that follows it: one flight, cancelled as one. */
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
  const listeners = createListeners<[OneTapState, OneTapState]>();
  // The options of the latest flow (read once as it starts), and its telemetry context.
  let current = read();
  let trace: Trace; // set as each flow starts, before any phase it reports
  // What the user's consent (`state.consent`, its one record) covers: the number and carrier on
  // screen when it was given, or any number ('*') when it was given before one was shown. A
  // different number asks again.
  let consentCovers = '*';
  const shown = ({ phone, carrier }: OneTapResult) => `${phone} ${carrier}`;

  const set = (next: OneTapState) => {
    const previous = state;
    state = next;
    if (next.status !== previous.status) report(next);
    listeners.emit(next, previous);
  };

  const report = (next: OneTapState) => {
    const { clock = systemClock, onEvent } = current;
    // A status changes only in a flow, or back to idle.
    if (!onEvent || next.status === 'idle') return;
    try {
      onEvent(eventFor(next, trace, clock.now()));
    } catch (error) {
      reportError(error); // telemetry must never break a login
    }
  };

  const fail = (error: OneTapError) => set({ status: 'error', consent: state.consent, error });

  /**
   * Runs `work` as the flow: a call that joins it gets its promise, `cancel()` and `reset()`
   * abort its signal, and whatever it throws ends it in `error` unless another flow has taken
   * over. The work lets go of the flow (`flow = undefined`) before it sets its last state, so a
   * listener of that state may start the next.
   */
  const run = (confirming: boolean, work: (running: Flow) => Promise<unknown>) => {
    let done: (state: OneTapState) => void = () => undefined;
    // The promise exists before the first phase is announced, for a listener that joins it.
    const running: Flow = {
      controller: new AbortController(),
      confirm: confirming,
      promise: new Promise((resolve) => (done = resolve)),
    };
    flow = running;
    work(running)
      .catch((error) => {
        if (flow === running) {
          flow = undefined;
          fail(error);
        }
      })
      .then(() => done(state));
    return running.promise;
  };

  /** The login: `success`, after the confirm route's answer when there is a `confirmUrl`. */
  const login = async ({ phone, par, sign, carrier }: OneTapResult, consent: boolean, running: Flow) => {
    const {
      confirmUrl,
      signTimeoutMs = DEFAULT_TIMEOUTS.signTimeoutMs,
      clock = systemClock,
      fetch,
    } = current;
    const next: Extract<OneTapState, { status: 'success' }> = {
      status: 'success',
      consent,
      phone,
      par,
      sign,
      carrier,
    };
    if (confirmUrl) {
      set({ ...next, status: 'confirming' });
      next.answer = await postConfirm(
        confirmUrl,
        sign,
        running.controller.signal,
        signTimeoutMs,
        clock,
        fetch,
      );
      if (flow !== running) return;
    }
    flow = undefined;
    set(next);
  };

  /** The consent rule, applied when a number arrives. */
  const settle = (result: OneTapResult, readyAt: number, running: Flow) => {
    const consent = state.consent && (consentCovers === '*' || consentCovers === shown(result));
    if (consent) consentCovers = shown(result);
    if (current.instant || (running.confirm && consent)) return login(result, consent, running);
    flow = undefined;
    set({ status: 'ready', consent, consentRequested: running.confirm, readyAt, ...result });
  };

  const start = (confirming: boolean): Promise<OneTapState> => {
    current = read();
    checkOptions(current);
    if (!current.transport && typeof document === 'undefined') {
      throw new TypeError('one-tap-phone: JSONP needs a page; outside a browser, give a transport');
    }
    const { clock = systemClock, carrierOf = defaultCarrierOf } = current;
    trace = { flowId: newFlowId(), startedAt: clock.now(), queries: 0 };
    return run(confirming, async (running) => {
      const found: LookupResult = await lookup(
        current,
        trace.flowId,
        running.controller.signal,
        (progress) => {
          if (flow !== running) return;
          if (progress.status === 'polling') trace.queries++;
          set({ consent: state.consent, ...progress });
        },
      );
      if (flow === running)
        return settle({ ...found, carrier: carrierOf(found.phone) }, clock.now(), running);
    });
  };

  const stop = () => {
    const running = flow;
    flow = undefined;
    running?.controller.abort();
    return running;
  };

  return {
    getState: () => state,
    subscribe: listeners.subscribe,
    lookup: () => flow?.promise ?? start(false),
    setConsent(consent) {
      const next = { ...state, consent };
      consentCovers = next.status === 'ready' ? shown(next) : '*';
      // Either answer closes a request for consent; only a change is news otherwise.
      if (next.status === 'ready' && next.consentRequested) next.consentRequested = false;
      else if (state.consent === consent) return;
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
      if (readyExpired(state.readyAt, read())) return start(true);
      const ready = state;
      return run(true, (running) => login(ready, true, running));
    },
    cancel() {
      if (stop()) fail(oneTapError('ABORTED'));
    },
    reset() {
      stop();
      set({ status: 'idle', consent: false });
    },
  };
}
