import { confirmHandler } from '@/lib/oneTap';

// POST { sign } → { phone, par, carrier }; anything but JSON from this site's pages is refused
// (405, 415, 403, 413, 400), a refused sign is 401 { error: { code } }, the provider down 502.
export const POST = (request: Request) => confirmHandler(request);
