import { signHandler } from '@/lib/oneTap';

// GET ?appId=… answers { sign } (no-store): what <OneTapLogin signUrl> fetches before the tap.
// The handler binds each sign to a fresh random id it sets in an HttpOnly cookie (its
// `bindingCookie`), never to one the request brought; past the caller's budget, 429.
export const GET = (request: Request) => signHandler(request);
