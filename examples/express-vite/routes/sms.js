// The SMS login: POST /api/sms/send { phone } sends a code, POST /api/sms/verify { phone, code }
// proves the number, finds or makes its account, logs it in and remembers it on this browser.
import { Router } from 'express';
import { accountForPhone, masked } from '../lib/accounts.js';
import { fail, sameSiteJson } from '../lib/http.js';
import { callerOf, spend } from '../lib/limits.js';
import { logIn } from '../lib/session.js';
import { isPhone, sendCode, spendCode } from '../lib/sms.js';

// The code on the page too, only where SMS_CODE_ON_PAGE=1 says so (.env.example, for development):
// opt-in, so that a deploy that forgets NODE_ENV never hands anyone a number's code.
const SHOW_CODE = process.env.SMS_CODE_ON_PAGE === '1';

const callerIn = (req) => callerOf(new Headers(req.headers), req.socket.remoteAddress);
const limited = (res) => fail(res, 429, 'RATE_LIMITED', 'Too many attempts: wait a moment.');

export const smsRoutes = Router();
smsRoutes.post('/api/sms/send', sameSiteJson, async (req, res) => {
  const { phone } = req.body ?? {};
  if (!isPhone(phone)) return fail(res, 400, 'BAD_PHONE', 'Enter an 11-digit mobile number.');
  if (!(await spend('sms-send', callerIn(req))) || !(await spend('sms-number', phone))) return limited(res);
  const code = await sendCode(phone);
  res
    .set('cache-control', 'no-store')
    .json(SHOW_CODE ? { sent: true, developmentCode: code } : { sent: true });
});

smsRoutes.post('/api/sms/verify', sameSiteJson, async (req, res) => {
  const { phone, code } = req.body ?? {};
  if (!isPhone(phone) || typeof code !== 'string')
    return fail(res, 400, 'BAD_REQUEST', 'Send a phone and a code.');
  if (!(await spend('sms-verify', callerIn(req))) || !(await spend('sms-tries', phone))) return limited(res);
  if (!(await spendCode(phone, code)))
    return fail(res, 401, 'SMS_CODE_INVALID', 'The code is wrong, used or expired.');
  const account = await accountForPhone(phone);
  await logIn(req, res, account.id);
  res.set('cache-control', 'no-store').json({ account: { phone: masked(phone) } });
});
