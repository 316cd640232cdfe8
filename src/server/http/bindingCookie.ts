// The binding cookie the library makes itself (`bindingCookie`): the sign handler mints a fresh
// random id for every sign, binds the sign to it and sets it as an HttpOnly cookie; the confirm
// handler reads it back. A partner who wrote that code by hand bound signs to a cookie the
// request brought, which a script on the page can plant, and the sign handler could no longer see
// the binding a token-expired report brought (it saw the new id). Never logged.

import { isOneTapServerError } from '../errors.js';

/** A cookie name as RFC 6265 allows one (a token): anything else could split the header. */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** How long the cookie lives: a sign is confirmable for 2 minutes, a lookup takes at most 20 s. */
const MAX_AGE_S = 300;

/** What either handler was given to tell the binding of a request. */
interface BindingOptions {
  binding?: unknown;
  bindingCookie?: unknown;
}

/**
 * Checks `binding` and `bindingCookie` at construction and returns the cookie's name, if any.
 * Throws a TypeError for both together (which would the sign be bound to?), a binding that is
 * no function and a cookie name that is no RFC 6265 token.
 */
export function requireBinding(options: BindingOptions, where: string): string | undefined {
  const { binding, bindingCookie } = options;
  if (binding !== undefined && bindingCookie !== undefined) {
    throw new TypeError(
      `${where}: binding and bindingCookie cannot both be given; bindingCookie makes and reads the binding itself`,
    );
  }
  if (binding !== undefined && typeof binding !== 'function') {
    throw new TypeError(`${where}: binding must be a function (request) => string | undefined`);
  }
  if (bindingCookie === undefined) return undefined;
  if (typeof bindingCookie !== 'string' || !COOKIE_NAME.test(bindingCookie)) {
    throw new TypeError(`${where}: bindingCookie must be a cookie name, such as '__Host-one-tap'`);
  }
  return bindingCookie;
}

/**
 * A fresh binding id: two random UUIDs' 244 random bits (at least 128 are asked for) as 64 hex
 * digits. randomUUID draws on a cached pool in Node, where getRandomValues per sign took a
 * fifth of the sign route's time; it is in every runtime's WebCrypto.
 */
export function freshBindingId(): string {
  return (crypto.randomUUID() + crypto.randomUUID()).replaceAll('-', '');
}

/** The Set-Cookie line for a fresh id: unreadable by the page's scripts, sent on the login's own navigation. */
export const bindingCookieLine = (name: string, id: string): string =>
  `${name}=${id}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=${MAX_AGE_S}`;

/**
 * Every value of cookie `name` in a Cookie header, in the browser's order, each once, none
 * empty. A browser sends several under one name when they differ in path or domain: a name
 * without the `__Host-` prefix can be planted by a sibling subdomain, with a longer path that
 * puts it first.
 */
export function cookieValues(header: string | null, name: string): string[] {
  const values = new Set<string>();
  for (const pair of header ? header.split(';') : []) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    const value = pair.slice(at + 1).trim();
    if (value !== '') values.add(value);
  }
  return [...values];
}

/**
 * `confirm` under each binding the request brought, in turn, while the sign is bound to
 * another: a cookie planted first must not refuse the user's own. Safe because the sign
 * handler never binds a sign to a value a request brought, and cheap: `SIGN_BOUND_ELSEWHERE`
 * is decided before anything is spent.
 */
export async function confirmUnderAny<T>(
  bindings: readonly string[],
  confirm: (binding: string | undefined) => Promise<T>,
): Promise<T> {
  const last = bindings.length - 1;
  for (let i = 0; i < last; i++) {
    try {
      return await confirm(bindings[i]);
    } catch (error) {
      if (!isOneTapServerError(error) || error.code !== 'SIGN_BOUND_ELSEWHERE') throw error;
    }
  }
  return confirm(bindings[last]);
}

/**
 * Whether a sign request may be answered with a fresh binding cookie: only the login page's
 * own `fetch()` may. A navigation (another site's `location.href`, a link, a form) or an
 * `<img>`/`<iframe>` load would store the cookie too, over the login tab's, whose confirm
 * then fails `SIGN_BOUND_ELSEWHERE`; so would a `fetch()` from a sibling subdomain. Read from
 * the `Sec-Fetch-*` headers, which no page can set; a request without them (an older browser,
 * a server-side client) is answered as before. `allowed(origin)`: the handler's `cors` list.
 */
export function mayBindCookie(
  header: (name: string) => string | null,
  allowed: (origin: string | null) => boolean,
): boolean {
  const dest = header('sec-fetch-dest');
  if (header('sec-fetch-mode') === 'navigate' || (dest !== null && dest !== 'empty')) return false;
  const site = header('sec-fetch-site');
  return (site !== 'cross-site' && site !== 'same-site') || allowed(header('origin'));
}
