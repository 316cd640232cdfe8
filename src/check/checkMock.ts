// The mock Yuefu the check starts for the backend under test: the public mock
// (`one-tap-phone/mock/node`) on a clock the check can move, so that "the provider revoked the
// token" is the mock's own resCode 2 and not an imitation of it.
import type { Clock } from '../core/clock.js';
import { DEMO_APP, startMockYuefu } from '../mock/node.js';

/** The app the backend under test is configured with: the mock's public demo app. */
export const CHECK_APP = { appId: DEMO_APP.appId, aesKey: DEMO_APP.aesKey } as const;

/**
 * A second app the mock knows, whose signs the check sends to the confirm route: a backend must
 * refuse a result looked up for another app. Its key is the check's own, never a partner's.
 */
export const OTHER_APP = { appId: 'checkotherapp', aesKey: 'Zq4mW8tK2vN6pR0x' } as const;

/** How long the mock's tokens live; expireTokens() moves the mock's clock past it. */
const TOKEN_TTL_MS = 30 * 60_000;
/** Fast enough that a lookup costs the check little, slow enough to be a real poll. */
const RESOLVE_MS = 200;

/** What the provider answered a query: its resCode and, for 0, the masked number. */
export interface QueryAnswer {
  resCode: string;
  phone?: string | undefined;
}

/** The mock could not listen: its port is taken. The CLI exits 3 for it, not 2 (a usage error). */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} is in use, so the mock Yuefu cannot listen there. Stop what listens on it, or pass --port 0 to let the mock pick a free port.`,
    );
    this.name = 'PortInUseError';
  }
}

export interface CheckMock {
  /** The provider's base URL the backend is configured with: `http://127.0.0.1:<port>/getphone`. */
  baseUrl: string;
  /** Token requests the mock has answered so far (any outcome, any app). */
  tokenRequests(): number;
  /** Queries for the demo app the mock has answered so far, the backend's and the check's own. */
  queries(): number;
  /** While on, every token request is refused (resCode 1, the caller's IP not whitelisted). */
  refuseTokens(on: boolean): void;
  /** Every token issued so far is now expired at the mock: its queries answer resCode 2. */
  expireTokens(): void;
  /** A fresh token for `appId`, asked as a whitelisted partner server would. */
  token(appId: string): Promise<string>;
  /** A query for `sign`, as the page sends it (JSON, no callback). */
  query(appId: string, sign: string): Promise<QueryAnswer>;
  /** getphone, then queries until the carrier has resolved: resCode 0, or what the last said. */
  lookUp(appId: string, sign: string): Promise<QueryAnswer>;
  close(): Promise<void>;
}

/** Starts the mock on loopback at `port` (0: a free one), with the demo app and {@link OTHER_APP}. */
export async function startCheckMock(port: number): Promise<CheckMock> {
  let offsetMs = 0;
  let refusing = false;
  // Counted as they come: the mock's log keeps only the last 1000 requests, fewer than a run makes.
  const counts = { token: 0, query: 0 };
  const clock: Clock = {
    now: () => Date.now() + offsetMs,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
  };
  const running = await startMockYuefu({
    port,
    apps: [{ ...DEMO_APP }, { ...OTHER_APP }],
    resolveMs: RESOLVE_MS,
    tokenTtlMs: TOKEN_TTL_MS,
    clock,
    // Only loopback reaches the mock: it listens on 127.0.0.1.
    whitelist: () => !refusing,
    onRequest: (record) => {
      if (record.endpoint === 'token') counts.token += 1;
      if (record.endpoint === 'query' && record.appId === DEMO_APP.appId) counts.query += 1;
    },
  }).catch((error: unknown) => {
    throw (error as { code?: unknown }).code === 'EADDRINUSE' ? new PortInUseError(port) : error;
  });
  const { baseUrl } = running;

  const envelope = async (url: string, init?: RequestInit): Promise<Record<string, unknown>> => {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
    return (await response.json()) as Record<string, unknown>;
  };
  const params = (appId: string, sign: string) =>
    `appId=${encodeURIComponent(appId)}&sign=${encodeURIComponent(sign)}`;
  const query = async (appId: string, sign: string): Promise<QueryAnswer> => {
    const answer = await envelope(`${baseUrl}/query?${params(appId, sign)}`);
    const object = answer.object as { phone?: unknown } | undefined;
    return {
      resCode: String(answer.resCode),
      ...(typeof object?.phone === 'string' ? { phone: object.phone } : {}),
    };
  };

  return {
    baseUrl,
    tokenRequests: () => counts.token,
    queries: () => counts.query,
    refuseTokens(on) {
      refusing = on;
    },
    expireTokens() {
      offsetMs += TOKEN_TTL_MS + 60_000;
    },
    async token(appId) {
      const answer = await envelope(`${baseUrl}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `appId=${encodeURIComponent(appId)}`,
      });
      if (String(answer.resCode) !== '0' || typeof answer.message !== 'string')
        throw new Error(`the mock gave no token for ${appId} (resCode ${String(answer.resCode)})`);
      return answer.message;
    },
    query,
    async lookUp(appId, sign) {
      await envelope(`${baseUrl}?${params(appId, sign)}`);
      let last: QueryAnswer = { resCode: '3' };
      // The page's own poll schedule gives up after about 5 s; the mock resolves in 0.2 s.
      for (let attempt = 0; attempt < 25 && last.resCode === '3'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        last = await query(appId, sign);
      }
      return last;
    },
    close: () => running.close(),
  };
}
