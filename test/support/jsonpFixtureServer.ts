import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback server of JSONP answers good and bad, for testing the transport itself.
type Route = (url: URL, res: ServerResponse, req: IncomingMessage) => void;

function js(res: ServerResponse, body: string, contentType = 'application/javascript') {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

const routes: Record<string, Route> = {
  '/ok': (url, res) =>
    js(
      res,
      `${url.searchParams.get('callback')}(${JSON.stringify({ echo: url.searchParams.get('value') })});`,
    ),
  '/status': (url, res) => {
    res.writeHead(Number(url.searchParams.get('code') ?? 500), { 'content-type': 'text/plain' });
    res.end('failed');
  },
  '/html': (_url, res) => js(res, '<html><body>502 Bad Gateway</body></html>', 'text/html'),
  '/syntax': (_url, res) => js(res, 'callback({ "resCode": "0", '),
  '/silent': (_url, res) => js(res, '/* a script that never calls back */ var notACallback = 1;'),
  '/twice': (url, res) => {
    const cb = url.searchParams.get('callback');
    js(res, `${cb}({ "n": 1 }); ${cb}({ "n": 2 });`);
  },
  '/delay': (url, res) => {
    const ms = Number(url.searchParams.get('ms') ?? 100);
    setTimeout(() => routes['/ok']?.(url, res, undefined as never), ms);
  },
  // Answers nothing for `ms`, then closes the connection: a hung provider.
  '/hang': (url, res) => {
    setTimeout(() => res.destroy(), Number(url.searchParams.get('ms') ?? 3000));
  },
};

export async function startJsonpFixtureServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture.invalid');
    const route = routes[url.pathname];
    if (route) route(url, res, req);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
