// The Node library as a partner runs it: one-tap-phone/server's sign and confirm handlers on
// node:http, bound by the library's own cookie, as the README's routes are. The check kit must
// pass it on every check: where it does not, the library and docs/backends.md disagree.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConfirmHandler, createSignHandler, memoryTokenStore } from '../../src/server/node';

export interface LibraryBackend {
  signUrl: string;
  confirmUrl: string;
  /** Makes the handlers for the mock at `baseUrl`; until then every route answers 503. */
  configure(baseUrl: string): void;
  close(): Promise<void>;
}

/** Starts the library's routes on a free port, waiting for {@link LibraryBackend.configure}. */
export async function startLibraryBackend(app: { appId: string; aesKey: string }): Promise<LibraryBackend> {
  let routes: {
    sign: ReturnType<typeof createSignHandler>;
    confirm: ReturnType<typeof createConfirmHandler>;
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://backend').pathname;
    if (!routes) res.writeHead(503).end();
    else if (path === '/sign') routes.sign.node(req, res);
    else if (path === '/confirm') routes.confirm.node(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    signUrl: `${origin}/sign`,
    confirmUrl: `${origin}/confirm`,
    configure(baseUrl) {
      const shared = { ...app, baseUrl, store: memoryTokenStore(), bindingCookie: '__Host-one-tap' };
      routes = {
        sign: createSignHandler(shared),
        confirm: createConfirmHandler({
          ...shared,
          onConfirmed: ({ phone }) => Response.json({ phone }),
        }),
      };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
