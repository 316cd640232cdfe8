import { type NextRequest, NextResponse } from 'next/server';

// The login page as a partner's security team ships it: a strict Content-Security-Policy with
// a fresh nonce per request (Next.js's proxy, formerly middleware). Next puts the nonce on its
// own scripts when it finds it in the request's policy; the provider's JSONP scripts, which
// one-tap-phone inserts from a nonced script, are trusted through 'strict-dynamic', so the
// provider's origin needs no listing. See the library's docs/react.md, "Content-Security-Policy".
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  // React's development build needs eval for its error overlays; production never does.
  const dev = process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : '';
  const policy = [
    "default-src 'self'", // the sign and confirm routes are same-origin fetches
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // <OneTapLogin> styles itself with style attributes, which the server renders.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // No upgrade-insecure-requests here: the mock answers on http://127.0.0.1. An https: page
    // in production has an https: baseUrl anyway (an http: one is MIXED_CONTENT), so add it.
  ].join('; ');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages only: not the API routes, Next's static files, or link prefetches.
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
