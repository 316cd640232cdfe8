// The partner's server: the sign route the page fetches before the tap, the confirm route it
// posts the sign to after, and the Vite build.
import { join } from 'node:path';
import express from 'express';
import { isOneTapError, isOneTapServerError } from 'one-tap-phone/server';
import { confirm, signHandler } from './oneTap.js';

// The provider failed to answer, rather than answered "no": not the client's fault.
const UPSTREAM = new Set(['NETWORK', 'TIMEOUT', 'BAD_RESPONSE', 'RESULT_MALFORMED', 'STORE_UNAVAILABLE']);

const app = express();

app.get('/api/one-tap/sign', signHandler.node);

// POST { sign } → { phone, par, carrier } once the provider itself says the sign resolved:
// where a real app finds or creates the account and starts its session.
// A confirm starts a session, so a page on another site must not be able to post one (login
// CSRF): a <form> sends text/plain or form data with no CORS preflight (415 unless JSON), and
// the browser says where a request comes from (403 unless same-origin). Checked before the body
// is read; `one-tap-phone-mock check` posts both and expects them refused.
function sameOriginJsonOnly(req, res, next) {
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const foreign = site
    ? site !== 'same-origin' && site !== 'none'
    : origin !== undefined && origin !== `${req.protocol}://${req.get('host')}`;
  if (foreign) {
    res.status(403).json({ error: { code: 'CROSS_SITE', message: 'post from this site only' } });
  } else if (!req.is('application/json')) {
    res.status(415).json({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'expected application/json' } });
  } else {
    next();
  }
}

app.post('/api/one-tap/confirm', sameOriginJsonOnly, express.json({ limit: '2kb' }), async (req, res) => {
  const sign = req.body?.sign;
  if (typeof sign !== 'string' || sign.length === 0 || sign.length > 1024) {
    res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'expected a JSON body { "sign": "…" }' } });
    return;
  }
  try {
    res.set('cache-control', 'no-store').json(await confirm(sign));
  } catch (error) {
    // OneTapError: the provider's answer; OneTapServerError: confirmResult refused the sign.
    if (!isOneTapError(error) && !isOneTapServerError(error)) throw error; // Express 5 hands it to its error handler
    res
      .status(UPSTREAM.has(error.code) ? 502 : 401)
      .json({ error: { code: error.code, message: error.message } });
  }
});

app.use(express.static(join(import.meta.dirname, 'dist')));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? 'localhost';
app.listen(port, host, (error) => {
  if (error) throw error;
  console.log(`listening on http://${host}:${port}`);
});
