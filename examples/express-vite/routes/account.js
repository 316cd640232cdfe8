// The signed-in side: who is logged in, log out (this browser stays remembered, so one-tap logs
// the same account in again), and forget this browser (one-tap names no account here any more).
import { Router } from 'express';
import { accountById, masked } from '../lib/accounts.js';
import { fail, sameSiteJson } from '../lib/http.js';
import { rememberedOf, sessionOf } from '../lib/session.js';

export const accountRoutes = Router();

accountRoutes.get('/api/me', async (req, res) => {
  const { accountId } = await sessionOf(req, res);
  const account = accountId && (await accountById(accountId));
  res.set('cache-control', 'no-store');
  if (!account) return fail(res, 401, 'NOT_LOGGED_IN', 'Log in first.');
  res.json({ account: { phone: masked(account.phone) } });
});

accountRoutes.post('/api/logout', sameSiteJson, async (req, res) => {
  (await sessionOf(req, res)).destroy();
  res.status(204).end();
});

accountRoutes.post('/api/forget', sameSiteJson, async (req, res) => {
  (await sessionOf(req, res)).destroy();
  (await rememberedOf(req, res)).destroy();
  res.status(204).end();
});
