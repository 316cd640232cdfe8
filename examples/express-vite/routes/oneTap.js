// The one-tap routes, as one-tap-phone/server's handlers answer them (`.node`: no Fetch
// Request built for a sign, and no express.json() in front of the confirm route, which reads
// and caps its body itself).
import { Router } from 'express';
import { confirmHandler, eventsHandler, signHandler } from '../oneTap.js';

export const oneTapRoutes = Router();

// GET ?appId=… → { sign }, with a fresh binding cookie for every sign; 429 past the IP's budget.
oneTapRoutes.get('/api/one-tap/sign', signHandler.node);

// POST { sign } → { account } and a session, or { error: { code, message } } with a fixed
// message: 405, 415, 403, 413, 400, 429, 401 for a refused sign or account (NO_ACCOUNT,
// NUMBER_MISMATCH, SIGN_BOUND_ELSEWHERE, SIGN_USED…), 502 when the provider could not be asked.
oneTapRoutes.post('/api/one-tap/confirm', confirmHandler.node);

// POST { events } from the login page's beacon → 204; the funnel's metrics (docs/operations.md).
oneTapRoutes.post('/api/one-tap/events', eventsHandler.node);
