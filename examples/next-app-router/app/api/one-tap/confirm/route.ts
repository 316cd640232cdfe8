import { isOneTapError, isOneTapServerError } from 'one-tap-phone/server';
import { confirm } from '@/lib/oneTap';

const error = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

// The provider failed to answer, rather than answered "no": not the client's fault.
const UPSTREAM = new Set(['NETWORK', 'TIMEOUT', 'BAD_RESPONSE', 'RESULT_MALFORMED', 'STORE_UNAVAILABLE']);

/**
 * POST { sign } → { phone, par, carrier } once the provider itself says the sign resolved;
 * this is where a real app would find or create the account and start its session.
 */
export async function POST(request: Request) {
  const body: unknown = await request.json().catch(() => undefined);
  const sign = (body as { sign?: unknown } | undefined)?.sign;
  if (typeof sign !== 'string' || sign.length === 0 || sign.length > 1024)
    return error(400, 'BAD_REQUEST', 'expected a JSON body { "sign": "…" }');
  try {
    return Response.json(await confirm(sign), { headers: { 'cache-control': 'no-store' } });
  } catch (cause) {
    // OneTapError: the provider's answer; OneTapServerError: confirmResult refused the sign.
    if (!isOneTapError(cause) && !isOneTapServerError(cause)) throw cause;
    return error(UPSTREAM.has(cause.code) ? 502 : 401, cause.code, cause.message);
  }
}
