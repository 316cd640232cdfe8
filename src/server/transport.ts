// The one warning about how the server reaches Yuefu: over plain http: an on-path attacker
// reads tokens and signs and rewrites answers (a resCode 3 turned into resCode 0 with a number
// of its choosing, which confirmResult would log in on). Said once per process and URL, where a
// handler, a token client or a confirm is made, through the partner's logger.
import { DEFAULT_BASE_URL } from '../core/protocol.js';

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
