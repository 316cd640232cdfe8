import type { Clock } from '../core/clock.js';
import { createContext } from './context.js';
import { createDemoSign } from './demoSign.js';
import type { FaultName } from './faults.js';
import { hostAllowed } from './hosts.js';
import { createProvider } from './provider.js';
import { status, wait } from './responses.js';
import { isScenarioName, type ScenarioName } from './scenarios.js';
import { createSpoiler } from './spoil.js';
import { createTokens } from './tokens.js';

/** An app the mock knows: the appId and key Yuefu would have issued, and how it behaves. */
export interface MockApp {
  appId: string;
  /** 16 bytes in UTF-8. */
  aesKey: string;
  /** The full number the carrier resolves; answered masked. @defaultValue `'13412348682'` */
  phone?: string | undefined;
  /** Whether one-tap is enabled for the app (token resCode 2 otherwise). @defaultValue true */
  enabled?: boolean | undefined;
  /** @defaultValue the mock's `scenario` */
  scenario?: ScenarioName | undefined;
  /** How long this app's carrier takes. @defaultValue the mock's `resolveMs` */
  resolveMs?: number | undefined;
  /** A bad answer to give in this app's first flow (robustness tests). */
  fault?: FaultName | undefined;
}

/** The mock's apps and timing; every field has a default. */
export interface MockYuefuOptions {
  /** @defaultValue one app, `DEMO_APP` */
  apps?: readonly MockApp[] | undefined;
  /** @defaultValue `'mobile'` */
  scenario?: ScenarioName | undefined;
  /** @defaultValue 600 */
  resolveMs?: number | undefined;
  /** @defaultValue 2500 */
  slowResolveMs?: number | undefined;
  /** @defaultValue 1800000 (30 minutes) */
  tokenTtlMs?: number | undefined;
  /** Added before every answer of the provider's (not the demo sign endpoint's). @defaultValue 0 */
  latencyMs?: number | undefined;
  /** Added before every answer of the demo sign endpoint. @defaultValue 0 */
  signLatencyMs?: number | undefined;
  /** @defaultValue 30000 */
  hangMs?: number | undefined;
  /** Path the provider lives under. @defaultValue `'/getphone'` */
  basePath?: string | undefined;
  /**
   * Host names (any port) the mock answers over HTTP; any other Host header gets 403 on every
   * route, so a page on another site cannot reach a developer's mock through DNS rebinding.
   * A request without a Host header (in-process, MSW) is answered.
   * @defaultValue `['localhost', '127.0.0.1', '[::1]']`
   */
  allowedHosts?: readonly string[] | ((hostName: string) => boolean) | undefined;
  /** Who may ask for tokens, when the host knows the caller's address. @defaultValue loopback */
  whitelist?: readonly string[] | ((address: string) => boolean) | undefined;
  /**
   * The mock's time: token life, when a number resolves, and every delay (latency, hangs).
   * @defaultValue `systemClock`
   */
  clock?: Clock | undefined;
}

/**
 * The mock's default app: the appId and AES key of the provider document's example, which
 * `one-tap-phone-mock` serves unless told otherwise. Point a sign endpoint at the mock with
 * `createSignHandler({ appId: DEMO_APP.appId, aesKey: DEMO_APP.aesKey, baseUrl: mock.baseUrl })`.
 * A demo key, public by design: never a real app's.
 */
export const DEMO_APP = { appId: 'wozhitest', aesKey: 'h1q9750o8141K864', phone: '13412348682' } as const;

/** One request the mock answered; `status` 0 is a hang that had not answered yet. */
export interface MockRequestRecord {
  endpoint: 'token' | 'getphone' | 'query' | 'sign';
  appId: string | null;
  status: number;
  resCode: string | undefined;
}

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
  const basePath = (options.basePath ?? '/getphone').replace(/\/+$/, '');
  const requests: MockRequestRecord[] = [];
  const context = createContext(options, DEMO_APP, requests);
  const tokens = createTokens(context);
  const spoil = createSpoiler(context);
  const provider = createProvider(context, tokens, spoil, (app) => app.phone ?? DEMO_APP.phone);
  // The demo sign endpoint is the partner's server: a whitelisted caller of the provider.
  const demoSign = createDemoSign(
    context,
    spoil,
    (request) => mock.fetch(request, { clientAddress: '127.0.0.1' }),
    basePath,
  );

  const mock: MockYuefu = {
    basePath,
    requests,
    async fetch(request, info = {}) {
      if (!hostAllowed(request.headers.get('host'), options.allowedHosts)) {
        return status(403, 'this mock answers loopback names only (allowedHosts)');
      }
      const url = new URL(request.url);
      const path = url.pathname.replace(/\/+$/, '');
      if (path === '/demo/sign') {
        if (options.signLatencyMs) await wait(options.signLatencyMs, context.clock);
        return demoSign(request);
      }
      if (path !== basePath && !path.startsWith(`${basePath}/`)) return status(404, 'not found');
      if (options.latencyMs) await wait(options.latencyMs, context.clock);
      if (path === `${basePath}/token`) return tokens.endpoint(request, info.clientAddress);
      if (path === basePath) return provider.getphone(url);
      if (path === `${basePath}/query`) return provider.query(url);
      return status(404, 'not found');
    },
  };
  return mock;
}

export { isScenarioName };
