// The sign endpoint's logic, over whichever sign codec the entry file binds, and what it does with
// a client's token-expired report.
import { type Clock, systemClock } from '../../core/clock.js';
import { DEFAULT_BASE_URL, parseEnvelope, queryUrl, RES_CODE } from '../../core/protocol.js';
import type { SignCodec } from '../crypto/signCodec.js';
import { isOneTapServerError, requireAesKey, requireAppId, SERVER_ERRORS } from '../errors.js';
import {
  DEFAULT_MAX_AGE_MS,
  isConfirmed,
  signRecordId,
  signRecordTtlMs,
  takeQuery,
} from '../tokens/signRecords.js';
import { createTokenClient, type TokenClient } from '../tokens/tokenClient.js';
import { memoryTokenStore, type TokenStore } from '../tokens/tokenStore.js';
import { timeoutSignal, warnIfPlainHttp } from '../upstream.js';
import { bindingCookieLine, freshBindingId, requireBinding } from './bindingCookie.js';
import { type CorsSetting, corsOf } from './cors.js';
import {
  LIMITED_RETRY_AFTER,
  logSignFailure,
  type RequestBinding,
  type RequestLimit,
  requireLimit,
  type SignHandlerLogger,
  TOKEN_EXPIRED_REPORTED,
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
   * a script on the page confirms for nobody else. Under `.node` a `Request` is made for it.
   * @defaultValue none (signs are bearer tokens: whoever confirms one first logs in)
   */
  binding?: RequestBinding | undefined;
  /**
   * The name of a cookie the handler makes for you, e.g. `'__Host-one-tap'`: for every sign it
   * makes a fresh random id (128 bits), binds the sign to it and sets it
   * (`Set-Cookie: <name>=<id>; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=300`), under
   * `.node` too. Give `createConfirmHandler` the same `bindingCookie`: a confirm without that
   * cookie's value is refused (`SIGN_BOUND_ELSEWHERE`) before Yuefu is asked. Never an id the
   * request brought: a script on the page can plant a cookie. With `binding` too: a TypeError.
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

    const answer: PlainHandler = async (input) => {
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
        // A client saw resCode 2 with the sign it sends back: the cached token may be dead.
        if (expired) await report(params.get('sign'));
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
          const retry: Record<string, string> = error.status === 503 ? { 'retry-after': '5' } : {};
          // The code's fixed text only: the detail (hosts, the cause) is for the logger, not for
          // anyone who can reach this endpoint.
          const { message } = SERVER_ERRORS[error.code];
          return problem(error.status, error.code, message, { ...corsHeaders, ...retry });
        }
        return problem(500, 'INTERNAL', 'The sign could not be built', corsHeaders);
      }
    };
    // `.node` answers GET and HEAD without a Fetch Request/Response pair, the same bytes as
    // toNodeHandler(handler) would send: under load the pair took about 45 µs of server CPU
    // per request, where the whole request now takes about 25 (the sign itself about 1).
    return Object.assign(toFetchHandler(answer), { node: toFastNodeHandler(answer) });
  };
}

// The token-expired report. What the sign endpoint does with a client's `reason=token-expired&sign=…`: anyone can send
// one, so a report drops nothing by itself. Only a sign this server issued, carrying the token
// still cached, is checked, by asking Yuefu about that very sign; the token is dropped
// (compare-and-delete) only if Yuefu answers resCode 2.
/** A check must leave the browser's 8 s sign timeout room for the token fetch that may follow. */
const CHECK_TIMEOUT_MS = 2500;
/**
 * A client reports a sign it used moments ago (at most the sign cache's 20 s and the lookup's
 * 20 s). An older one is no news, and would let anyone hold the check with a sign of their
 * choosing while real reports wait on its answer.
 */
const MAX_REPORTED_AGE_MS = 60_000;
/** An issued sign is about 200 characters; a longer one is refused before it is decoded. */
const MAX_REPORTED_SIGN_LENGTH = 1024;

interface ExpiryReportContext {
  appId: string;
  aesKey: string;
  baseUrl: string | undefined;
  fetch: typeof globalThis.fetch | undefined;
  clock: Clock;
  codec: SignCodec;
  tokens: TokenClient;
  /** Where confirmResult keeps its records of signs: a report counts against the same queries. */
  store: TokenStore;
  logger: SignHandlerLogger | undefined;
}

/** Whether Yuefu answers resCode 2 (token expired) to a query with `sign`; any doubt is no. */
async function refusedByProvider(context: ExpiryReportContext, sign: string): Promise<boolean> {
  const deadline = timeoutSignal(CHECK_TIMEOUT_MS, context.clock);
  try {
    const url = queryUrl(context.baseUrl ?? DEFAULT_BASE_URL, { appId: context.appId, sign });
    const response = await (context.fetch ?? globalThis.fetch)(url, { signal: deadline.signal });
    if (!response.ok) return false;
    return parseEnvelope(await response.text()).resCode === RES_CODE.TOKEN_EXPIRED;
  } catch {
    return false;
  } finally {
    deadline.dispose();
  }
}

/** Handles one report; resolves once the token is known good, renewed or dropped. */
function expiryReports(context: ExpiryReportContext): (sign: string | null) => Promise<void> {
  const { appId, aesKey, codec, tokens, store, clock, logger } = context;
  return async (sign) => {
    if (!sign) return; // a bare report: nothing to check, so nothing is dropped
    if (sign.length > MAX_REPORTED_SIGN_LENGTH) return; // no sign of ours: not worth decoding
    const params = await codec.openSign(sign, aesKey).catch(() => undefined);
    if (!params || params.appId !== appId || !(await codec.isIssued(params, aesKey))) return;
    const issuedAt = Number(params.timeStamp);
    if (!(clock.now() - issuedAt <= MAX_REPORTED_AGE_MS)) return;
    // A confirmed sign is no news (its token worked), and the query would be one more lookup of
    // that phone, outside the sign's budget: asked about as confirmResult would ask, or not at all.
    const id = signRecordId(params.appId, params.reqId);
    if (await isConfirmed(store, id)) return;
    const dropped = await tokens.dropIfRefused(params.token, async () => {
      // Taken only when the query is about to be made: a report inside the 5 s cooldown spends
      // none of the sign's queries.
      if (!(await takeQuery(store, id, signRecordTtlMs(DEFAULT_MAX_AGE_MS)))) return false;
      return refusedByProvider(context, sign);
    });
    if (dropped) logger?.warn?.(TOKEN_EXPIRED_REPORTED);
  };
}
