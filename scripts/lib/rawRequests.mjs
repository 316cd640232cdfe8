// What `one-tap-phone-mock check` cannot send through fetch, sent over a raw socket to a
// backend's confirm route: a Content-Length that is not ASCII digits ('²' passes Python's
// str.isdigit(), '+12' Java's Long.parseLong), a body over the 2 KB cap, and bodies that stall,
// while a sign request must still be answered. Each answer is a status line, never a dropped
// connection; scripts/check-backends.mjs runs these after the check passed.
import { connect } from 'node:net';

const STALLED = 8; // the fixed pool of the Java example as it was: 8 stalled bodies froze it
const SIGN_WITHIN_MS = 2000;

/** Sends `head` (latin-1, as HTTP header bytes are) and `body`; resolves with the status line. */
function exchange(origin, head, body = '') {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer.split('\r\n', 1)[0] || '(the connection closed with no answer)');
    };
    socket.setTimeout(5000, done);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)]));
  });
}

const confirmHead = (origin, length) =>
  `POST /api/one-tap/confirm HTTP/1.1\r\nHost: ${new URL(origin).host}\r\n` +
  'Content-Type: application/json\r\nSec-Fetch-Site: same-origin\r\nConnection: close\r\n' +
  `Content-Length: ${length}\r\n\r\n`;

/** Throws unless every raw request gets its status; resolves with what was measured. */
export async function checkRawRequests(origin) {
  const expect = async (what, head, body, status) => {
    const line = await exchange(origin, head, body);
    if (!line.startsWith(`HTTP/1.`) || line.split(' ')[1] !== String(status))
      throw new Error(`${origin}: ${what} got "${line}", not HTTP ${status}`);
  };
  const body = '{"sign":"x"}';
  await expect('Content-Length: ² (latin-1)', confirmHead(origin, '\u00b2'), body, 400);
  await expect('Content-Length: +12', confirmHead(origin, '+12'), body, 400);
  await expect('a 3 KB body', confirmHead(origin, 3072), `{"sign":"${'A'.repeat(3060)}"}`, 413);

  const { hostname, port } = new URL(origin);
  const stalled = Array.from({ length: STALLED }, () => {
    const socket = connect(Number(port), hostname);
    socket.on('error', () => {});
    socket.write(`${confirmHead(origin, 100).replace('Connection: close\r\n', '')}{"si`);
    return socket;
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const began = performance.now();
    const response = await fetch(`${origin}/api/one-tap/sign?appId=wozhitest`, {
      signal: AbortSignal.timeout(SIGN_WITHIN_MS),
    }).catch((error) => error);
    const ms = Math.round(performance.now() - began);
    if (!(response instanceof Response))
      throw new Error(
        `${origin}: with ${STALLED} stalled confirm bodies, a sign request got no answer in ${SIGN_WITHIN_MS} ms`,
      );
    await response.arrayBuffer();
    return `bad Content-Length 400, over 2 KB 413, a sign in ${ms} ms beside ${STALLED} stalled bodies`;
  } finally {
    for (const socket of stalled) socket.destroy();
  }
}
