import { abortError, linkedController, sleep, throwIfAborted } from './abort.js';
import { detectEnvironment, type EnvironmentInfo, precheck } from './environment.js';
import { isOneTapError, OneTapError } from './errors.js';
import { jsonpTransport, type Transport } from './jsonp.js';
import { DEFAULT_BASE_URL, getphoneUrl, parseQueryResponse, queryUrl, RES_CODE } from './protocol.js';
import { DEFAULT_POLL_DELAYS, DEFAULT_TIMEOUTS } from './schedule.js';
import { type GetSign, obtainSign, type SignReason, signGetterFor } from './sign.js';
import { idleState, type OneTapEvent, type OneTapResult, type OneTapState, oneTapReducer } from './state.js';
import { globalTimers, type Timers } from './timers.js';

export interface OneTapOptions {
  /** The appId Yuefu issued to the partner. */
  appId: string;
  /** The partner's sign endpoint (GET, `appId` added). Give this or `getSign`. */
  signUrl?: string | undefined;
  /** Produces a sign any other way; wins over `signUrl`. */
  getSign?: GetSign | undefined;
  /** Fetch options for `signUrl`: credentials, headers. */
  signRequestInit?: RequestInit | undefined;
  /** @defaultValue `'http://www.meiyuefu.com/getphone'` */
  baseUrl?: string | undefined;
  /** Wait before each query, from the previous answer; its length is the number of queries. @defaultValue `[400, 400, 400, 650, 700, 2200]` */
  pollDelays?: readonly number[] | undefined;
  /** @defaultValue 5000 */
  requestTimeoutMs?: number | undefined;
  /** @defaultValue 8000 */
  signTimeoutMs?: number | undefined;
  /** The whole flow. @defaultValue 20000 */
  deadlineMs?: number | undefined;
  /** Refuse early with NOT_CELLULAR when the browser says it is on Wi-Fi or Ethernet. @defaultValue true */
  checkConnection?: boolean | undefined;
  /** Replaces what is read from `location` and `navigator` (tests, unusual hosts). */
  environment?: Partial<EnvironmentInfo> | undefined;
  /** @defaultValue the JSONP transport */
  transport?: Transport | undefined;
  /** @defaultValue the global `setTimeout` / `clearTimeout` */
  timers?: Timers | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  /** Called with every new state, from `signing` to `success` or `error`. */
  onProgress?: ((state: OneTapState) => void) | undefined;
}

function resolveGetSign(options: OneTapOptions): GetSign {
  return (
    signGetterFor(options) ??
    (() => {
      throw new OneTapError('SIGN_FAILED', { detail: 'no appId with signUrl, and no getSign' });
    })
  );
}

/**
 * Gets the phone's (masked) number: sign, getphone, then poll query. Resolves with
 * `{ phone, par, sign }` or rejects with a OneTapError; never hangs past `deadlineMs`.
 */
export async function getPhoneNumber(
  options: OneTapOptions,
  { signal, onProgress }: RunOptions = {},
): Promise<OneTapResult> {
  const timers = options.timers ?? globalTimers;
  const deadlineMs = options.deadlineMs ?? DEFAULT_TIMEOUTS.deadlineMs;
  const link = linkedController(
    signal,
    deadlineMs,
    () => new OneTapError('TIMEOUT', { detail: `the flow took longer than ${deadlineMs} ms` }),
    timers,
  );
  let state = idleState;
  const emit = (event: OneTapEvent) => {
    state = oneTapReducer(state, event);
    onProgress?.(state);
  };
  try {
    const result = await run(options, link.signal, timers, emit);
    emit({ type: 'succeed', result });
    return result;
  } catch (thrown) {
    const error = link.signal.aborted
      ? abortError(link.signal)
      : isOneTapError(thrown)
        ? thrown
        : new OneTapError('BAD_RESPONSE', { cause: thrown, detail: 'unexpected failure' });
    emit({ type: 'fail', error });
    throw error;
  } finally {
    link.dispose();
  }
}

async function run(
  options: OneTapOptions,
  signal: AbortSignal,
  timers: Timers,
  emit: (event: OneTapEvent) => void,
): Promise<OneTapResult> {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const env = { ...detectEnvironment(), ...options.environment };
  const refusal = precheck(env, baseUrl, options.checkConnection ?? true);
  if (refusal) throw refusal;

  const transport = options.transport ?? jsonpTransport;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs;
  const delays = options.pollDelays ?? DEFAULT_POLL_DELAYS;
  const getSign = resolveGetSign(options);
  const { appId } = options;

  const sign = async (reason: SignReason) => {
    emit({ type: 'sign', reason });
    const signTimeoutMs = options.signTimeoutMs ?? DEFAULT_TIMEOUTS.signTimeoutMs;
    return obtainSign(getSign, { appId, reason, signal }, signTimeoutMs, timers);
  };

  let current = await sign('initial');
  for (let resigned = false; ; resigned = true) {
    emit({ type: 'request' });
    // getphone defines no answer; whatever it does, the result is asked of query (as the
    // provider's own plugin does on `complete`). Its round trip overlaps the first poll delay:
    // the first query goes once both have passed. Only cancellation stops here.
    const getphone = transport({
      url: getphoneUrl(baseUrl, { appId, sign: current }),
      timeoutMs,
      signal,
      timers,
    }).then(
      () => undefined,
      () => throwIfAborted(signal),
    );
    getphone.catch(() => undefined); // awaited by the first poll; never an unhandled rejection
    const outcome = await poll({
      getphone,
      transport,
      baseUrl,
      appId,
      sign: current,
      delays,
      timeoutMs,
      signal,
      timers,
      emit,
    });
    if (outcome !== 'token-expired') return { ...outcome, sign: current };
    if (resigned) {
      throw new OneTapError('TOKEN_EXPIRED', {
        resCode: RES_CODE.TOKEN_EXPIRED,
        detail: 'again after a fresh sign',
      });
    }
    current = await sign('token-expired');
  }
}

interface PollContext {
  transport: Transport;
  baseUrl: string;
  appId: string;
  sign: string;
  delays: readonly number[];
  timeoutMs: number;
  signal: AbortSignal;
  timers: Timers;
  emit: (event: OneTapEvent) => void;
  /** Settles when getphone has; the first query waits for it. */
  getphone: Promise<void>;
}

/** Queries on the schedule until a number, a token expiry, or a reason to stop. */
async function poll(ctx: PollContext): Promise<{ phone: string; par: string } | 'token-expired'> {
  const url = queryUrl(ctx.baseUrl, { appId: ctx.appId, sign: ctx.sign });
  let last: OneTapError = new OneTapError('RESULT_UNAVAILABLE', { detail: 'no query was scheduled' });
  for (const [index, delay] of ctx.delays.entries()) {
    await (index === 0
      ? Promise.all([sleep(delay, ctx.signal, ctx.timers), ctx.getphone])
      : sleep(delay, ctx.signal, ctx.timers));
    ctx.emit({ type: 'poll', attempt: index + 1, attempts: ctx.delays.length });
    let outcome: ReturnType<typeof parseQueryResponse>;
    try {
      outcome = parseQueryResponse(
        await ctx.transport({ url, timeoutMs: ctx.timeoutMs, signal: ctx.signal, timers: ctx.timers }),
      );
    } catch (error) {
      throwIfAborted(ctx.signal);
      // A lost or garbled query on a mobile network is worth the next scheduled one.
      last = isOneTapError(error) ? error : new OneTapError('BAD_RESPONSE', { cause: error });
      continue;
    }
    switch (outcome.resCode) {
      case RES_CODE.OK:
        return { phone: outcome.phone, par: outcome.par };
      case RES_CODE.TOKEN_EXPIRED:
        return 'token-expired';
      case RES_CODE.MISSING_PARAMS:
        throw new OneTapError('MISSING_PARAMS', providerDetails(outcome));
      case RES_CODE.NOT_READY:
        last = new OneTapError('RESULT_UNAVAILABLE', {
          ...providerDetails(outcome),
          detail: `still no result after ${index + 1} queries`,
        });
    }
  }
  throw last;
}

function providerDetails(outcome: { resCode: string; message: string | undefined }) {
  return outcome.message === undefined
    ? { resCode: outcome.resCode }
    : { resCode: outcome.resCode, providerMessage: outcome.message };
}
