// slow-bodies: clients that open a POST to the confirm route and stop sending mid-body (a slow
// phone network, or someone doing it on purpose) must not take every worker the backend has:
// with them stalled, the sign route still answers. A fixed pool of 8 threads blocked in a read
// with no timeout fails it.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { CheckBrowser } from './browser.js';
import { CHECK_APP } from './checkMock.js';
import { bad, LIMITS, ok } from './contract.js';
import type { CheckResult } from './results.js';

const PROMISED_BYTES = 100;
/** Lets the backend take up each stalled request before the sign request queues behind them. */
const SETTLE_MS = 200;

/** A connection that sends a confirm post's headers and 4 of its 100 body bytes, then nothing. */
async function stalledPost(confirmUrl: URL): Promise<Socket | undefined> {
  const https = confirmUrl.protocol === 'https:';
  const host = confirmUrl.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(confirmUrl.port || (https ? 443 : 80));
  const socket = https ? connectTls({ host, port, servername: host }) : connect({ host, port });
  socket.on('error', () => {}); // a backend may close a stalled connection: that is its right
  socket.resume(); // and answer it (408): read and dropped
  try {
    await Promise.race([
      once(socket, https ? 'secureConnect' : 'connect'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no connection')), 2000)),
    ]);
  } catch {
    socket.destroy();
    return undefined;
  }
  socket.write(
    [
      `POST ${confirmUrl.pathname}${confirmUrl.search} HTTP/1.1`,
      `Host: ${confirmUrl.host}`,
      'Content-Type: application/json',
      `Content-Length: ${PROMISED_BYTES}`,
      `Origin: ${confirmUrl.origin}`,
      'Sec-Fetch-Site: same-origin',
      '',
      '{"si',
    ].join('\r\n'),
  );
  return socket;
}

/** Runs slow-bodies; every connection it opened is closed when it resolves. */
export async function checkSlowBodies(signUrl: string, confirmUrl: string): Promise<CheckResult> {
  const url = new URL(confirmUrl);
  const opened = await Promise.all(Array.from({ length: LIMITS.stalled }, () => stalledPost(url)));
  const sockets = opened.filter((socket): socket is Socket => socket !== undefined);
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const started = performance.now();
    const answer = await new CheckBrowser(CHECK_APP.appId).sign(signUrl, {
      timeoutMs: LIMITS.stalledWithinMs,
    });
    const ms = Math.round(performance.now() - started);
    const stalled = `with ${sockets.length} posts stalled mid-body`;
    if (answer.sign !== undefined) return ok('slow-bodies', `a sign in ${ms} ms ${stalled}`);
    return bad(
      'slow-bodies',
      answer.status === 0
        ? `${stalled}, a sign request got no answer within ${LIMITS.stalledWithinMs / 1000} s`
        : `${stalled}, a sign request got no sign: ${answer.problem}`,
    );
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}
