// The `one-tap-phone/mock/node` entry: the mock served over Node's `http`. Apart from
// `one-tap-phone/mock` so that entry stays bundleable for a browser; it re-exports that
// entry too, so a Node host needs one import.
import { createServer } from 'node:http';
import { toNodeHandler } from '../server/http/nodeAdapter.js';
import { LOOPBACK_HOSTS } from './hosts.js';
import { createMockYuefu, type MockYuefu, type MockYuefuOptions } from './mockYuefu.js';

export * from './index.js';

/** Where and how {@link startMockYuefu} listens, on top of the mock's own options. */

export interface StartMockOptions extends MockYuefuOptions {
  /** @defaultValue 4010 (0 picks a free port) */
  port?: number | undefined;
  /** @defaultValue `'127.0.0.1'` */
  host?: string | undefined;
}

const WILDCARD = ['0.0.0.0', '::', '[::]'];

/** A mock listening on loopback, from {@link startMockYuefu}. */
export interface RunningMockYuefu {
  mock: MockYuefu;
  /** `http://host:port` */
  origin: string;
  /** The provider's base URL to give the client: `http://host:port/getphone`. */
  baseUrl: string;
  /** The demo sign endpoint: `http://host:port/demo/sign`. */
  signUrl: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Serves the mock Yuefu over Node's `http` on loopback (Node only). */
export async function startMockYuefu(options: StartMockOptions = {}): Promise<RunningMockYuefu> {
  const host = options.host ?? '127.0.0.1';
  // The address it listens on is a name it answers to, unless that is every address.
  const named = host.includes(':') ? `[${host}]` : host;
  const allowedHosts =
    options.allowedHosts ?? (WILDCARD.includes(host) ? LOOPBACK_HOSTS : [...LOOPBACK_HOSTS, named]);
  const mock = createMockYuefu({ ...options, allowedHosts });
  const server = createServer(toNodeHandler(mock.fetch));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    mock,
    origin,
    baseUrl: `${origin}${mock.basePath}`,
    signUrl: `${origin}/demo/sign`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
