// The confirm route, as the sign handler is the sign route: a Fetch handler (with `.node`) that
// takes a POSTed `{ sign }`, refuses what a login must not trust (another site's request, a body
// that is not JSON, a sign bound to another session), confirms with Yuefu through confirmResult
// and hands the result to the partner's `onConfirmed`, which starts its session. Every answer
// but onConfirmed's is a fixed text: the detail (hosts, ports, a sign's age) goes to the logger
// only, never to whoever can reach the route.
import { isOneTapError } from '../core/errors.js';
import {
  type AccountLookup,
  type ConfirmAccount,
  maskMatches,
  namedAccount,
  requireAccountLookup,
} from './account.js';
import type { ConfirmedResult, ConfirmOptions } from './confirmResult.js';
import {
  isOneTapServerError,
  OneTapServerError,
  requireAesKey,
  requireAppId,
  SERVER_ERRORS,
} from './errors.js';
import { confirmUnderAny, cookieValues, requireBinding } from './http/bindingCookie.js';
import {
  cappedText,
  corsFor,
  fromAllowedPage,
  isJson,
  originList,
  preflight,
  signOf,
  withHeaders,
} from './http/confirmRequest.js';
import {
  LIMITED_RETRY_AFTER,
  logFailure,
  type RequestBinding,
  type RequestLimit,
  requireLimit,
  type SignHandlerLogger,
} from './http/hooks.js';
import { type FetchHandler, type NodeHandler, toCappedNodeHandler } from './http/nodeAdapter.js';
import { measureConfirm, type Note } from './telemetry.js';
import { warnIfPlainHttp } from './upstream.js';

export interface ConfirmHandlerOptions extends Omit<ConfirmOptions, 'sign' | 'binding' | 'logger'> {
  /** Without `account`, the confirmed number alone: see `AccountConfirmHandlerOptions`. */
  account?: undefined;
  /**
   * The binding of the confirming request, as the sign handler's `binding` read it for the
   * request that got the sign (the same cookie or session): a sign issued for another binding
   * is answered 401 `SIGN_BOUND_ELSEWHERE` before Yuefu is asked.
   * @defaultValue none (only unbound signs confirm)
   */
  binding?: RequestBinding | undefined;
  /**
   * The sign handler's `bindingCookie`: the binding is read from that cookie, so a confirm
   * without the value the sign route set with the sign (another browser, a client with no
   * cookies, a script that read the sign off the page and sends it from elsewhere) is 401
   * `SIGN_BOUND_ELSEWHERE` before Yuefu is asked. If the browser sends several cookies of that
   * name (one planted from a sibling subdomain, for a name without `__Host-`), any that is the
   * sign's binding passes. With `binding` too: a TypeError.
   * @defaultValue none
   */
  bindingCookie?: string | undefined;
  /**
   * Origins besides the route's own whose pages may confirm (exact, `https://shop.example`),
   * e.g. your public origin when a proxy hands the server another URL. A request another site
   * sends is 403 (`Sec-Fetch-Site`, else `Origin`): a form elsewhere cannot log a visitor into
   * the account of a sign its author looked up (login CSRF). `'*'` and `'null'` throw.
   * @defaultValue none: same origin only
   */
  origins?: string | readonly string[] | undefined;
  /**
   * Where you log the user in: gets the confirmed result and the request (its cookies) and
   * returns the route's answer, your session's `Set-Cookie` included, which passes through.
   * What it throws is answered 500 `INTERNAL` and logged.
   */
  onConfirmed: (result: ConfirmedResult, request: Request) => Response | Promise<Response>;
  /**
   * Told of each confirm that failed (`error` for 5xx: the provider unreachable, the store
   * down, onConfirmed throwing; `warn`, if present, for a refused sign: its code and detail,
   * e.g. how old an expired sign was), never the key, a sign or a phone. Requests refused
   * before confirming (405, 403, 415, 413, 400) are not logged: anyone can send those.
   * @defaultValue none
   */
  logger?: SignHandlerLogger | undefined;
  /**
   * Your budget for this route, asked before the body is read: `(request, 'confirm', {
   * clientAddress })`; `false` (or a promise of it) answers 429 `RATE_LIMITED` with
   * `Retry-After: 5`. Per-IP limits with rate-limiter-flexible: docs/server.md.
   * @defaultValue none
   */
  limit?: RequestLimit | undefined;
}

/** `createConfirmHandler`'s options with `account`: the login decided by the account rule. */
export interface AccountConfirmHandlerOptions extends Omit<ConfirmHandlerOptions, 'account' | 'onConfirmed'> {
  /**
   * The account this browser names (`{ id, phone }`, `phone` the full number an SMS code
   * proved), read from the request, e.g. a sealed HttpOnly cookie set at the last SMS login; or
   * `undefined`. None: 401 `NO_ACCOUNT` before any provider query (the page offers SMS). A
   * confirmed mask that is not `phone`'s (`maskMatches`): 401 `NUMBER_MISMATCH`, and the sign
   * is spent (it resolved: a retry is `SIGN_USED` without asking Yuefu again). A match:
   * `onConfirmed({ ...result, account }, request)`. What it throws, or a value that is no
   * account, is 500 `INTERNAL`, logged.
   */
  account: AccountLookup;
  /** As `ConfirmHandlerOptions.onConfirmed`, with the account the result matched. */
  onConfirmed: (
    result: ConfirmedResult & { account: ConfirmAccount },
    request: Request,
  ) => Response | Promise<Response>;
}

export type ConfirmHandler = FetchHandler & { node: NodeHandler };

/** What a confirm body may weigh: `{"sign":"…"}` with a sign under 1 KB, and room to spare. */
const MAX_BODY_BYTES = 2048;
const ROUTE = 'one-tap-phone confirm route';

/** What the route answers before a sign is looked at: [status, fixed text]. */
const PRE_CONFIRM = {
  METHOD_NOT_ALLOWED: [405, 'Use POST'],
  CROSS_SITE: [403, 'This route answers its own site’s pages only'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'The body must be application/json'],
  BODY_TOO_LARGE: [413, 'The body is over 2 KB'],
  BAD_REQUEST: [400, 'The body must be a JSON object with a string sign'],
  RATE_LIMITED: [429, 'Too many requests: try again later'],
  INTERNAL: [500, 'The confirm failed'],
} as const;

/** The code of each refusal this route made, for its span (onConfirmed's answers are `ok`). */
const refusals = new WeakMap<Response, string>();

function answer(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const response = Response.json(
    { error: { code, message } },
    { status, headers: { 'cache-control': 'no-store', ...headers } },
  );
  refusals.set(response, code);
  return response;
}

const refuse = (code: keyof typeof PRE_CONFIRM, headers?: Record<string, string>) =>
  answer(PRE_CONFIRM[code][0], code, PRE_CONFIRM[code][1], headers);

/**
 * What the route says of Yuefu's answers: the server's view (the flow's texts speak of the
 * page's scripts, and one hints at the server's key), nothing about hosts or time.
 */
const YUEFU_ANSWERS = {
  NETWORK: 'Yuefu could not be reached: try again',
  TIMEOUT: 'Yuefu did not answer in time: try again',
  RESULT_UNAVAILABLE: 'Yuefu has no number for this sign',
  TOKEN_EXPIRED: 'Yuefu no longer accepts this sign',
  MISSING_PARAMS: 'Yuefu refused the query',
  OTHER: 'Yuefu could not confirm this sign',
} as const;

/** The status a failed confirm is answered with: a refused sign 401, Yuefu unreachable 502. */
function statusOf(error: unknown): { status: number; code: string; message: string } {
  if (isOneTapServerError(error)) {
    const { message } = SERVER_ERRORS[error.code];
    if (error.code === 'SIGN_INVALID') return { status: 400, code: error.code, message };
    if (error.code.startsWith('SIGN_') || error.code === 'RESULT_MALFORMED') {
      return { status: 401, code: error.code, message };
    }
    return { status: error.status, code: error.code, message }; // STORE_UNAVAILABLE: 503
  }
  if (isOneTapError(error)) {
    const message = YUEFU_ANSWERS[error.code as keyof typeof YUEFU_ANSWERS] ?? YUEFU_ANSWERS.OTHER;
    // Yuefu could not be asked: not the sign's fault, and worth a retry with it.
    if (error.code === 'NETWORK' || error.code === 'TIMEOUT')
      return { status: 502, code: error.code, message };
    return { status: 401, code: error.code, message };
  }
  return { status: 500, code: 'INTERNAL', message: PRE_CONFIRM.INTERNAL[1] };
}

export type ConfirmWith = (options: ConfirmOptions) => Promise<ConfirmedResult>;

/** createConfirmHandler over one backend's confirmResult (./bind.ts hands it in). */
export function confirmHandlerFactory(
  confirm: ConfirmWith,
): (options: ConfirmHandlerOptions | AccountConfirmHandlerOptions) => ConfirmHandler {
  return (options) => {
    requireAppId(options.appId, 'createConfirmHandler');
    requireAesKey(options.aesKey, 'createConfirmHandler');
    if (typeof options.store?.claim !== 'function') {
      throw new TypeError('createConfirmHandler: store is missing; pass the sign handler’s store');
    }
    if (typeof options.onConfirmed !== 'function') {
      throw new TypeError(
        'createConfirmHandler: onConfirmed is missing; it logs the user in and returns the Response',
      );
    }
    const {
      account,
      binding,
      bindingCookie: _cookie,
      onConfirmed,
      logger,
      limit,
      origins: _origins,
      ...confirmOptions
    } = options;
    requireLimit(limit, 'createConfirmHandler');
    const cookieName = requireBinding(options, 'createConfirmHandler');
    requireAccountLookup(account, 'createConfirmHandler');
    // One call shape for both: the account is added only when `account` was given.
    const loggedIn = onConfirmed as (
      result: ConfirmedResult & { account?: ConfirmAccount },
      request: Request,
    ) => Response | Promise<Response>;
    const allowed = originList(options.origins);
    warnIfPlainHttp(options.baseUrl, logger);

    const respond = async (request: Request, info: Parameters<FetchHandler>[1], note: Note) => {
      const cors = corsFor(request, allowed);
      const preflighted = preflight(request, cors);
      if (preflighted) return preflighted;
      if (request.method !== 'POST') return refuse('METHOD_NOT_ALLOWED', { allow: 'POST' });
      if (!fromAllowedPage(request, allowed)) return refuse('CROSS_SITE');
      try {
        if (limit && !(await limit(request, 'confirm', { clientAddress: info?.clientAddress }))) {
          return refuse('RATE_LIMITED', { ...cors, 'retry-after': LIMITED_RETRY_AFTER });
        }
      } catch (error) {
        logFailure(logger, error, options.aesKey, { route: ROUTE, internal: 'limit threw' });
        return refuse('INTERNAL', cors);
      }
      if (!isJson(request.headers.get('content-type'))) return refuse('UNSUPPORTED_MEDIA_TYPE', cors);
      const text = await cappedText(request, MAX_BODY_BYTES).catch(() => '');
      if (text === undefined) return refuse('BODY_TOO_LARGE', { ...cors, connection: 'close' });
      const sign = signOf(text);
      if (sign === undefined) return refuse('BAD_REQUEST', cors);

      let result: ConfirmedResult & { account?: ConfirmAccount };
      try {
        // Before anything is spent: a browser that names no account logs in by SMS.
        const named = account ? namedAccount(await account(request)) : undefined;
        if (account && !named) throw new OneTapServerError('NO_ACCOUNT');
        const bound =
          cookieName !== undefined
            ? cookieValues(request.headers.get('cookie'), cookieName)
            : [binding ? await binding(request) : undefined].filter((value) => value !== undefined);
        const confirmed = await confirmUnderAny(bound, (one) =>
          confirm({ ...confirmOptions, sign, binding: one, logger }),
        );
        // The sign is spent by now (confirmResult claimed it): a mismatch's retry asks nothing.
        if (named && !maskMatches(confirmed.phone, named.phone))
          throw new OneTapServerError('NUMBER_MISMATCH');
        result = named ? { ...confirmed, account: named } : confirmed;
      } catch (error) {
        const answered = statusOf(error);
        logFailure(logger, error, options.aesKey, {
          route: ROUTE,
          internal: 'the confirm failed',
          level: answered.status < 500 ? 'warn' : 'error',
          answered,
        });
        const retry: Record<string, string> = answered.status === 503 ? { 'retry-after': '5' } : {};
        return answer(answered.status, answered.code, answered.message, { ...cors, ...retry });
      }
      note.carrier = result.carrier;
      try {
        return withHeaders(await loggedIn(result, request), cors);
      } catch (error) {
        logFailure(logger, error, options.aesKey, { route: ROUTE, internal: 'onConfirmed threw' });
        return refuse('INTERNAL', cors);
      }
    };
    const handler: FetchHandler = (request, info) =>
      measureConfirm(async (note) => {
        const response = await respond(request, info, note);
        note.outcome = refusals.get(response) ?? 'ok';
        return response;
      });
    // Under `.node` the body is read no further than the cap, not to the adapter's 64 KB.
    return Object.assign(handler, { node: toCappedNodeHandler(handler, MAX_BODY_BYTES) });
  };
}
