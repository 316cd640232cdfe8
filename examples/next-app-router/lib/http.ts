// What every state-changing route of this app (SMS, log out, forget) shares: JSON from this
// site's own pages only, and errors as { error: { code, message } }, like one-tap-phone's routes.
import 'server-only';

/** Answers `status` with a fixed code and message: never a detail of what failed. */
export const fail = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store' } });

export const RATE_LIMITED = () => fail(429, 'RATE_LIMITED', 'Too many attempts: wait a moment.');

const MAX_BODY = 2048;

/**
 * The JSON body of a request from this site's own pages, or the Response refusing it: another
 * site's (Sec-Fetch-Site, which browsers set and pages cannot), a body that is not JSON (a
 * cross-site form cannot send one without a preflight), one over 2 KB.
 */
export async function sameSiteJson(request: Request): Promise<Record<string, unknown> | Response> {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin')
    return fail(403, 'CROSS_SITE', 'Only this site’s pages may call this route.');
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? ''))
    return fail(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON.');
  const text = await request.text();
  if (text.length > MAX_BODY) return fail(413, 'BODY_TOO_LARGE', 'The body is too large.');
  try {
    const body: unknown = JSON.parse(text || '{}');
    if (typeof body === 'object' && body !== null) return body as Record<string, unknown>;
  } catch {}
  return fail(400, 'BAD_REQUEST', 'Send a JSON object.');
}
