import jsonp from 'jsonp';
import { abortError } from './abort.js';
import { OneTapError } from './errors.js';
import { globalTimers, type Timers } from './timers.js';

export interface TransportRequest {
  url: string;
  /** Rejects with TIMEOUT when nothing has answered after this long. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  timers?: Timers | undefined;
}

/** Loads `url` and resolves with what the provider passed to the callback. */
export type Transport = (request: TransportRequest) => Promise<unknown>;

const PREFIX = '__oneTapPhone';
const CALLBACK_PARAM = 'callback';
// A callback's global outlives its request until the script is done with it (see below); past
// this many such leftovers the oldest goes, so `window` stays bounded whatever the network does.
const MAX_LEFTOVER_CALLBACKS = 32;

let sequence = 0;
const session = Math.random().toString(36).slice(2, 8);
const leftovers: string[] = [];

type CallbackHost = Record<string, unknown>;

function forgetCallback(name: string): void {
  delete (globalThis as unknown as CallbackHost)[name];
  const index = leftovers.indexOf(name);
  if (index !== -1) leftovers.splice(index, 1);
}

// After a request ends, `jsonp` leaves `window[name] = noop` so that a late answer is harmless.
// That noop can go once the script has run or failed; until then it waits here, bounded.
function retireCallback(name: string, script: HTMLScriptElement | null, scriptDone: boolean): void {
  if (script === null || scriptDone) {
    forgetCallback(name);
    return;
  }
  leftovers.push(name);
  const done = () => forgetCallback(name);
  script.addEventListener('load', done, { once: true });
  script.addEventListener('error', done, { once: true });
  while (leftovers.length > MAX_LEFTOVER_CALLBACKS) forgetCallback(leftovers[0] as string);
}

/** How many callback globals are still waiting for their script; for leak tests. */
export function pendingJsonpCallbacks(): number {
  return leftovers.length;
}

/**
 * JSONP on the `jsonp` package, with its gaps closed: a script that fails to load is a
 * NETWORK error as soon as the browser says so, a script that runs without calling back is a
 * BAD_RESPONSE as soon as it has run, the timeout and cancellation are ours, callback names are
 * unique per request, and neither `<script>` elements nor globals pile up.
 */
export const jsonpTransport: Transport = ({ url, timeoutMs, signal, timers = globalTimers }) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const name = `${PREFIX}_${session}_${(sequence++).toString(36)}`;
    let settled = false;

    const settle = (outcome: () => void, scriptDone = false) => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      script?.removeEventListener('load', onLoad);
      script?.removeEventListener('error', onError);
      cancel();
      retireCallback(name, script, scriptDone);
      outcome();
    };
    const fail = (error: OneTapError, scriptDone = false) => settle(() => reject(error), scriptDone);

    // `timeout: 0` switches the package's own timer off; ours is injectable and typed.
    const cancel = jsonp(url, { name, param: CALLBACK_PARAM, timeout: 0 }, (error, data) => {
      if (!error) settle(() => resolve(data));
    });
    const script = document.querySelector<HTMLScriptElement>(`script[src$="${CALLBACK_PARAM}=${name}"]`);
    // The load event comes after the script ran: no callback by then means it never will.
    const onLoad = () =>
      fail(new OneTapError('BAD_RESPONSE', { detail: 'the script ran without calling back' }), true);
    const onError = () => fail(new OneTapError('NETWORK', { detail: 'the script failed to load' }), true);
    const onAbort = () => fail(abortError(signal as AbortSignal));
    script?.addEventListener('load', onLoad);
    script?.addEventListener('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = timers.setTimeout(
      () => fail(new OneTapError('TIMEOUT', { detail: `no answer after ${timeoutMs} ms` })),
      timeoutMs,
    );
  });
