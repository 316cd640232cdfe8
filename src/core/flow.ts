import { abortError, linkedController, sleep, throwIfAborted } from './abort.js';
import { type EnvironmentInfo, precheckFor } from './environment.js';
import { isOneTapError, OneTapError, oneTapError } from './errors.js';
import { jsonpTransport, type Transport } from './jsonp.js';
import {
  DEFAULT_BASE_URL,
  getphoneUrl,
  parseQueryResponse,
  type QueryOutcome,
  queryUrl,
} from './protocol.js';
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

/**
 * Gets the phone's (masked) number: sign, getphone, then poll query. Resolves with
 * `{ phone, par, sign }` or rejects with a OneTapError; never hangs past `deadlineMs`.
 */
export async function getPhoneNumber(
  options: OneTapOptions,
  { signal, onProgress }: RunOptions = {},
): Promise<OneTapResult> {
  const {
    appId,
    baseUrl = DEFAULT_BASE_URL,
    transport = jsonpTransport,
    pollDelays = DEFAULT_POLL_DELAYS,
    requestTimeoutMs = DEFAULT_TIMEOUTS.requestTimeoutMs,
    signTimeoutMs = DEFAULT_TIMEOUTS.signTimeoutMs,
    deadlineMs = DEFAULT_TIMEOUTS.deadlineMs,
    timers = globalTimers,
  } = options;
  const link = linkedController(
    signal,
    deadlineMs,
    () => oneTapError('TIMEOUT', `over ${deadlineMs} ms`),
    timers,
  );
  const flowSignal = link.signal;
  let state = idleState;
  const emit = (event: OneTapEvent) => {
    state = oneTapReducer(state, event);
    onProgress?.(state);
  };
  const request = (url: string) =>
    transport({ url, timeoutMs: requestTimeoutMs, signal: flowSignal, timers });
  const getSign =
    signGetterFor(options) ??
    (() => {
      throw oneTapError('SIGN_FAILED', 'no signUrl or getSign');
    });

  /** One sign and its getphone, then queries on the schedule; undefined when the token expired. */
  const attempt = async (reason: SignReason): Promise<OneTapResult | undefined> => {
    emit({ type: 'sign', reason });
    const sign = await obtainSign(getSign, { appId, reason, signal: flowSignal }, signTimeoutMs, timers);
    const params = { appId, sign };
    emit({ type: 'request' });
    // getphone defines no answer; whatever it does, the result is asked of query (as the
    // provider's own plugin does on `complete`). Its round trip overlaps the first poll delay:
    // the first query goes once both have passed. A cancel rejects the sleep beside it.
    const getphone = request(getphoneUrl(baseUrl, params)).catch(() => undefined);
    let last: unknown = oneTapError('RESULT_UNAVAILABLE', 'no query');
    for (const [index, delay] of pollDelays.entries()) {
      await Promise.all([sleep(delay, flowSignal, timers), index || getphone]);
      throwIfAborted(flowSignal); // a cancel while getphone was the last to settle
      emit({ type: 'poll', attempt: index + 1, attempts: pollDelays.length });
      let outcome: QueryOutcome;
      try {
        outcome = parseQueryResponse(await request(queryUrl(baseUrl, params)));
      } catch (error) {
        throwIfAborted(flowSignal);
        // A lost or garbled query on a mobile network is worth the next scheduled one.
        last = error;
        continue;
      }
      if (outcome.resCode === '0') return { phone: outcome.phone, par: outcome.par, sign };
      if (outcome.resCode === '2') return undefined; // token expired
      const provider = { resCode: outcome.resCode, providerMessage: outcome.message };
      if (outcome.resCode === '1') throw new OneTapError('MISSING_PARAMS', provider);
      last = new OneTapError('RESULT_UNAVAILABLE', { ...provider, detail: `after ${index + 1} queries` });
    }
    throw last;
  };

  try {
    const refusal = precheckFor(options);
    if (refusal) throw refusal;
    // resCode 2 gets one fresh sign; a second resCode 2 is the end.
    const result = (await attempt('initial')) ?? (await attempt('token-expired'));
    if (!result) {
      throw new OneTapError('TOKEN_EXPIRED', { resCode: '2', detail: 'again after a new sign' });
    }
    emit({ type: 'succeed', result });
    return result;
  } catch (thrown) {
    const error = flowSignal.aborted
      ? abortError(flowSignal)
      : isOneTapError(thrown)
        ? thrown
        : oneTapError('BAD_RESPONSE', 'unexpected failure', thrown);
    emit({ type: 'fail', error });
    throw error;
  } finally {
    link.dispose();
  }
}
