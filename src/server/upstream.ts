// How the server reaches Yuefu. Every wait and deadline of the server helpers runs on the
// injected Clock, so that a test on fake time, or a partner's own clock, moves tokens, locks and
// timeouts together: one clock. And the one warning about the way there: over plain http: an
// on-path attacker reads tokens and signs and rewrites answers (a resCode 3 turned into resCode 0
// with a number of its choosing, which confirmResult would log in on). Said once per process and
// URL, where a handler, a token client or a confirm is made, through the partner's logger.
import type { Clock } from '../core/clock.js';
import { DEFAULT_BASE_URL } from '../core/protocol.js';

/**
 * A signal that aborts after `ms` on `clock` with a `TimeoutError`, as `AbortSignal.timeout`
 * would (fetch rejects with that reason); `dispose()` clears the timer once the work is done.
 */
export function timeoutSignal(ms: number, clock: Clock): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handle = clock.setTimeout(
    () => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')),
    ms,
  );
  return { signal: controller.signal, dispose: () => clock.clearTimeout(handle) };
}

/** Lets a process exit with a timer still pending (a keep-fresh loop, a lock's expiry). */
export function unref(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}

/** What the warning is said through: `console` and pino fit. */
export interface TransportLogger {
  warn?(message: string): void;
}

const warned = new Set<string>();

/** Loopback: the mock, a test provider, a local tunnel; no network path to attack. */
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The warning's text for `url` (an http: provider URL). */
function plainHttpWarning(url: URL): string {
  return (
    `one-tap-phone: Yuefu is reached over plain http (${url.origin}${url.pathname}). Anyone on the ` +
    'network path between this server and Yuefu can read the token and every sign, and rewrite ' +
    "Yuefu's answers: turn a refused lookup into resCode 0 with a number of their choosing, which " +
    'confirmResult then accepts as a login. Ask Yuefu for an https: address and pass it as baseUrl, ' +
    'or reach Yuefu over a private line or VPN.'
  );
}

/**
 * Warns once per process and URL when `baseUrl` (the default included) is http: and not
 * loopback: through `logger.warn`, else as a process warning where there is a process.
 */
export function warnIfPlainHttp(baseUrl: string | undefined, logger: TransportLogger | undefined): void {
  let url: URL;
  try {
    url = new URL(baseUrl ?? DEFAULT_BASE_URL);
  } catch {
    return; // a malformed baseUrl fails where it is used, naming itself
  }
  if (url.protocol !== 'http:' || LOOPBACK.test(url.hostname)) return;
  const key = `${url.origin}${url.pathname}`;
  if (warned.has(key)) return;
  warned.add(key);
  const message = plainHttpWarning(url);
  if (logger?.warn) logger.warn(message);
  else
    (
      globalThis as { process?: { emitWarning?(message: string, type: string): void } }
    ).process?.emitWarning?.(message, 'OneTapPhoneWarning');
}
