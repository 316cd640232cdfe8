import { BINDING_COOKIE, signHandler } from '@/lib/oneTap';

// GET ?appId=… answers { sign } (no-store): what <OneTapLogin signUrl> fetches before the tap.
// Each sign is bound to a fresh id that only this response's HttpOnly cookie carries: never to an
// id the request brought, since a script on the page can set a cookie (a __Host- one too) and an
// id it chose would let it confirm the sign elsewhere. The newest sign's cookie wins, which is
// the sign the page uses.
export async function GET(request: Request) {
  const id = crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set('cookie', `${BINDING_COOKIE}=${id}`); // the handler binds the sign to this id alone
  const response = await signHandler(new Request(request.url, { headers }));
  response.headers.append(
    'set-cookie',
    `${BINDING_COOKIE}=${id}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=300`,
  );
  return response;
}
