// A partner's backend as docs/backends.md describes it, written on node:http and node:crypto
// alone (not this library), with switches that break it the ways partners' backends break:
// the check kit's tests run it right, then wrong, and expect exactly one check to notice.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  open,
  pooled,
  randomBinding,
  randomReqId,
  seal,
  signRecords,
  TokenFailure,
  tokenCache,
} from './partnerRecords';

export interface PartnerBackendOptions {
  appId: string;
  aesKey: string;
  /** The provider's base URL; read per request, so it can be set once the mock listens. */
  baseUrl: () => string;
  /** A constant reqId, as the provider document's demo has ("5450312"). */
  fixedReqId?: string;
  /** Leave out `Cache-Control: no-store`. */
  noCacheHeader?: boolean;
  /** Keep the cached token whatever a token-expired report proves. */
  keepExpiredToken?: boolean;
  /** Put this appId in the sign instead of the app's (a copy-paste from another app). */
  signAppId?: string;
  /** Add this to the timeStamp: a server clock that is off. */
  timeStampOffsetMs?: number;
  /** Sign with this token and never ask the provider for one. */
  forgedToken?: string;
  /** Ask the provider for a token on every sign (no cache). */
  noTokenCache?: boolean;
  /** Serve POST /confirm; `false`: no confirm route at all (404). */
  confirm?: false | ConfirmFaults;
  /** Set no binding cookie and bind nothing: a sign confirms for whoever posts it. */
  noBinding?: boolean;
  /** Query the provider for every confirm and report of a sign, however many. */
  noQueryBudget?: boolean;
  /** Check every token-expired report with the provider, however many arrive. */
  noReportCooldown?: boolean;
  /** Ask for a token again on every sign request after one failed. */
  noFailedTokenMemory?: boolean;
  /**
   * Serve requests on a fixed pool of this many workers, each held by its request until it is
   * answered: the Java example as it was (8 threads, a body read with no timeout).
   */
  workerPool?: number;
  /** Where to listen. @defaultValue 0 (a free port) */
  port?: number;
}

/** Ways the confirm route breaks; each off by default. */
export interface ConfirmFaults {
  acceptReplays?: boolean;
  acceptTextPlain?: boolean;
  acceptCrossSite?: boolean;
  /** Confirm a sign of any age: only an unknown reqId is refused. */
  noAgeCheck?: boolean;
  /**
   * A confirm route shared with a second app, which opens that app's signs with its key and,
   * since this server never issues them, takes the provider's resCode 0 as the only proof.
   */
  acceptOtherApp?: { appId: string; aesKey: string };
  /** Parse the body with no guard: a body that is not JSON throws, and the route answers 500. */
  crashOnGarbage?: boolean;
  /** Mark the sign used before its binding is checked: a stranger's refused post burns the user's login. */
  claimBeforeBinding?: boolean;
}

export interface PartnerBackend {
  signUrl: string;
  confirmUrl: string;
  /** Token requests this backend made. */
  tokenFetches: number;
  close(): Promise<void>;
}

const MAX_AGE_MS = 120_000;
const BINDING_COOKIE = 'one-tap-binding';

const bindingOf = (req: IncomingMessage) =>
  /(?:^|;\s*)one-tap-binding=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];

export async function startPartnerBackend(options: PartnerBackendOptions): Promise<PartnerBackend> {
  const { appId, aesKey } = options;
  const confirmed = new Set<string>();
  const backend = { tokenFetches: 0 } as PartnerBackend;
  const signs = signRecords({ budget: !options.noQueryBudget, cooldown: !options.noReportCooldown });

  const tokens = tokenCache(
    async () => {
      backend.tokenFetches += 1;
      const response = await fetch(`${options.baseUrl()}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `appId=${encodeURIComponent(appId)}`,
      });
      const answer = (await response.json()) as { resCode: string; message: string };
      if (answer.resCode !== '0') throw new TokenFailure(`TOKEN_REFUSED_${answer.resCode}`);
      return answer.message;
    },
    { cache: !options.noTokenCache, remember: !options.noFailedTokenMemory },
  );
  const query = async (sign: string, forApp = appId) => {
    const url = `${options.baseUrl()}/query?appId=${encodeURIComponent(forApp)}&sign=${encodeURIComponent(sign)}`;
    return (await (await fetch(url)).json()) as { resCode: string; object?: { phone: string } };
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!options.noCacheHeader) headers['cache-control'] = 'no-store';
    res.writeHead(status, headers).end(JSON.stringify(body));
  };

  async function sign(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (url.searchParams.get('appId') !== appId) return send(res, 403, { error: { code: 'UNKNOWN_APP_ID' } });
    const reported = url.searchParams.get('sign');
    if (url.searchParams.get('reason') === 'token-expired' && reported && !options.keepExpiredToken) {
      const fields = open(reported, aesKey);
      if (fields && signs.issued(fields.reqId)) {
        // A report of a bound sign counts only with its binding: anyone else holding the sign
        // could spend its queries and the user's login.
        if (!options.noBinding && !signs.boundTo(fields.reqId, bindingOf(req)))
          return send(res, 403, { error: { code: 'SIGN_BOUND_ELSEWHERE' } });
        const token = fields.token;
        if (token === tokens.current() && signs.mayCheck(token) && signs.takeQuery(fields.reqId)) {
          if ((await query(reported)).resCode === '2') tokens.drop(token);
        }
      }
    }
    const timeStamp = String(Date.now() + (options.timeStampOffsetMs ?? 0));
    const reqId = options.fixedReqId ?? randomReqId();
    let token: string;
    try {
      token = options.forgedToken ?? (await tokens.get());
    } catch (error) {
      if (!(error instanceof TokenFailure)) throw error;
      res.setHeader('retry-after', '2');
      return send(res, 502, { error: { code: error.code } });
    }
    const binding = options.noBinding ? undefined : randomBinding();
    signs.issue(reqId, binding);
    if (binding)
      res.setHeader(
        'set-cookie',
        `${BINDING_COOKIE}=${binding}; HttpOnly; SameSite=Lax; Path=/; Max-Age=300`,
      );
    const plaintext = JSON.stringify({ appId: options.signAppId ?? appId, reqId, timeStamp, token });
    send(res, 200, { sign: seal(plaintext, aesKey) });
  }

  async function confirm(req: IncomingMessage, res: ServerResponse, body: string) {
    const rules = options.confirm || {};
    const fetchSite = req.headers['sec-fetch-site'];
    const own = `http://${req.headers.host}`;
    const crossSite = fetchSite
      ? fetchSite !== 'same-origin' && fetchSite !== 'none'
      : req.headers.origin !== undefined && req.headers.origin !== own;
    if (crossSite && !rules.acceptCrossSite) return send(res, 403, { error: { code: 'CROSS_SITE' } });
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    if (type !== 'application/json' && !rules.acceptTextPlain)
      return send(res, 415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    if (body.length > 2048) return send(res, 413, { error: { code: 'TOO_LARGE' } });
    let sign: unknown;
    try {
      sign = (JSON.parse(body) as { sign?: unknown } | null)?.sign;
    } catch (error) {
      if (rules.crashOnGarbage) throw error;
      return send(res, 400, { error: { code: 'BAD_REQUEST' } });
    }
    if (typeof sign !== 'string' || sign.length > 1024)
      return send(res, 400, { error: { code: 'BAD_REQUEST' } });
    const other = rules.acceptOtherApp;
    const foreign = other ? open(sign, other.aesKey) : undefined;
    if (other && foreign?.appId === other.appId) {
      const answer = await query(sign, other.appId);
      if (answer.resCode !== '0' || !answer.object)
        return send(res, 401, { error: { code: 'RESULT_UNAVAILABLE' } });
      return send(res, 200, { phone: answer.object.phone });
    }
    const fields = open(sign, aesKey);
    if (!fields || fields.appId !== appId) return send(res, 400, { error: { code: 'SIGN_INVALID' } });
    if (!signs.issued(fields.reqId)) return send(res, 401, { error: { code: 'SIGN_NOT_ISSUED' } });
    if (rules.claimBeforeBinding && confirmed.has(fields.reqId))
      return send(res, 401, { error: { code: 'SIGN_USED' } });
    if (rules.claimBeforeBinding) confirmed.add(fields.reqId);
    if (!options.noBinding && !signs.boundTo(fields.reqId, bindingOf(req)))
      return send(res, 401, { error: { code: 'SIGN_BOUND_ELSEWHERE' } });
    if (Date.now() - Number(fields.timeStamp) > MAX_AGE_MS && !rules.noAgeCheck)
      return send(res, 401, { error: { code: 'SIGN_EXPIRED' } });
    if (confirmed.has(fields.reqId) && !rules.acceptReplays && !rules.claimBeforeBinding)
      return send(res, 401, { error: { code: 'SIGN_USED' } });
    if (!signs.takeQuery(fields.reqId)) return send(res, 401, { error: { code: 'RESULT_UNAVAILABLE' } });
    const answer = await query(sign);
    if (answer.resCode !== '0' || !answer.object)
      return send(res, 401, { error: { code: 'RESULT_UNAVAILABLE' } });
    confirmed.add(fields.reqId);
    send(res, 200, { phone: answer.object.phone });
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://backend');
      const route =
        req.method === 'GET' && url.pathname === '/sign'
          ? sign(req, res, url)
          : req.method === 'POST' && url.pathname === '/confirm' && options.confirm !== false
            ? confirm(req, res, Buffer.concat(chunks).toString('utf8'))
            : Promise.resolve(send(res, 404, { error: { code: 'NOT_FOUND' } }));
      route.catch(() => send(res, 500, { error: { code: 'INTERNAL' } }));
    });
  };
  const server = createServer(options.workerPool ? pooled(options.workerPool, handle) : handle);
  // A body not complete within 10 s gets 408; each connection is served on its own meanwhile.
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  backend.signUrl = `http://127.0.0.1:${port}/sign`;
  backend.confirmUrl = `http://127.0.0.1:${port}/confirm`;
  backend.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return backend;
}
