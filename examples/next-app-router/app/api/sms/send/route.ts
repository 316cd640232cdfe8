import { fail, RATE_LIMITED, sameSiteJson } from '@/lib/http';
import { callerOf, spend } from '@/lib/limits';
import { isPhone, sendCode } from '@/lib/sms';

// The code on the page too, only where SMS_CODE_ON_PAGE=1 says so (.env.example, for development):
// opt-in, so that a deploy that forgets NODE_ENV never hands anyone a number's code.
const SHOW_CODE = process.env.SMS_CODE_ON_PAGE === '1';

// POST { phone } → { sent } (and the code, in development): one code per number a minute.
export async function POST(request: Request) {
  const body = await sameSiteJson(request);
  if (body instanceof Response) return body;
  const { phone } = body;
  if (!isPhone(phone)) return fail(400, 'BAD_PHONE', 'Enter an 11-digit mobile number.');
  if (!(await spend('sms-send', callerOf(request))) || !(await spend('sms-number', phone)))
    return RATE_LIMITED();
  const code = await sendCode(phone);
  return Response.json(SHOW_CODE ? { sent: true, developmentCode: code } : { sent: true }, {
    headers: { 'cache-control': 'no-store' },
  });
}
