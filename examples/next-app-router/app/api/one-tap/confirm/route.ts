import { confirmHandler } from '@/lib/oneTap';

// POST { sign } → { account } and a session, or { error: { code, message } } with a fixed
// message: 405, 415, 403, 413, 400, 429, 401 for a refused sign or account (NO_ACCOUNT,
// NUMBER_MISMATCH, SIGN_BOUND_ELSEWHERE, SIGN_USED…), 502 when the provider could not be asked.
export const POST = (request: Request) => confirmHandler(request);
