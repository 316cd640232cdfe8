// The page's funnel on the server: a route the page's `beaconEvents` posts its flow events to,
// recorded as OpenTelemetry metrics (`one_tap.flow.events`, `one_tap.flow.time_to_number`).
// Anyone can post anything here, so it trusts nothing: same site only, JSON only, size-capped,
// each event checked field by field against the page's own tables, and what does not fit dropped.
// Nothing from the body reaches a metric but a known status, carrier and error code.
import type { Carrier } from '../core/carrier.js';
import { ONE_TAP_ERRORS } from '../core/errors.js';
import type { OneTapStatus } from '../core/state.js';
import {
  cappedText,
  corsFor,
  fromAllowedPage,
  isJson,
  originList,
  preflight,
} from './http/confirmRequest.js';
import {
  LIMITED_RETRY_AFTER,
  logFailure,
  type RequestLimit,
  requireLimit,
  type SignHandlerLogger,
} from './http/hooks.js';
import { type FetchHandler, type NodeHandler, toCappedNodeHandler } from './http/nodeAdapter.js';
import { recordFlowEvent } from './telemetry.js';

export interface EventsHandlerOptions {
  /**
   * Origins besides the route's own whose pages may post (exact, `https://shop.example`). A
   * request another site sends is 403: a page elsewhere must not skew your funnel.
   * @defaultValue none: same origin only
   */
  origins?: string | readonly string[] | undefined;
  /**
   * Your budget for this route: `(request, 'events', { clientAddress })`; `false` answers 429
   * `RATE_LIMITED`. A page sends one batch per flow or two.
   * @defaultValue none
   */
  limit?: RequestLimit | undefined;
  /** Told when `limit` throws. Refused and dropped posts are not logged: anyone can send those. */
  logger?: SignHandlerLogger | undefined;
}

export type EventsHandler = FetchHandler & { node: NodeHandler };

/** A batch: at most 50 events of about 150 bytes each, with room to spare. */
const MAX_BODY_BYTES = 16 * 1024;
const MAX_EVENTS = 50;
const ROUTE = 'one-tap-phone events route';

// Records over every status and carrier: a new one in core fails the type check here, instead
// of its events being dropped as unknown.
const STATUS: Record<OneTapStatus, true> = {
  idle: true,
  signing: true,
  requesting: true,
  polling: true,
  ready: true,
  confirming: true,
  success: true,
  error: true,
};
const CARRIER: Record<Carrier, true> = {
  mobile: true,
  unicom: true,
  telecom: true,
  broadnet: true,
  unknown: true,
};
const STATUSES = new Set(Object.keys(STATUS));
const CARRIERS = new Set(Object.keys(CARRIER));
const CODES = new Set(Object.keys(ONE_TAP_ERRORS));
/** The flow's own deadline is 20 s; a longer time to the number is not one the page measured. */
const MAX_SECONDS_TO_NUMBER = 120;

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1000;

/** What one posted event may record, or undefined to drop it. */
function eventOf(value: unknown): Parameters<typeof recordFlowEvent>[0] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { status, carrier, code, elapsedMs, queries } = value as Record<string, unknown>;
  if (typeof status !== 'string' || !STATUSES.has(status)) return undefined;
  if (carrier !== undefined && (typeof carrier !== 'string' || !CARRIERS.has(carrier))) return undefined;
  if (code !== undefined && (typeof code !== 'string' || !CODES.has(code))) return undefined;
  if (status === 'error' && code === undefined) return undefined;
  if (!isCount(queries)) return undefined;
  if (typeof elapsedMs !== 'number' || !(elapsedMs >= 0 && elapsedMs <= MAX_SECONDS_TO_NUMBER * 1000)) {
    return undefined;
  }
  return {
    status,
    carrier,
    // A sign fetched again mid-flow (the provider said the token expired) is a signing event
    // after a query: counted as signing with code TOKEN_EXPIRED, so `signing` without a code
    // counts lookups begun.
    code: status === 'signing' && queries > 0 ? 'TOKEN_EXPIRED' : code,
    secondsToNumber: status === 'ready' ? elapsedMs / 1000 : undefined,
  };
}

/** `{ events: [...] }` (what beaconEvents sends) or a bare array. */
function eventsIn(text: string): unknown[] | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    const list = Array.isArray(body) ? body : (body as { events?: unknown } | null)?.events;
    return Array.isArray(list) && list.length <= MAX_EVENTS ? list : undefined;
  } catch {
    return undefined;
  }
}

const refuse = (status: number, code: string, headers: Record<string, string> = {}) =>
  Response.json({ error: { code } }, { status, headers: { 'cache-control': 'no-store', ...headers } });

/**
 * The route `beaconEvents(url)` posts to: records each valid `OneTapEvent` as OpenTelemetry
 * metrics (`one_tap.flow.events` by status, carrier and code; `one_tap.flow.time_to_number`
 * by carrier) and answers 204. A no-op for metrics until you register the OpenTelemetry SDK.
 * Refuses other methods (405), other sites (403), other media types (415), bodies over 16 KB
 * (413) and bodies that are not a batch (400); drops each event that does not check out.
 */
export function createEventsHandler(options: EventsHandlerOptions = {}): EventsHandler {
  const { limit, logger } = options;
  requireLimit(limit, 'createEventsHandler');
  const allowed = originList(options.origins, 'createEventsHandler');

  const handler: FetchHandler = async (request, info) => {
    const cors = corsFor(request, allowed);
    const preflighted = preflight(request, cors);
    if (preflighted) return preflighted;
    if (request.method !== 'POST') return refuse(405, 'METHOD_NOT_ALLOWED', { allow: 'POST' });
    if (!fromAllowedPage(request, allowed)) return refuse(403, 'CROSS_SITE');
    try {
      if (limit && !(await limit(request, 'events', { clientAddress: info?.clientAddress }))) {
        return refuse(429, 'RATE_LIMITED', { ...cors, 'retry-after': LIMITED_RETRY_AFTER });
      }
    } catch (error) {
      logFailure(logger, error, '', { route: ROUTE, internal: 'limit threw' });
      return refuse(500, 'INTERNAL', cors);
    }
    if (!isJson(request.headers.get('content-type'))) return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', cors);
    const text = await cappedText(request, MAX_BODY_BYTES).catch(() => '');
    if (text === undefined) return refuse(413, 'BODY_TOO_LARGE', { ...cors, connection: 'close' });
    const events = eventsIn(text);
    if (events === undefined) return refuse(400, 'BAD_REQUEST', cors);
    for (const posted of events) {
      const event = eventOf(posted);
      if (event) recordFlowEvent(event);
    }
    return new Response(null, { status: 204, headers: { 'cache-control': 'no-store', ...cors } });
  };
  return Object.assign(handler, { node: toCappedNodeHandler(handler, MAX_BODY_BYTES) });
}
