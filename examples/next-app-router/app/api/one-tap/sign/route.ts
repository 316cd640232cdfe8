import { BINDING_COOKIE, bindingOf, signHandler } from '@/lib/oneTap';

// GET ?appId=… answers { sign } (no-store): what <OneTapLogin signUrl> fetches before the tap.
// The sign is bound to this browser's binding cookie, set here on its first visit.
export async function GET(request: Request) {
  const id = bindingOf(request) ?? crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set('cookie', `${BINDING_COOKIE}=${id}`); // the handler binds the sign to the id the browser keeps
  const response = await signHandler(new Request(request.url, { headers }));
  response.headers.append('set-cookie', `${BINDING_COOKIE}=${id}; HttpOnly; Secure; SameSite=Lax; Path=/`);
  return response;
}
