import jsonp from 'jsonp';
import { abortError, onAbort, throwIfAborted } from './abort.js';
import { type Clock, systemClock } from './clock.js';
import { type OneTapError, oneTapError } from './errors.js';

export interface TransportRequest {
  url: string;
  /** Rejects with TIMEOUT when nothing has answered after this long. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  clock?: Clock | undefined;
}

/** Loads `url` and resolves with what the provider passed to the callback. */
export type Transport = (request: TransportRequest) => Promise<unknown>;

// A callback's global outlives its request until the script is done with it (see below); past
// this many such leftovers the oldest goes, so `window` stays bounded whatever the network does.
const MAX_LEFTOVER_CALLBACKS = 32;

let sequence = 0;
const session = Math.random().toString(36).slice(2, 8);
const leftovers = new Set<string>();

function forgetCallback(name: string): void {
  delete (globalThis as unknown as Record<string, unknown>)[name];
  leftovers.delete(name);
}

/** How many callback globals are still waiting for their script; for leak tests. */
export function pendingJsonpCallbacks(): number {
  return leftovers.size;
}

/**
 * JSONP on the `jsonp` package, with its gaps closed: a script that fails to load is a
 * NETWORK error as soon as the browser says so, a script that runs without calling back is a
 * BAD_RESPONSE as soon as it has run, the timeout and cancellation are ours, callback names are
 * unique per request, and neither `<script>` elements nor globals pile up.
 */
export const jsonpTransport: Transport = ({ url, timeoutMs, signal, clock = systemClock }) =>
  new Promise((resolve, reject) => {
    throwIfAborted(signal);
    const name = `__oneTapPhone_${session}_${(sequence++).toString(36)}`;
    let settled = false;
    const settle = (error?: OneTapError, data?: unknown) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      unsubscribe();
      // `jsonp` removes the script and leaves `window[name] = noop`, so that a late answer is
      // harmless. That noop waits here, bounded, until the script's load or error retires it.
      cancel();
      leftovers.add(name);
      for (const oldest of leftovers) if (leftovers.size > MAX_LEFTOVER_CALLBACKS) forgetCallback(oldest);
      if (error) reject(error);
      else resolve(data);
    };

    // `timeout: 0` switches the package's own timer off; ours is injectable and typed.
    const cancel = jsonp(url, { name, timeout: 0 }, (error, data) => error || settle(undefined, data));
    const script = document.querySelector(`script[src$="=${name}"]`);
    // The load event comes after the script ran: no callback by then means it never will.
    // Both events fire on a removed script too, so they retire its callback's global.
    const onScriptEnd = (event: Event) => {
      settle(
        event.type === 'load'
          ? oneTapError('BAD_RESPONSE', 'the script ran without calling back')
          : oneTapError('NETWORK', `the script from ${/^\w+:\/\/([^/?#]+)/.exec(url)?.[1]} failed to load`),
      );
      forgetCallback(name);
    };
    script?.addEventListener('load', onScriptEnd, { once: true });
    script?.addEventListener('error', onScriptEnd, { once: true });
    const unsubscribe = onAbort(signal, () => settle(abortError(signal as AbortSignal)));
    const timer = clock.setTimeout(
      () => settle(oneTapError('TIMEOUT', `no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
