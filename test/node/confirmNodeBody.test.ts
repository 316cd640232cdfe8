import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmHandler } from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';

// The confirm route under `.node` reads a body no further than its 2 KB cap: a client that
// sends more, and keeps the request open, is answered 413 at once, not read up to 64 KB first.
let port: number;
const server = createServer(
  createConfirmHandler({
    appId: 'app',
    aesKey: 'Qw3rTy7uI9oP1aS5',
    baseUrl: 'https://yuefu.invalid/getphone',
    store: memoryTokenStore(),
    onConfirmed: async () => new Response('never'),
  }).node,
);
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

/** Sends `head` and `body`, never ends the request, and resolves with what the server answers. */
function openRequest(head: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head + body));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\r\n\r\n') && text.includes('}')) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
}

const HEAD = [
  'POST /confirm HTTP/1.1',
  'Host: shop.test',
  'Content-Type: application/json',
  'Sec-Fetch-Site: same-origin',
].join('\r\n');

describe('createConfirmHandler(...).node and a body over 2 KB', () => {
  it('answers 413 while a chunked body is still coming, after reading just past 2 KB', async () => {
    const chunk = 'x'.repeat(3000);
    const answer = await openRequest(
      `${HEAD}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      `${chunk.length.toString(16)}\r\n${chunk}\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"code":"BODY_TOO_LARGE"');
    expect(answer).toContain('The body is over 2 KB'); // the route's own words, not the adapter's
  });

  it('answers 413 to a Content-Length of 64 KB without waiting for the body', async () => {
    const answer = await openRequest(`${HEAD}\r\nContent-Length: 65536\r\n\r\n`, '{"sign":"');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('still refuses another site first, whatever the body', async () => {
    const answer = await openRequest(
      `${HEAD.replace('same-origin', 'cross-site')}\r\nContent-Length: 65536\r\n\r\n`,
      'x'.repeat(3000),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
  });
});

describe('a body that stalls', () => {
  it('is answered 408 once its read time is up, and the connection closed', async () => {
    const { toCappedNodeHandler } = await import('../../src/server/http/nodeAdapter');
    const stalling = createServer(toCappedNodeHandler(async () => new Response('read'), 2048, 300));
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const { port: stallPort } = stalling.address() as AddressInfo;
        const socket = connect(stallPort, '127.0.0.1', () =>
          socket.write(`${HEAD}\r\nContent-Length: 100\r\n\r\n{"si`),
        );
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('close', () => resolve(text)); // closed by the server: the client never ends
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
    } finally {
      stalling.closeAllConnections();
      await new Promise((resolve) => stalling.close(resolve));
    }
  });
});
