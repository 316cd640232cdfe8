// Two sealed cookies made by iron-session (encrypted and signed with SESSION_SECRET; nothing
// hand-rolled): the session, which says who is logged in now, and the remembered account, which
// names the account this browser proved by SMS and outlives every logout, so that one-tap can
// log that account in again. Both HttpOnly: no script on the page reads or sets them.
import 'server-only';
import { getIronSession, type IronSession, type SessionOptions } from 'iron-session';
import { cookies } from 'next/headers';

function secret(): string {
  const value = process.env.SESSION_SECRET;
  if (!value || value.length < 32)
    throw new Error('SESSION_SECRET must be set to at least 32 random characters: see .env.example');
  return value;
}
const password = secret();

// __Host-: only this host, Path=/, Secure (browsers allow Secure on http://localhost).
const cookieOptions = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

/** Who is logged in: 8 hours. */
const SESSION: SessionOptions = { cookieName: '__Host-session', password, ttl: 8 * 3600, cookieOptions };

/** The account this browser proved: 180 days, kept through logouts, dropped by "forget this browser". */
const REMEMBERED: SessionOptions = {
  cookieName: '__Host-remembered',
  password,
  ttl: 180 * 24 * 3600,
  cookieOptions,
};

type Sealed = { accountId?: string };

/** The session of a route handler's request; `save()` and `destroy()` write to `response`. */
export const sessionOf = (request: Request, response: Response): Promise<IronSession<Sealed>> =>
  getIronSession<Sealed>(request, response, SESSION);

export const rememberedOf = (request: Request, response: Response): Promise<IronSession<Sealed>> =>
  getIronSession<Sealed>(request, response, REMEMBERED);

/** The session of the request a server component renders, read only. */
export const pageSession = async (): Promise<IronSession<Sealed>> =>
  getIronSession<Sealed>(await cookies(), SESSION);

/**
 * The remembered account's id in a request, read only: the confirm route's `account` hook. A
 * cookie that does not unseal (another secret, tampered, expired) names nothing.
 */
export async function rememberedAccountId(request: Request): Promise<string | undefined> {
  // A response that is never sent: iron-session writes cookies to one only on save().
  return (await rememberedOf(request, new Response())).accountId;
}

/** Logs `accountId` in on `response`, and remembers it on this browser. */
export async function logIn(request: Request, response: Response, accountId: string): Promise<void> {
  const session = await sessionOf(request, response);
  session.accountId = accountId;
  await session.save();
  const remembered = await rememberedOf(request, response);
  remembered.accountId = accountId;
  await remembered.save();
}
