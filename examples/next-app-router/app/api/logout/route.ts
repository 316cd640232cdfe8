import { sameSiteJson } from '@/lib/http';
import { sessionOf } from '@/lib/session';

// POST → 204: the session ends; this browser stays remembered, so one-tap logs the account in again.
export async function POST(request: Request) {
  const body = await sameSiteJson(request);
  if (body instanceof Response) return body;
  const response = new Response(null, { status: 204 });
  (await sessionOf(request, response)).destroy();
  return response;
}
