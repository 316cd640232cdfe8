import { abortError, linkedController, sleep, throwIfAborted } from './abort.js';
import { systemClock } from './clock.js';
import { precheckFor } from './environment.js';
import { isOneTapError, OneTapError, oneTapError } from './errors.js';
import { jsonpTransport } from './jsonp.js';
import type { OneTapOptions } from './options.js';
import {
  DEFAULT_BASE_URL,
  getphoneUrl,
  parseQueryResponse,
  type QueryOutcome,
  queryUrl,
} from './protocol.js';
import { DEFAULT_POLL_DELAYS, DEFAULT_TIMEOUTS } from './schedule.js';
import { type GetSign, obtainSign, type SignReason, signGetterFor } from './signFetch.js';

/** The phases a lookup passes through before its result. */
export type LookupProgress =
  | { status: 'signing'; reason: SignReason }
  | { status: 'requesting' }
  | { status: 'polling'; attempt: number; attempts: number };

/** The number as the provider answered it, with the sign that got it. */
export interface LookupResult {
  phone: string;
  par: string;
  sign: string;
}

/**
 * Sign → getphone → query on the poll schedule, as one cancellable sequence: resolves with the
 * provider's answer or rejects with a OneTapError (ABORTED when `signal` fires, TIMEOUT past
 * `deadlineMs`); never hangs, leaves no timer behind. `options` are as the store read them
 * when the flow started, checked (checkOptions); the defaults are filled in here. `flowId` is
 * sent to the sign source, to join server logs to the flow.
 */
export async function lookup(
  options: OneTapOptions,
  flowId: string,
  signal: AbortSignal,
  onProgress: (progress: LookupProgress) => void,
): Promise<LookupResult> {
  const {
    appId,
    baseUrl = DEFAULT_BASE_URL,
    transport = jsonpTransport,
    pollDelays = DEFAULT_POLL_DELAYS,
    requestTimeoutMs = DEFAULT_TIMEOUTS.requestTimeoutMs,
    signTimeoutMs = DEFAULT_TIMEOUTS.signTimeoutMs,
    deadlineMs = DEFAULT_TIMEOUTS.deadlineMs,
    clock = systemClock,
  } = options;
  // checkOptions has made sure of an appId and a sign source.
  const getSign = signGetterFor(options) as GetSign;
  const link = linkedController(
    signal,
    deadlineMs,
    () => oneTapError('TIMEOUT', `over ${deadlineMs} ms`),
    clock,
  );
  const flowSignal = link.signal;
  const request = (url: string) => transport({ url, timeoutMs: requestTimeoutMs, signal: flowSignal, clock });
  // What the page's own policy refused stays refused: no later request could load. It ends the
  // flow as its deadline does, aborting it with the error, so nothing waits on past it.
  const endIfBlocked = (error: unknown) => isOneTapError(error, 'CSP_BLOCKED') && link.abort(error);

  /** One sign and its getphone, then queries on the schedule; the sign itself when its token expired. */
  const attempt = async (reason: SignReason, expiredSign?: string): Promise<LookupResult | string> => {
    onProgress({ status: 'signing', reason });
    const context = { appId, reason, signal: flowSignal, flowId, expiredSign };
    const sign = await obtainSign(getSign, context, signTimeoutMs, clock);
    const params = { appId, sign };
    onProgress({ status: 'requesting' });
    // getphone defines no answer; whatever it does, the result is asked of query (as the
    // provider's own plugin does on `complete`). Its round trip overlaps the first poll delay:
    // the first query goes once both have passed. A cancel rejects the sleep beside it, and a
    // page policy that refused the script ends the flow there (no query could load either).
    const getphone = request(getphoneUrl(baseUrl, params)).catch(endIfBlocked);
    let last: unknown = oneTapError('RESULT_UNAVAILABLE', 'no query');
    for (const [index, delay] of pollDelays.entries()) {
      await Promise.all([sleep(delay, flowSignal, clock), index || getphone]);
      throwIfAborted(flowSignal); // a cancel while getphone was the last to settle
      onProgress({ status: 'polling', attempt: index + 1, attempts: pollDelays.length });
      let outcome: QueryOutcome;
      try {
        outcome = parseQueryResponse(await request(queryUrl(baseUrl, params)));
      } catch (error) {
        endIfBlocked(error);
        throwIfAborted(flowSignal);
        // A lost or garbled query on a mobile network is worth the next scheduled one.
        last = error;
        continue;
      }
      if (outcome.resCode === '0') return { phone: outcome.phone, par: outcome.par, sign };
      if (outcome.resCode === '2') return sign; // token expired
      const provider = { resCode: outcome.resCode, providerMessage: outcome.message };
      if (outcome.resCode === '1') throw new OneTapError('MISSING_PARAMS', provider);
      last = new OneTapError('RESULT_UNAVAILABLE', { ...provider, detail: `after ${index + 1} queries` });
    }
    throw last;
  };

  try {
    const refusal = precheckFor(options);
    if (refusal) throw refusal;
    // resCode 2 gets one fresh sign, asked for with the expired one so that the server can
    // check it with the provider; a second resCode 2 is the end.
    const first = await attempt('initial');
    const result = typeof first === 'string' ? await attempt('token-expired', first) : first;
    if (typeof result !== 'string') return result;
    throw new OneTapError('TOKEN_EXPIRED', {
      resCode: '2',
      // What the user's text cannot say: retrying never helps when the provider cannot open the signs.
      detail:
        'again after a new sign; if it persists, the server’s aesKey or appId is not the pair Yuefu issued',
    });
  } catch (thrown) {
    throw flowSignal.aborted
      ? abortError(flowSignal)
      : isOneTapError(thrown)
        ? thrown
        : oneTapError('BAD_RESPONSE', 'unexpected failure', thrown);
  } finally {
    link.dispose();
  }
}
