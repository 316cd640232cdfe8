// The server's spans and metrics, on @opentelemetry/api alone: a no-op until the partner
// registers an SDK, and then inside whatever span is active (their HTTP server's). What goes in
// is fixed and coarse on purpose: an outcome code, the carrier, the page's flow id, durations.
// Never a sign, a token, a key, a reqId or a number, masked or not: the attributes are built
// here from those few fields only, never from a request or an answer.
import {
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  metrics,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { parseEnvelope, RES_CODE } from '../core/protocol.js';

/** The instrumentation scope: the package, and its version (test/node/telemetry.test.ts holds it to package.json). */
export const SCOPE = { name: 'one-tap-phone', version: '0.1.0' } as const;

/** Attribute names, as the docs (docs/operations.md) and dashboards spell them. */
const ATTR = {
  outcome: 'one_tap.outcome',
  flowId: 'one_tap.flow_id',
  carrier: 'one_tap.carrier',
  operation: 'one_tap.provider.operation',
  status: 'one_tap.status',
  code: 'one_tap.code',
  errorType: 'error.type',
} as const;

export type ProviderOperation = 'token' | 'query' | 'report-check';

/** Seconds: a token request or query takes 20 ms to 5 s; a sign with a cached token under 1 ms. */
const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Tap to number on a phone: about 1-3 s, up to the flow's 20 s deadline. */
const FLOW_SECONDS = [0.25, 0.5, 1, 1.5, 2, 3, 5, 8, 13, 20];

interface Instruments {
  sign: Histogram;
  confirm: Histogram;
  provider: Histogram;
  flowEvents: Counter;
  timeToNumber: Histogram;
}

// The metrics API has no proxy: a meter taken before the partner registers the SDK stays a no-op
// forever. So the instruments are made from whichever provider is registered now, once per provider.
let made: { provider: MeterProvider; instruments: Instruments } | undefined;

function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (made?.provider === provider) return made.instruments;
  const meter = provider.getMeter(SCOPE.name, SCOPE.version);
  const seconds = (name: string, description: string, bounds = SECONDS) =>
    meter.createHistogram(name, { description, unit: 's', advice: { explicitBucketBoundaries: bounds } });
  const instruments: Instruments = {
    sign: seconds('one_tap.sign.duration', 'Sign route requests, by outcome'),
    confirm: seconds('one_tap.confirm.duration', 'Confirm route requests, by outcome and carrier'),
    provider: seconds('one_tap.provider.duration', 'Requests to Yuefu, by operation and outcome'),
    flowEvents: meter.createCounter('one_tap.flow.events', {
      description: 'Phases the page reported, by status, carrier and error code',
    }),
    timeToNumber: seconds(
      'one_tap.flow.time_to_number',
      'From the tap to the masked number on the page, by carrier',
      FLOW_SECONDS,
    ),
  };
  made = { provider, instruments };
  return instruments;
}

/** What one measured piece of work learned: its outcome and, on a confirm, the carrier. */
export interface Note {
  outcome?: string | undefined;
  carrier?: string | undefined;
}

/** A code for what was thrown: the error's own code, else INTERNAL. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z_]{1,40}$/.test(code) ? code : 'INTERNAL';
}

/** A fetch that failed: its deadline, or the network. */
export const unreachableCode = (error: unknown): string =>
  (error as { name?: unknown } | null)?.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK';

const ANSWER_CODES: Record<string, string> = {
  [RES_CODE.OK]: 'ok',
  [RES_CODE.MISSING_PARAMS]: 'MISSING_PARAMS',
  [RES_CODE.TOKEN_EXPIRED]: 'TOKEN_EXPIRED',
  [RES_CODE.NOT_READY]: 'RESULT_UNAVAILABLE',
};

/** The outcome of a query Yuefu answered: `ok` for resCode 0, else what its resCode means. */
export function answerCode(text: string): string {
  try {
    return ANSWER_CODES[parseEnvelope(text).resCode] ?? 'BAD_RESPONSE';
  } catch {
    return 'BAD_RESPONSE';
  }
}

/** A page's flow id as the sign route received it, if it is one (short, URL-safe). */
export const flowIdOf = (value: string | null): string | undefined =>
  value !== null && /^[\w-]{1,64}$/.test(value) ? value : undefined;

// The API's proxy tracer: it finds the partner's tracer provider whenever that is registered,
// before or after this module loads. Taken once: a tracer per request cost the sign route's
// no-SDK path an allocation each time.
const tracer = trace.getTracer(SCOPE.name, SCOPE.version);
const now = () => performance.now();

type Kind =
  | { span: 'one_tap.sign'; histogram: 'sign' }
  | { span: 'one_tap.confirm'; histogram: 'confirm' }
  | { span: 'one_tap.token_request' | 'one_tap.provider_query'; histogram: 'provider' };

/**
 * Runs `work` in a span of `kind` (a child of the active one) and records its duration. `work`
 * fills the note (outcome, carrier); a throw is its code. The note's outcome `ok` is success.
 */
async function measured<T>(kind: Kind, attributes: Attributes, work: (note: Note) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(kind.span, { attributes }, async (span) => {
    const note: Note = {};
    const started = now();
    try {
      return await work(note);
    } catch (error) {
      note.outcome ??= codeOf(error);
      throw error;
    } finally {
      const outcome = note.outcome ?? 'ok';
      const done: Attributes = { ...attributes, [ATTR.outcome]: outcome };
      if (note.carrier !== undefined) done[ATTR.carrier] = note.carrier;
      if (outcome !== 'ok') {
        done[ATTR.errorType] = outcome;
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      }
      span.setAttributes(done);
      span.end();
      // The flow id is a span's, not a metric's: one series per flow would swamp any backend.
      const { [ATTR.flowId]: _flow, ...series } = done;
      instruments()[kind.histogram].record((now() - started) / 1000, series);
    }
  });
}

const SIGN: Kind = { span: 'one_tap.sign', histogram: 'sign' };
const CONFIRM: Kind = { span: 'one_tap.confirm', histogram: 'confirm' };
const TOKEN: Kind = { span: 'one_tap.token_request', histogram: 'provider' };
const QUERY: Kind = { span: 'one_tap.provider_query', histogram: 'provider' };
const NO_ATTRIBUTES: Attributes = {};

/** The sign route's request (`one_tap.sign`). */
export const measureSign = <T>(flowId: string | undefined, work: (note: Note) => Promise<T>) =>
  measured(SIGN, flowId ? { [ATTR.flowId]: flowId } : NO_ATTRIBUTES, work);

/** The confirm route's request (`one_tap.confirm`). */
export const measureConfirm = <T>(work: (note: Note) => Promise<T>) => measured(CONFIRM, NO_ATTRIBUTES, work);

/** One request to Yuefu: a token (`one_tap.token_request`), or a query (`one_tap.provider_query`). */
export const measureProvider = <T>(operation: ProviderOperation, work: (note: Note) => Promise<T>) =>
  measured(operation === 'token' ? TOKEN : QUERY, { [ATTR.operation]: operation }, work);

/** One phase the page reported (createEventsHandler), already validated. */
export function recordFlowEvent(event: {
  status: string;
  carrier?: string | undefined;
  code?: string | undefined;
  secondsToNumber?: number | undefined;
}): void {
  const { flowEvents, timeToNumber } = instruments();
  const attributes: Attributes = { [ATTR.status]: event.status };
  if (event.carrier !== undefined) attributes[ATTR.carrier] = event.carrier;
  if (event.code !== undefined) attributes[ATTR.code] = event.code;
  flowEvents.add(1, attributes);
  if (event.secondsToNumber !== undefined) {
    timeToNumber.record(
      event.secondsToNumber,
      event.carrier === undefined ? {} : { [ATTR.carrier]: event.carrier },
    );
  }
}
