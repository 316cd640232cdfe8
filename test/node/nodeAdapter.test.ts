import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeHandler } from '../../src/server/http/nodeAdapter';

// Whatever a client sends, the Node adapter answers with a status; the server never throws.
let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer(
    toNodeHandler(async (req) =>
      Response.json({
        method: req.method,
        path: new URL(req.url).pathname,
        length: (await req.text()).length,
      }),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function send(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('toNodeHandler', () => {
  it('passes method, path and body through', async () => {
    const { status, body } = await send('POST', '/getphone/token?x=1', 'appId=a');
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ method: 'POST', path: '/getphone/token', length: 7 });
  });

  it('answers 405 to a method the Fetch API refuses (TRACE)', async () => {
    expect((await send('TRACE', '/')).status).toBe(405);
  });

  it('answers 413 to a body over 64 KB', async () => {
    const response = await send('POST', '/', 'x'.repeat(200 * 1024));
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'BODY_TOO_LARGE', message: 'body too large' },
    });
  });

  it('answers a Host header that is no host as if it were localhost', async () => {
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('GET /demo HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('close', () => resolve(text));
    });
    // Node passes the header on; the adapter reads the path against localhost instead.
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw).toContain('"path":"/demo"');
    expect((await send('GET', '/after')).status).toBe(200); // still serving
  });
});
