// The partner's server, one module per concern: the one-tap routes (routes/oneTap.js), the SMS
// login (routes/sms.js), the signed-in side (routes/account.js), and the Vite build; metrics
// for Prometheus from otel.js, on a port of their own.
import './otel.js';
import { join } from 'node:path';
import express from 'express';
import { fail } from './lib/http.js';
import { accountRoutes } from './routes/account.js';
import { oneTapRoutes } from './routes/oneTap.js';
import { smsRoutes } from './routes/sms.js';

const app = express();
app.disable('x-powered-by');
app.use(oneTapRoutes);
app.use(smsRoutes);
app.use(accountRoutes);

// The page is one Vite build; its router picks the view from the path.
const dist = join(import.meta.dirname, 'dist');
app.use(express.static(dist, { index: false }));
app.get(['/', '/login', '/login/sms'], (_req, res) => res.sendFile(join(dist, 'index.html')));

// A failure the routes did not answer (Redis down for the SMS routes): logged, a fixed answer.
app.use((error, _req, res, _next) => {
  console.error(`${error.name}: ${error.message}`);
  const status = error.status ?? 500;
  fail(
    res,
    status,
    status === 413 ? 'BODY_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL',
    'The request failed.',
  );
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? 'localhost';
const server = app.listen(port, host, (error) => {
  if (error) throw error;
  console.log(`listening on http://${host}:${server.address().port}`); // PORT=0: a free one
});
