import { accountForPhone, masked } from '@/lib/accounts';
import { fail, RATE_LIMITED, sameSiteJson } from '@/lib/http';
import { callerOf, spend } from '@/lib/limits';
import { logIn } from '@/lib/session';
import { isPhone, spendCode } from '@/lib/sms';

// POST { phone, code } → { account } and the session and remembered-account cookies: the number
// is proved, its account found or made, logged in and remembered on this browser.
export async function POST(request: Request) {
  const body = await sameSiteJson(request);
  if (body instanceof Response) return body;
  const { phone, code } = body;
  if (!isPhone(phone) || typeof code !== 'string')
    return fail(400, 'BAD_REQUEST', 'Send a phone and a code.');
  if (!(await spend('sms-verify', callerOf(request))) || !(await spend('sms-tries', phone)))
    return RATE_LIMITED();
  if (!(await spendCode(phone, code)))
    return fail(401, 'SMS_CODE_INVALID', 'The code is wrong, used or expired.');
  const account = await accountForPhone(phone);
  const response = Response.json(
    { account: { phone: masked(phone) } },
    { headers: { 'cache-control': 'no-store' } },
  );
  await logIn(request, response, account.id);
  return response;
}
