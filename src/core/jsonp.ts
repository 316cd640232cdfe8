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
 * NETWORK error as soon as the browser says so, one the page's Content-Security-Policy or
 * Trusted Types refused is CSP_BLOCKED at once, a script that runs without calling back is a
 * BAD_RESPONSE as soon as it has run, the timeout and cancellation are ours, callback names
 * are unique per request, and neither `<script>` elements nor globals pile up.
 */
export const jsonpTransport: Transport = ({ url, timeoutMs, signal, clock = systemClock }) =>
  new Promise((resolve, reject) => {
    throwIfAborted(signal);
    const name = `__oneTapPhone_${session}_${(sequence++).toString(36)}`;
    // What a page's policy has to allow: the provider's origin, not one request's URL.
    const origin = /^\w+:\/\/[^/?#]+/.exec(url)?.[0];
    let cancel: () => void;
    try {
      // `timeout: 0` switches the package's own timer off; ours is injectable and typed.
      cancel = jsonp(url, { name, timeout: 0 }, (error, data) => error || settle(undefined, data));
    } catch (error) {
      // jsonp assigns a string to `script.src`, the one sink it writes. Under enforced Trusted
      // Types with no policy that passes the URL the browser throws there (a TypeError, or the
      // default policy's own throw): after jsonp set the callback global, before any script.
      forgetCallback(name);
      return reject(
        oneTapError('CSP_BLOCKED', `require-trusted-types-for 'script': no policy passes ${origin}`, error),
      );
    }
    let settled = false;
    const settle = (error?: OneTapError, data?: unknown) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      unsubscribe();
      document.removeEventListener('securitypolicyviolation', onViolation);
      // `jsonp` removes the script and leaves `window[name] = noop`, so that a late answer is
      // harmless. That noop waits here, bounded, until the script's load or error retires it.
      cancel();
      leftovers.add(name);
      for (const oldest of leftovers) if (leftovers.size > MAX_LEFTOVER_CALLBACKS) forgetCallback(oldest);
      if (error) reject(error);
      else resolve(data);
    };

    const script = document.querySelector(`script[src$="=${name}"]`);
    // The load event comes after the script ran: no callback by then means it never will.
    // Both events fire on a removed script too, so they retire its callback's global. A failed
    // load's detail is the origin alone: NETWORK's message already says the script failed.
    const onScriptEnd = (event: Event) => {
      settle(
        event.type === 'load'
          ? oneTapError('BAD_RESPONSE', 'the script ran without calling back')
          : refused
            ? blocked()
            : oneTapError('NETWORK', origin),
      );
      forgetCallback(name);
    };
    script?.addEventListener('load', onScriptEnd, { once: true });
    script?.addEventListener('error', onScriptEnd, { once: true });
    // A script the policy refused fails to load too, but the browser reports why first (the
    // violation, then the error event): that is no network fault, and no later poll would load.
    // A report-only policy's violation blocks nothing, so it changes nothing here. Chromium
    // names the script's whole URL (ours: it ends in our callback's name); WebKit, every iOS
    // browser, names a cross-origin script by its origin alone, so that is ours when our script
    // then fails to load.
    let refused = false;
    const blocked = () => oneTapError('CSP_BLOCKED', `script-src does not allow ${origin}`);
    const onViolation = ({ disposition, blockedURI }: SecurityPolicyViolationEvent) => {
      if (disposition !== 'enforce') return;
      if (blockedURI.endsWith(`=${name}`)) settle(blocked());
      refused ||= blockedURI === origin;
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    const unsubscribe = onAbort(signal, () => settle(abortError(signal as AbortSignal)));
    const timer = clock.setTimeout(
      () => settle(oneTapError('TIMEOUT', `no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
