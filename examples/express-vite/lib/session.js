// Two sealed cookies made by iron-session (encrypted and signed with SESSION_SECRET; nothing
// hand-rolled): the session, which says who is logged in now, and the remembered account, which
// names the account this browser proved by SMS and outlives every logout, so that one-tap can
// log that account in again. Both HttpOnly: no script on the page reads or sets them.
import { getIronSession } from 'iron-session';

function secret() {
  const value = process.env.SESSION_SECRET;
  if (!value || value.length < 32)
    throw new Error('SESSION_SECRET must be set to at least 32 random characters: see .env.example');
  return value;
}
const password = secret();

// __Host-: only this host, Path=/, Secure (browsers allow Secure on http://localhost).
const cookieOptions = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' };

/** Who is logged in: 8 hours. */
const SESSION = { cookieName: '__Host-session', password, ttl: 8 * 3600, cookieOptions };

/** The account this browser proved: 180 days, kept through logouts, dropped by "forget this browser". */
const REMEMBERED = { cookieName: '__Host-remembered', password, ttl: 180 * 24 * 3600, cookieOptions };

/**
 * @typedef {{ accountId?: string }} Sealed
 * @param {import('node:http').IncomingMessage | Request} req
 * @param {import('node:http').ServerResponse | Response} res
 * @returns {Promise<import('iron-session').IronSession<Sealed>>}
 */
export const sessionOf = (req, res) => getIronSession(req, res, SESSION);

/** @returns {Promise<import('iron-session').IronSession<Sealed>>} */
export const rememberedOf = (req, res) => getIronSession(req, res, REMEMBERED);

/**
 * The remembered account's id in a Fetch request, read only: the confirm route's `account` hook.
 * A cookie that does not unseal (another secret, tampered, expired) names nothing.
 */
export async function rememberedAccountId(request) {
  // A response that is never sent: iron-session writes cookies to one only on save().
  return (await rememberedOf(request, new Response())).accountId;
}

/** Logs `accountId` in on `res`, and remembers it on this browser. */
export async function logIn(req, res, accountId) {
  const session = await sessionOf(req, res);
  session.accountId = accountId;
  await session.save();
  const remembered = await rememberedOf(req, res);
  remembered.accountId = accountId;
  await remembered.save();
}
