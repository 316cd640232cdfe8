// The accounts: each keyed on the full number an SMS code proved, never on a masked one.
import { randomUUID } from 'node:crypto';
import { kv } from './kv.js';

/** @typedef {{ id: string, phone: string }} Account */

/** The account with this id, if it still exists. @returns {Promise<Account | undefined>} */
export async function accountById(id) {
  const phone = await kv.get(`account:${id}`);
  return phone ? { id, phone } : undefined;
}

/**
 * The account of a number an SMS code just proved, made on its first login. Two logins of a new
 * number at once, on any instances, end in one account: the number's entry is set only if absent.
 * @returns {Promise<Account>}
 */
export async function accountForPhone(phone) {
  const existing = await kv.get(`phone:${phone}`);
  if (existing) return { id: existing, phone };
  const id = randomUUID();
  await kv.set(`account:${id}`, phone);
  if (await kv.set(`phone:${phone}`, id, { onlyIfAbsent: true })) return { id, phone };
  await kv.delete(`account:${id}`); // another login made it first
  return { id: /** @type {string} */ (await kv.get(`phone:${phone}`)), phone };
}

/** `134****8682`: what pages show of a number. */
export const masked = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
