import { fail, RATE_LIMITED, sameSiteJson } from '@/lib/http';
import { callerOf, spend } from '@/lib/limits';
import { isPhone, sendCode } from '@/lib/sms';

// The code on the page too, in development only: in production it reaches the phone alone.
const SHOW_CODE = process.env.NODE_ENV !== 'production';

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
