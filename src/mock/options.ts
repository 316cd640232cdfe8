// The mock's options in one place: their types, their defaults, and the context they resolve
// to, once, for every part of the mock (provider, tokens, faults, the demo sign endpoint).
// The parts import this file and nothing imports them back but ./mockYuefu.ts: a tree.
import { type Clock, systemClock } from '../core/clock.js';
import { TOKEN_LIFE_MS } from '../server/tokens/tokenClient.js';
import type { FaultName } from './faults.js';
import { planOf, type ScenarioName } from './scenarios.js';

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
  /**
   * Told of every request as it is logged: a count that outlives the log's last 1000 (the
   * check kit counts a backend's token requests and queries with it).
   * @defaultValue none
   */
  onRequest?: ((record: MockRequestRecord) => void) | undefined;
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

/** An app with the mock's defaults filled in. */
export interface ResolvedApp extends MockApp {
  phone: string;
  scenario: ScenarioName;
  resolveMs: number;
}

/** What the mock's parts share: its options with every default filled, its apps, its log. */
export interface MockContext {
  basePath: string;
  slowResolveMs: number;
  tokenTtlMs: number;
  latencyMs: number;
  signLatencyMs: number;
  hangMs: number;
  allowedHosts: MockYuefuOptions['allowedHosts'];
  whitelist: MockYuefuOptions['whitelist'];
  clock: Clock;
  apps: ReadonlyMap<string, ResolvedApp>;
  plan(app: ResolvedApp): ReturnType<typeof planOf>;
  /** The last LOG_SIZE requests, oldest first. */
  requests: readonly MockRequestRecord[];
  record(entry: MockRequestRecord): void;
}

/** How many requests the log keeps: enough for any test, bounded for a long-running mock. */
const LOG_SIZE = 1000;

/** Every option resolved, once. */
export function createContext(options: MockYuefuOptions): MockContext {
  const scenario = options.scenario ?? 'mobile';
  const resolveMs = options.resolveMs ?? 600;
  const apps = new Map(
    (options.apps ?? [DEMO_APP as MockApp]).map((app): [string, ResolvedApp] => [
      app.appId,
      {
        ...app,
        phone: app.phone ?? DEMO_APP.phone,
        scenario: app.scenario ?? scenario,
        resolveMs: app.resolveMs ?? resolveMs,
      },
    ]),
  );
  const requests: MockRequestRecord[] = [];
  const { onRequest } = options;
  return {
    basePath: (options.basePath ?? '/getphone').replace(/\/+$/, ''),
    slowResolveMs: options.slowResolveMs ?? 2500,
    tokenTtlMs: options.tokenTtlMs ?? TOKEN_LIFE_MS,
    latencyMs: options.latencyMs ?? 0,
    signLatencyMs: options.signLatencyMs ?? 0,
    hangMs: options.hangMs ?? 30_000,
    allowedHosts: options.allowedHosts,
    whitelist: options.whitelist,
    clock: options.clock ?? systemClock,
    apps,
    plan: (app) => planOf(app.scenario),
    requests,
    record(entry) {
      requests.push(entry);
      if (requests.length > LOG_SIZE) requests.shift();
      onRequest?.(entry);
    },
  };
}

/** `bytes` random bytes as uppercase hex: the mock's tokens and pars. */
export function randomHex(bytes = 16): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}
