import { sameSiteJson } from '@/lib/http';
import { rememberedOf, sessionOf } from '@/lib/session';

// POST → 204: the session ends and this browser forgets the account: one-tap here is NO_ACCOUNT.
export async function POST(request: Request) {
  const body = await sameSiteJson(request);
  if (body instanceof Response) return body;
  const response = new Response(null, { status: 204 });
  (await sessionOf(request, response)).destroy();
  (await rememberedOf(request, response)).destroy();
  return response;
}
