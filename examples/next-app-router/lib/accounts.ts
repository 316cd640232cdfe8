// The accounts: each keyed on the full number an SMS code proved, never on a masked one.
import 'server-only';
import { kv } from './kv';

export interface Account {
  id: string;
  /** The full number, as an SMS code proved it. */
  phone: string;
}

/** The account with this id, if it still exists. */
export async function accountById(id: string): Promise<Account | undefined> {
  const phone = await kv.get(`account:${id}`);
  return phone ? { id, phone } : undefined;
}

/**
 * The account of a number an SMS code just proved, made on its first login. Two logins of a new
 * number at once, on any instances, end in one account: the number's entry is set only if absent.
 */
export async function accountForPhone(phone: string): Promise<Account> {
  const existing = await kv.get(`phone:${phone}`);
  if (existing) return { id: existing, phone };
  const id = crypto.randomUUID();
  await kv.set(`account:${id}`, phone);
  if (await kv.set(`phone:${phone}`, id, { onlyIfAbsent: true })) return { id, phone };
  await kv.delete(`account:${id}`); // another login made it first
  return { id: (await kv.get(`phone:${phone}`)) as string, phone };
}

/** `134****8682`: what pages show of a number. */
export const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
