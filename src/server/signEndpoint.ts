// The sign endpoint's logic, over whichever buildSign the entry file binds.
import { isOneTapServerError } from './errors.js';
import {
  type FetchHandler,
  type NodeHandler,
  type PlainAnswer,
  type PlainHandler,
  toFastNodeHandler,
  toFetchHandler,
} from './nodeAdapter.js';
import { requireAesKey, requireAppId } from './requireOptions.js';
import type { BuildSign } from './signCodec.js';
import { logSignFailure, type SignHandlerLogger, TOKEN_EXPIRED_REPORTED } from './signFailureLog.js';
import { createTokenClient, type TokenClient } from './tokenClient.js';

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
  /** @defaultValue a token client with an in-memory cache for `appId` */
  tokens?: TokenClient | undefined;
  /**
   * Cross-origin callers allowed: `true` for any, an origin, or a list of origins.
   * @defaultValue false (same origin only)
   */
  cors?: boolean | string | readonly string[] | undefined;
  /** A client that saw resCode 2 asks for `reason=token-expired`; honour that at most this often. @defaultValue 10000 */
  minInvalidateIntervalMs?: number | undefined;
  /**
   * Told of every failed sign request once (`error`: code, status, cause; never the key, a
   * token, a sign or a phone), and (`warn`, if present) of a client's token-expired report,
   * which, if it repeats, means a wrong AES key or appId. `console` and pino fit. Refused
   * requests (400, 403, 405) are not logged: anyone can send those.
   * @defaultValue none
   */
  logger?: SignHandlerLogger | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  now?: (() => number) | undefined;
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

function corsHeaders(cors: SignHandlerOptions['cors'], origin: string | null): Record<string, string> {
  if (!cors || origin === null) return {};
  if (cors === true) return { 'access-control-allow-origin': '*' };
  const allowed = typeof cors === 'string' ? [cors] : cors;
  return allowed.includes(origin)
    ? { 'access-control-allow-origin': origin, vary: 'Origin' }
    : { vary: 'Origin' };
}

/**
 * createSignHandler over one AES backend: the entry file a runtime imports picks it
 * (./signHandler.ts WebCrypto, ./signHandlerNode.ts node:crypto). This module imports neither.
 */
export function signHandlerFactory(buildSign: BuildSign): (options: SignHandlerOptions) => SignHandler {
  return (options) => {
    requireAppId(options.appId, 'createSignHandler');
    requireAesKey(options.aesKey, 'createSignHandler');
    const now = options.now ?? Date.now;
    const tokens =
      options.tokens ??
      createTokenClient({ appId: options.appId, baseUrl: options.baseUrl, fetch: options.fetch, now });
    const minInterval = options.minInvalidateIntervalMs ?? 10_000;
    let lastInvalidation = Number.NEGATIVE_INFINITY;

    const answer: PlainHandler = async ({ method, url, header }) => {
      const cors = corsHeaders(options.cors, header('origin'));
      if (method === 'OPTIONS' && options.cors) {
        return {
          status: 204,
          headers: { ...cors, 'access-control-allow-methods': 'GET', 'access-control-max-age': '600' },
          body: null,
        };
      }
      if (method !== 'GET' && method !== 'HEAD') {
        return problem(405, 'METHOD_NOT_ALLOWED', 'Use GET', { ...cors, allow: 'GET' });
      }
      const params = url.searchParams;
      const appId = params.get('appId');
      if (!appId) return problem(400, 'MISSING_APP_ID', 'The appId query parameter is required', cors);
      if (appId !== options.appId)
        return problem(403, 'UNKNOWN_APP_ID', 'This endpoint does not sign for that appId', cors);
      try {
        // A client saw resCode 2: the cached token may be dead. Rate-limited, since anyone can ask.
        if (params.get('reason') === 'token-expired' && now() - lastInvalidation >= minInterval) {
          lastInvalidation = now();
          options.logger?.warn?.(TOKEN_EXPIRED_REPORTED);
          await tokens.invalidate();
        }
        const token = await tokens.getToken();
        return json(200, { sign: await buildSign({ appId, token }, options.aesKey) }, cors);
      } catch (error) {
        logSignFailure(options.logger, error, options.aesKey);
        if (isOneTapServerError(error)) {
          const retry: Record<string, string> = error.status === 503 ? { 'retry-after': '5' } : {};
          return problem(error.status, error.code, error.message, { ...cors, ...retry });
        }
        return problem(500, 'INTERNAL', 'The sign could not be built', cors);
      }
    };
    // `.node` answers GET and HEAD without a Fetch Request/Response pair, the same bytes as
    // toNodeHandler(handler) would send: under load the pair took about 45 µs of server CPU
    // per request, where the whole request now takes about 25 (the sign itself about 1).
    return Object.assign(toFetchHandler(answer), { node: toFastNodeHandler(answer) });
  };
}
