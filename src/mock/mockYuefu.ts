import { openSign, type SignParams } from '../server/sign.js';
import { createSignHandler, type SignHandler } from '../server/signHandler.js';
import { createTokenClient } from '../server/tokenClient.js';
import { FAULTS, type FaultEndpoint, type FaultName } from './faults.js';
import { isScenarioName, type ScenarioName, tokensToExpire } from './scenarios.js';

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
  /** Who may ask for tokens, when the host knows the caller's address. @defaultValue loopback */
  whitelist?: readonly string[] | ((address: string) => boolean) | undefined;
  /** @defaultValue `Date.now` */
  clock?: (() => number) | undefined;
}

/**
 * The mock's default app: the appId and AES key of the provider document's example, which
 * `one-tap-phone-mock` serves unless told otherwise. Point a sign endpoint at the mock with
 * `createSignHandler({ appId: DEMO_APP.appId, aesKey: DEMO_APP.aesKey, baseUrl: mock.baseUrl })`.
 * A demo key, public by design: never a real app's.
 */
export const DEMO_APP = { appId: 'wozhitest', aesKey: 'h1q9750o8141K864', phone: '13412348682' } as const;
const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];
const CALLBACK_NAME = /^[A-Za-z_$][\w$]{0,127}$/;
const MAX_LOOKUPS = 10_000;

export interface MockRequestRecord {
  endpoint: 'token' | 'getphone' | 'query' | 'sign';
  appId: string | null;
  status: number;
  resCode: string | undefined;
}

export interface MockYuefu {
  /** The whole service as a Fetch handler: the provider under `basePath`, and `/demo/sign`. */
  fetch(request: Request, info?: { clientAddress?: string | undefined }): Promise<Response>;
  /** What was asked so far, oldest first (the last 1000). Never holds a sign or a number. */
  readonly requests: readonly MockRequestRecord[];
  readonly basePath: string;
}

interface Envelope {
  success: boolean;
  resCode: string;
  message?: string;
  object?: unknown;
}

const envelopeOf = (resCode: string, message: string): Envelope => ({
  success: resCode === '0',
  resCode,
  message,
});

function randomHex(bytes = 16): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

const mask = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

export function createMockYuefu(options: MockYuefuOptions = {}): MockYuefu {
  const clock = options.clock ?? Date.now;
  const basePath = (options.basePath ?? '/getphone').replace(/\/+$/, '');
  const tokenTtlMs = options.tokenTtlMs ?? 30 * 60_000;
  const apps = new Map<string, MockApp>((options.apps ?? [DEMO_APP]).map((app) => [app.appId, app]));
  const scenarioOf = (app: MockApp): ScenarioName => app.scenario ?? options.scenario ?? 'mobile';
  const whitelisted = (address: string | undefined) => {
    if (address === undefined) return true; // in-browser hosting: there is no caller address
    const list = options.whitelist ?? LOOPBACK;
    return typeof list === 'function' ? list(address) : list.includes(address);
  };

  const tokens = new Map<
    string,
    { appId: string; expiresAt: number; revoked: boolean; dieAtGetphone: boolean }
  >();
  const issuedPerApp = new Map<string, number>();
  const lookups = new Map<string, { readyAt: number; par: string; phone: string }>();
  const requests: MockRequestRecord[] = [];
  const record = (entry: MockRequestRecord) => {
    requests.push(entry);
    if (requests.length > 1000) requests.shift();
  };

  // A fault spoils one flow: the first sign request, or the requests carrying the first sign seen.
  const faultState = new Map<string, { signServed: boolean; sign?: string }>();
  async function faulty(
    endpoint: FaultEndpoint,
    appId: string | null,
    url: URL,
  ): Promise<Response | undefined> {
    const app = appId === null ? undefined : apps.get(appId);
    const fault = app?.fault ? FAULTS[app.fault] : undefined;
    if (!app || !fault || fault.endpoint !== endpoint) return undefined;
    const state = faultState.get(app.appId) ?? { signServed: false };
    faultState.set(app.appId, state);
    if (endpoint === 'sign') {
      if (state.signServed) return undefined;
      state.signServed = true;
    } else {
      const sign = url.searchParams.get('sign') ?? '';
      state.sign ??= sign;
      if (state.sign !== sign) return undefined;
    }
    const callback = url.searchParams.get('callback');
    const response = fault.respond(callback !== null && CALLBACK_NAME.test(callback) ? callback : null);
    record({ endpoint, appId, status: response === 'hang' ? 0 : response.status, resCode: undefined });
    if (response === 'hang') {
      await new Promise((resolve) => setTimeout(resolve, options.hangMs ?? 30_000));
      return new Response('gateway timeout', { status: 504 });
    }
    return response;
  }

  const reply = (
    endpoint: MockRequestRecord['endpoint'],
    url: URL,
    body: Envelope | unknown,
    resCode?: string,
  ) => {
    const appId = url.searchParams.get('appId');
    const callback = url.searchParams.get('callback');
    if (callback !== null && !CALLBACK_NAME.test(callback)) {
      record({ endpoint, appId, status: 400, resCode: undefined });
      return new Response('callback must be a JavaScript identifier', { status: 400 });
    }
    record({ endpoint, appId, status: 200, resCode });
    const json = JSON.stringify(body);
    return callback === null
      ? new Response(json, {
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        })
      : new Response(`/**/${callback}(${json});`, {
          headers: { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'no-store' },
        });
  };

  const answer = (endpoint: 'getphone' | 'query', url: URL, envelope: Envelope) =>
    reply(endpoint, url, envelope, envelope.resCode);

  /** The provider's sign check: the app's key, exactly four keys, same appId, a live token. */
  async function verify(appId: string, sign: string): Promise<SignParams | undefined> {
    const app = apps.get(appId);
    if (!app) return undefined;
    const params = await openSign(sign, app.aesKey).catch(() => undefined);
    if (!params || params.appId !== appId) return undefined;
    const token = tokens.get(params.token);
    if (!token || token.appId !== appId || token.revoked || token.expiresAt <= clock()) return undefined;
    return params;
  }

  async function token(request: Request, clientAddress: string | undefined): Promise<Response> {
    if (request.method !== 'POST') {
      record({ endpoint: 'token', appId: null, status: 405, resCode: undefined });
      return new Response('POST only', { status: 405, headers: { allow: 'POST' } });
    }
    const appId = new URLSearchParams(await request.text()).get('appId');
    const app = appId === null ? undefined : apps.get(appId);
    const send = (envelope: Envelope) => {
      record({ endpoint: 'token', appId, status: 200, resCode: envelope.resCode });
      return Response.json(envelope);
    };
    if (!whitelisted(clientAddress)) return send(envelopeOf('1', '用户IP不在白名单内'));
    if (!app || app.enabled === false) return send(envelopeOf('2', '用户未开通功能'));
    const now = clock();
    for (const [value, entry] of tokens) if (entry.expiresAt <= now) tokens.delete(value);
    const issued = issuedPerApp.get(app.appId) ?? 0;
    issuedPerApp.set(app.appId, issued + 1);
    const value = randomHex();
    tokens.set(value, {
      appId: app.appId,
      expiresAt: now + tokenTtlMs,
      revoked: false,
      dieAtGetphone: issued < tokensToExpire(scenarioOf(app)),
    });
    return send({ resCode: '0', success: true, message: value });
  }

  /** The carrier starts resolving the phone behind a valid sign (once per sign). */
  function startLookup(app: MockApp, sign: string): void {
    if (lookups.has(sign)) return;
    const scenario = scenarioOf(app);
    const delay =
      scenario === 'wifi'
        ? Number.POSITIVE_INFINITY
        : scenario === 'slow'
          ? (options.slowResolveMs ?? 2500)
          : (app.resolveMs ?? options.resolveMs ?? 600);
    lookups.set(sign, { readyAt: clock() + delay, par: randomHex(), phone: app.phone ?? DEMO_APP.phone });
    if (lookups.size > MAX_LOOKUPS) lookups.delete(lookups.keys().next().value as string);
  }

  async function getphone(url: URL): Promise<Response> {
    const appId = url.searchParams.get('appId');
    const sign = url.searchParams.get('sign');
    if (!appId || !sign) return answer('getphone', url, envelopeOf('1', '缺少参数'));
    const app = apps.get(appId);
    if (app && scenarioOf(app) === 'http-500') return failWith500('getphone', url);
    const params = await verify(appId, sign);
    if (app && params) startLookup(app, sign); // the carrier sees the request whatever the answer
    const spoiled = await faulty('getphone', appId, url);
    if (spoiled) return spoiled;
    if (!app || !params) return answer('getphone', url, envelopeOf('2', 'token失效'));
    const token = tokens.get(params.token);
    if (token?.dieAtGetphone) token.revoked = true;
    return answer('getphone', url, { success: true, resCode: '0', message: '请查询结果' });
  }

  async function query(url: URL): Promise<Response> {
    const appId = url.searchParams.get('appId');
    const sign = url.searchParams.get('sign');
    if (!appId || !sign) return answer('query', url, envelopeOf('1', '缺少参数'));
    const spoiled = await faulty('query', appId, url);
    if (spoiled) return spoiled;
    const app = apps.get(appId);
    const scenario = app ? scenarioOf(app) : 'mobile';
    if (scenario === 'http-500') return failWith500('query', url);
    if (scenario === 'no-answer') {
      await new Promise((resolve) => setTimeout(resolve, options.hangMs ?? 30_000));
      record({ endpoint: 'query', appId, status: 504, resCode: undefined });
      return new Response('gateway timeout', { status: 504 });
    }
    if (scenario === 'no-callback') {
      record({ endpoint: 'query', appId, status: 200, resCode: undefined });
      return new Response('/* no callback */', { headers: { 'content-type': 'application/javascript' } });
    }
    if (scenario === 'bad-envelope') return reply('query', url, { hello: 'world' });
    if (!(await verify(appId, sign))) return answer('query', url, envelopeOf('2', 'token失效'));
    const lookup = lookups.get(sign);
    if (!lookup || lookup.readyAt > clock()) return answer('query', url, envelopeOf('3', '获取结果失败'));
    return answer('query', url, {
      success: true,
      resCode: '0',
      object: { par: lookup.par, phone: mask(lookup.phone) },
    });
  }

  function failWith500(endpoint: 'getphone' | 'query', url: URL): Response {
    record({ endpoint, appId: url.searchParams.get('appId'), status: 500, resCode: undefined });
    return new Response('Internal Server Error', { status: 500 });
  }

  // The partner side, built with the server helpers, talking to this mock in-process.
  const signHandlers = new Map<string, SignHandler>();
  const internalBase = `http://mock-yuefu.internal${basePath}`;
  async function demoSign(request: Request): Promise<Response> {
    const appId = new URL(request.url).searchParams.get('appId') ?? '';
    const spoiled = await faulty('sign', appId, new URL(request.url));
    if (spoiled) {
      spoiled.headers.set('access-control-allow-origin', '*');
      return spoiled;
    }
    const app = apps.get(appId);
    let handler = signHandlers.get(appId);
    if (app && !handler) {
      const internalFetch: typeof fetch = (input, init) =>
        mock.fetch(new Request(input, init), { clientAddress: '127.0.0.1' });
      const tokens = createTokenClient({
        appId,
        baseUrl: internalBase,
        fetch: internalFetch,
        ttlMs: tokenTtlMs,
        now: clock,
      });
      handler = createSignHandler({
        appId,
        aesKey: app.aesKey,
        tokens,
        cors: true,
        now: clock,
        minInvalidateIntervalMs: 0,
      });
      signHandlers.set(appId, handler);
    }
    const respond = handler
      ? handler(request)
      : Promise.resolve(
          Response.json(
            { error: { code: 'UNKNOWN_APP_ID', message: 'No such mock app' } },
            { status: 403, headers: { 'access-control-allow-origin': '*' } },
          ),
        );
    return respond.then((response) => {
      record({ endpoint: 'sign', appId, status: response.status, resCode: undefined });
      return response;
    });
  }

  const mock: MockYuefu = {
    basePath,
    requests,
    async fetch(request, info = {}) {
      const url = new URL(request.url);
      const path = url.pathname.replace(/\/+$/, '');
      if (path === '/demo/sign') {
        if (options.signLatencyMs) await new Promise((resolve) => setTimeout(resolve, options.signLatencyMs));
        return demoSign(request);
      }
      if (path !== basePath && !path.startsWith(`${basePath}/`))
        return new Response('not found', { status: 404 });
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      if (path === `${basePath}/token`) return token(request, info.clientAddress);
      if (path === basePath) return getphone(url);
      if (path === `${basePath}/query`) return query(url);
      return new Response('not found', { status: 404 });
    },
  };
  return mock;
}

export { isScenarioName };
