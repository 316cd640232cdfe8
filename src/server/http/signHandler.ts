// The sign endpoint's logic, over whichever sign codec the entry file binds, and what it does with
// a client's token-expired report.
import { type Clock, systemClock } from '../../core/clock.js';
import type { SignCodec } from '../crypto/signCodec.js';
import { isOneTapServerError, requireAesKey, requireAppId, SERVER_ERRORS } from '../errors.js';
import { flowIdOf, measureSign } from '../telemetry.js';
import { createTokenClient, type TokenClient } from '../tokens/tokenClient.js';
import { memoryTokenStore, type TokenStore } from '../tokens/tokenStore.js';
import { warnIfPlainHttp } from '../upstream.js';
import {
  bindingCookieLine,
  cookieValues,
  freshBindingId,
  mayBindCookie,
  requireBinding,
} from './bindingCookie.js';
import { type CorsSetting, corsOf } from './cors.js';
import { expiryReports } from './expiryReports.js';
import {
  LIMITED_RETRY_AFTER,
  logSignFailure,
  type RequestBinding,
  type RequestLimit,
  requireLimit,
  type SignHandlerLogger,
} from './hooks.js';
import {
  type FetchHandler,
  type NodeHandler,
  type PlainAnswer,
  type PlainHandler,
  toFastNodeHandler,
  toFetchHandler,
} from './nodeAdapter.js';

export interface SignHandlerOptions {
  /** The appId Yuefu issued; `createSignHandler` throws a TypeError at once without one. */
  appId: string;
  /**
   * The 16-byte AES key Yuefu issued. It stays on the server: never sent, never logged.
   * `createSignHandler` throws `AesKeyError` at once if it is missing or not 16 UTF-8 bytes.
   */
  aesKey: string;
  /** @defaultValue `'http://www.meiyuefu.com/getphone'` (used for the default token client) */
  baseUrl?: string | undefined;
  /**
   * Where the token is cached and expiry checks are locked: `redisTokenStore(...)` when there
   * are several instances. Give `confirmResult` the same store: a token-expired report reads
   * its record of a sign (confirmed, queries spent) there. When `tokens` is given, that
   * client's own store caches the token and this one keeps only those records.
   * @defaultValue `memoryTokenStore({ clock })`
   */
  store?: TokenStore | undefined;
  /** @defaultValue a token client for `appId` on `store` */
  tokens?: TokenClient | undefined;
  /**
   * Cross-origin callers allowed: `true` or `'*'` for any, an origin, a list of origins, or
   * `{ origins, credentials, headers }` for a cross-origin endpoint behind the session cookie.
   * @defaultValue false (same origin only)
   */
  cors?: CorsSetting | undefined;
  /**
   * Told of every failed sign request once (`error`: code, status, cause; never the key, a
   * token, a sign or a phone), and (`warn`, if present) of a client's token-expired report
   * that Yuefu confirmed, dropping the token; if that repeats, the AES key or appId is wrong. `console` and pino fit. Refused
   * requests (400, 403, 405) are not logged: anyone can send those.
   * @defaultValue none
   */
  logger?: SignHandlerLogger | undefined;
  /**
   * Binds each sign to the session of the request that asked for it: `(request) => string |
   * undefined` (a server-side session id; for a cookie, use `bindingCookie`, which makes a
   * fresh one per sign). The
   * value is folded into the sign's proof of issue (no write per sign); `confirmResult` with
   * the same `binding` refuses it under any other (`SIGN_BOUND_ELSEWHERE`), so a sign read by
   * a script on the page confirms for nobody else. A token-expired report of a bound sign is
   * checked against `binding` of the reporting request (the binding it brought) and answered 403
   * `SIGN_BOUND_ELSEWHERE`, spending nothing, without it: a route that rewrites the request's
   * cookie with a fresh id before calling the handler hides that binding; use `bindingCookie`.
   * Under `.node` a `Request` is made for it.
   * @defaultValue none (signs are bearer tokens: whoever confirms one first logs in)
   */
  binding?: RequestBinding | undefined;
  /**
   * The name of a cookie the handler makes for you, e.g. `'__Host-one-tap'`: for every sign it
   * makes a fresh random id (244 random bits), binds the sign to it and sets it
   * (`Set-Cookie: <name>=<id>; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=300`), under
   * `.node` too. Give `createConfirmHandler` the same `bindingCookie`: a confirm without that
   * cookie's value is refused (`SIGN_BOUND_ELSEWHERE`) before Yuefu is asked, and so is a
   * token-expired report of the sign (403, no provider query, the token kept): the report is
   * checked against the cookie it brought, the old sign's. The id bound is never one the request
   * brought: a script on the page can plant a cookie. Only the page's own `fetch()` gets a sign
   * and the cookie: a navigation or a load (`Sec-Fetch-Mode: navigate`, a `Sec-Fetch-Dest`
   * other than `empty`), or another site's request (`Sec-Fetch-Site` `cross-site` or
   * `same-site`) from an origin `cors` does not list, is answered 403 `SIGN_FETCH_ONLY` without
   * it, so another site cannot replace the login tab's cookie by sending the browser here. A
   * request without those headers (an older browser, a server-side client) is answered as
   * before. With `binding` too: a TypeError.
   * @defaultValue none
   */
  bindingCookie?: string | undefined;
  /**
   * Your budget for this route, asked before any work: `(request, kind, { clientAddress })`
   * with `kind` `'sign'` or `'expiry-report'` (a client's token-expired report, which may
   * cost a provider query); `false` (or a promise of it) answers 429 `RATE_LIMITED` with
   * `Retry-After: 5`. Per-IP limits with rate-limiter-flexible: docs/server.md.
   * @defaultValue none
   */
  limit?: RequestLimit | undefined;
  /** Reaches Yuefu (tokens, expiry checks). @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Dates signs and runs every timeout. @defaultValue `systemClock` */
  clock?: Clock | undefined;
}

export type SignHandler = FetchHandler & { node: NodeHandler };

function json(status: number, body: unknown, headers: Record<string, string> = {}): PlainAnswer {
  return {
    status,
    // In name order, as a Response lists them: with no CORS headers the Node path sends them as they are.
    headers: { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

const problem = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  json(status, { error: { code, message } }, headers);

/** `ok`, or the code of the problem answered (read back only on a failure). */
const outcomeOf = ({ status, body }: PlainAnswer): string =>
  status < 400 ? 'ok' : ((JSON.parse(String(body)) as { error: { code: string } }).error.code ?? 'INTERNAL');

/**
 * createSignHandler over one AES backend: the entry file a runtime imports picks it
 * (./index.ts WebCrypto, ./node.ts node:crypto, through ./bind.ts). This module imports neither.
 */
export function signHandlerFactory(codec: SignCodec): (options: SignHandlerOptions) => SignHandler {
  return (options) => {
    requireAppId(options.appId, 'createSignHandler');
    requireAesKey(options.aesKey, 'createSignHandler');
    const { appId: ownAppId, aesKey, baseUrl, fetch, logger } = options;
    const clock = options.clock ?? systemClock;
    const store = options.store ?? memoryTokenStore({ clock });
    warnIfPlainHttp(baseUrl, logger);
    const tokens =
      options.tokens ?? createTokenClient({ appId: ownAppId, baseUrl, fetch, store, clock, logger });
    const cors = corsOf(options.cors);
    const report = expiryReports({
      appId: ownAppId,
      aesKey,
      baseUrl,
      fetch,
      clock,
      codec,
      tokens,
      store,
      logger,
    });

    const { binding, limit } = options;
    requireLimit(limit, 'createSignHandler');
    const cookieName = requireBinding(options, 'createSignHandler');

    const respond: PlainHandler = async (input) => {
      const { method, url, header } = input;
      if (method === 'OPTIONS' && cors.enabled) {
        return { status: 204, headers: cors.preflight(header('origin')), body: null };
      }
      const corsHeaders = cors.headers(header('origin'));
      if (method !== 'GET' && method !== 'HEAD') {
        return problem(405, 'METHOD_NOT_ALLOWED', 'Use GET', { ...corsHeaders, allow: 'GET' });
      }
      const params = url.searchParams;
      const appId = params.get('appId');
      if (!appId) return problem(400, 'MISSING_APP_ID', 'The appId query parameter is required', corsHeaders);
      if (appId !== ownAppId)
        return problem(403, 'UNKNOWN_APP_ID', 'This endpoint does not sign for that appId', corsHeaders);
      // Another site navigating the browser here would replace the login tab's cookie.
      if (cookieName !== undefined && !mayBindCookie(header, cors.allows)) {
        const { message } = SERVER_ERRORS.SIGN_FETCH_ONLY;
        return problem(403, 'SIGN_FETCH_ONLY', message, corsHeaders); // anyone may send one: not logged
      }
      try {
        const expired = params.get('reason') === 'token-expired';
        if (
          limit &&
          !(await limit(input.request(), expired ? 'expiry-report' : 'sign', {
            clientAddress: input.clientAddress(),
          }))
        ) {
          return problem(429, 'RATE_LIMITED', 'Too many requests: try again later', {
            ...corsHeaders,
            'retry-after': LIMITED_RETRY_AFTER,
          });
        }
        // A client saw resCode 2 with the sign it sends back: the cached token may be dead. Its
        // sign is checked against the binding this request brought (the old sign's cookie).
        if (expired) {
          const bound = binding && cookieName === undefined ? await binding(input.request()) : undefined;
          const brought =
            cookieName !== undefined ? cookieValues(header('cookie'), cookieName) : bound ? [bound] : [];
          if ((await report(params.get('sign'), brought)) === 'bound-elsewhere') {
            const { message } = SERVER_ERRORS.SIGN_BOUND_ELSEWHERE;
            return problem(403, 'SIGN_BOUND_ELSEWHERE', message, corsHeaders); // anyone may send one: not logged
          }
        }
        // A fresh id per sign, never the one the request brought (docs/server.md, binding).
        const fresh = cookieName === undefined ? undefined : freshBindingId();
        const bound = fresh ?? (binding ? await binding(input.request()) : undefined);
        const token = await tokens.getToken();
        const sign = await codec.buildSign({ appId, token, timeStamp: String(clock.now()) }, aesKey, bound);
        if (cookieName === undefined || fresh === undefined) return json(200, { sign }, corsHeaders);
        return json(200, { sign }, { ...corsHeaders, 'set-cookie': bindingCookieLine(cookieName, fresh) });
      } catch (error) {
        logSignFailure(logger, error, aesKey);
        if (isOneTapServerError(error)) {
          // A token refusal (502) is remembered for 2 s and a 503 passes: either is worth a retry later.
          const retry: Record<string, string> = error.status >= 502 ? { 'retry-after': '5' } : {};
          // The code's fixed text only: the detail (hosts, the cause) is for the logger, not for
          // anyone who can reach this endpoint.
          const { message } = SERVER_ERRORS[error.code];
          return problem(error.status, error.code, message, { ...corsHeaders, ...retry });
        }
        return problem(500, 'INTERNAL', 'The sign could not be built', corsHeaders);
      }
    };
    const answer: PlainHandler = (input) =>
      measureSign(flowIdOf(input.url.searchParams.get('flowId')), async (note) => {
        const answered = await respond(input);
        note.outcome = outcomeOf(answered);
        return answered;
      });
    // `.node` answers GET and HEAD without a Fetch Request/Response pair, the same bytes as
    // toNodeHandler(handler) would send: under load the pair took about 45 µs of server CPU
    // per request, where the whole request now takes about 25 (the sign itself about 1).
    return Object.assign(toFetchHandler(answer), { node: toFastNodeHandler(answer) });
  };
}
