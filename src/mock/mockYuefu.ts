import { sleep } from '../core/abort.js';
import { createDemoSign } from './demoSign.js';
import { hostAllowed } from './hosts.js';
import { createContext, type MockRequestRecord, type MockYuefuOptions } from './options.js';
import { createProvider } from './provider.js';
import { status } from './responses.js';
import { createSpoiler } from './spoil.js';
import { createTokens } from './tokens.js';

// The mock's public types and its default app live with the other options (./options.ts).
export type { MockApp, MockRequestRecord, MockYuefuOptions } from './options.js';
export { DEMO_APP } from './options.js';

/** A mock Yuefu: a Fetch handler to host anywhere (Node, MSW, a Worker). */
export interface MockYuefu {
  /** The whole service as a Fetch handler: the provider under `basePath`, and `/demo/sign`. */
  fetch(request: Request, info?: { clientAddress?: string | undefined }): Promise<Response>;
  /** What was asked so far, oldest first (the last 1000). Never holds a sign or a number. */
  readonly requests: readonly MockRequestRecord[];
  readonly basePath: string;
}

/** The mock Yuefu: the provider's token, getphone and query, and a demo sign endpoint. */
export function createMockYuefu(options: MockYuefuOptions = {}): MockYuefu {
  const context = createContext(options);
  const { basePath, clock } = context;
  const tokens = createTokens(context);
  const spoil = createSpoiler(context);
  const provider = createProvider(context, tokens, spoil);
  // The demo sign endpoint is the partner's server: a whitelisted caller of the provider.
  const demoSign = createDemoSign(context, spoil, (request) =>
    mock.fetch(request, { clientAddress: '127.0.0.1' }),
  );

  const mock: MockYuefu = {
    basePath,
    requests: context.requests,
    async fetch(request, info = {}) {
      if (!hostAllowed(request.headers.get('host'), context.allowedHosts)) {
        return status(403, 'this mock answers loopback names only (allowedHosts)');
      }
      const url = new URL(request.url);
      const path = url.pathname.replace(/\/+$/, '');
      if (path === '/demo/sign') {
        if (context.signLatencyMs) await sleep(context.signLatencyMs, undefined, clock);
        return demoSign(request);
      }
      if (path !== basePath && !path.startsWith(`${basePath}/`)) return status(404, 'not found');
      if (context.latencyMs) await sleep(context.latencyMs, undefined, clock);
      if (path === `${basePath}/token`) return tokens.endpoint(request, info.clientAddress);
      if (path === basePath) return provider.getphone(url);
      if (path === `${basePath}/query`) return provider.query(url);
      return status(404, 'not found');
    },
  };
  return mock;
}
