// The partner's server: the sign route the page fetches before the tap, the confirm route it
// posts the sign to after, and the Vite build.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import express from 'express';
import { BINDING_COOKIE, confirmHandler, signHandler } from './oneTap.js';

const app = express();

// Each sign is bound to a fresh id that only this response's HttpOnly cookie carries: never to an
// id the request brought, since a script on the page can set a cookie (a __Host- one too) and an
// id it chose would let it confirm the sign elsewhere. The newest sign's cookie wins, which is
// the sign the page uses.
app.get('/api/one-tap/sign', (req, res) => {
  const id = randomUUID();
  req.headers.cookie = `${BINDING_COOKIE}=${id}`; // the handler binds the sign to this id alone
  res.setHeader('set-cookie', `${BINDING_COOKIE}=${id}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=300`);
  signHandler.node(req, res);
});

// POST { sign } → { phone, par, carrier }; anything but JSON from this site's pages is refused
// (405, 415, 403, 413, 400), a refused sign is 401 { error: { code } }, the provider down 502.
// No express.json() in front: the handler reads (and limits) the body itself.
app.post('/api/one-tap/confirm', confirmHandler.node);

app.use(express.static(join(import.meta.dirname, 'dist')));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? 'localhost';
app.listen(port, host, (error) => {
  if (error) throw error;
  console.log(`listening on http://${host}:${port}`);
});
