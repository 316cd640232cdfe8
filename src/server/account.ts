// The rule that decides who a confirmed one-tap logs in. Yuefu answers a masked number (7 of 11
// digits) for the SIM that made the lookup, never an account: keying on the mask logs in any of
// up to 10^4 accounts that share it, and checking a number the user types against the mask is a
// takeover (an attacker's sign, looked up by the victim's SIM on any page, confirmed with the
// victim's number typed in). So one-tap logs in only the account this browser already names (a
// cookie the partner set when an SMS code proved its full number), and only if Yuefu's mask is
// that number's. Everything else is an SMS login.
import { MASKED_PHONE } from '../core/protocol.js';

/** The account a browser names: the partner's id for it and the full number it proved (SMS). */
export interface ConfirmAccount {
  id: string;
  /** The full 11-digit number, as an SMS code proved it at registration or login. */
  phone: string;
}

/**
 * Reads the account this browser names (e.g. from a sealed, HttpOnly cookie set at the last SMS
 * login), or `undefined` for none. Never a number the request carries in its body or query.
 */
export type AccountLookup = (
  request: Request,
) => ConfirmAccount | undefined | Promise<ConfirmAccount | undefined>;

/** A full mainland number as an SMS proves it: 11 digits, nothing else. */
const FULL_PHONE = /^\d{11}$/;

/**
 * Whether Yuefu's masked number (`138****5678`: 3 digits, 4 `*`, 4 digits) is `phone`'s (11
 * digits): the same first 3 and last 4. False, never a throw, for anything else on either side,
 * a mask with other marks or lengths, a number with spaces or a `+86`, a non-string: a login is
 * decided on it.
 */
export function maskMatches(masked: string, phone: string): boolean {
  if (typeof masked !== 'string' || typeof phone !== 'string') return false;
  if (!MASKED_PHONE.test(masked) || !FULL_PHONE.test(phone)) return false;
  return masked.slice(0, 3) === phone.slice(0, 3) && masked.slice(7) === phone.slice(7);
}

/** Throws a TypeError at construction for an `account` that is no function. */
export function requireAccountLookup(account: unknown, where: string): void {
  if (account !== undefined && typeof account !== 'function') {
    throw new TypeError(`${where}: account must be a function (request) => { id, phone } | undefined`);
  }
}

/**
 * What `account(request)` gave, checked: the account, or `undefined` for none (`undefined` or
 * `null`). Anything else is the partner's bug, a TypeError (answered 500 and logged), never a
 * login: an account without an id or a number must not pass as one.
 */
export function namedAccount(value: unknown): ConfirmAccount | undefined {
  if (value === undefined || value === null) return undefined;
  const { id, phone } = (typeof value === 'object' ? value : {}) as Partial<ConfirmAccount>;
  if (typeof id !== 'string' || id === '' || typeof phone !== 'string') {
    throw new TypeError(
      'createConfirmHandler: account(request) must return { id: string, phone: string } or undefined',
    );
  }
  return value as ConfirmAccount;
}
