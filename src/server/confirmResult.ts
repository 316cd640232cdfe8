// confirmResult's logic, over whichever sign codec ./bind.ts hands in (./index.ts binds WebCrypto,
// ./node.ts node:crypto).
import { type Carrier, carrierOf } from '../core/carrier.js';
import { type Clock, systemClock } from '../core/clock.js';
import { isOneTapError, OneTapError } from '../core/errors.js';
import { DEFAULT_BASE_URL, MASKED_PHONE, parseQueryResponse, queryUrl, RES_CODE } from '../core/protocol.js';
import { DEFAULT_TIMEOUTS } from '../core/schedule.js';
import type { SignCodec, SignParams } from './crypto/signCodec.js';
import {
  httpFailureDetail,
  OneTapServerError,
  requireAesKey,
  requireAppId,
  unreachableDetail,
} from './errors.js';
import { answerCode, measureProvider } from './telemetry.js';
import {
  CLOCK_SKEW_MS,
  claimConfirm,
  DEFAULT_MAX_AGE_MS,
  isConfirmed,
  MAX_QUERIES_PER_SIGN,
  signRecordId,
  signRecordTtlMs,
  takeQuery,
} from './tokens/signRecords.js';
import type { TokenStore } from './tokens/tokenStore.js';
import { type TransportLogger, timeoutSignal, warnIfPlainHttp } from './upstream.js';

export interface ConfirmOptions {
  appId: string;
  /** The key the sign endpoint signs with: the sign is opened and its reqId checked with it. */
  aesKey: string;
  /** The sign the browser reported its result with. */
  sign: string;
  /**
   * The binding of the request that confirms (the session id, or the HttpOnly cookie's value
   * the sign route set), as the sign handler's `binding` gave it for the request that got the
   * sign. A sign issued for another binding, a bound sign confirmed without one, and an
   * unbound sign confirmed with one are refused (`SIGN_BOUND_ELSEWHERE`) before Yuefu is asked.
   * An empty string counts as none.
   * @defaultValue undefined (only unbound signs confirm)
   */
  binding?: string | undefined;
  /**
   * Where confirmed signs are remembered until they age out, so each confirms once: the sign
   * handler's `store` (Redis when there are several instances; the memory store serves one).
   */
  store: TokenStore;
  /** A sign older than this (by its `timeStamp`) is refused. @defaultValue 120000 (2 minutes) */
  maxAgeMs?: number | undefined;
  /** @defaultValue `'http://www.meiyuefu.com/getphone'` */
  baseUrl?: string | undefined;
  /** @defaultValue 5000 */
  timeoutMs?: number | undefined;
  /** @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Dates the age check and runs the timeout. @defaultValue `systemClock` */
  clock?: Clock | undefined;
  /**
   * Hears (`warn`) that `baseUrl` is plain http: (the default is), once per process and URL.
   * @defaultValue none: a process warning under Node
   */
  logger?: TransportLogger | undefined;
}

/** A confirmed result: the masked number, the provider's id for it, and its carrier (a guess). */
export interface ConfirmedResult {
  phone: string;
  par: string;
  carrier: Carrier;
}

// Checked here too, whatever the parser checks: this is what a login is decided on.
const PAR = /^[\w-]{1,64}$/;

export { DEFAULT_MAX_AGE_MS };

async function ask(options: ConfirmOptions, clock: Clock): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs;
  const deadline = timeoutSignal(timeoutMs, clock);
  const url = queryUrl(options.baseUrl ?? DEFAULT_BASE_URL, options);
  try {
    const response = await (options.fetch ?? globalThis.fetch)(url, { signal: deadline.signal });
    if (!response.ok) throw new OneTapError('NETWORK', { detail: httpFailureDetail(url, response.status) });
    return await response.text();
  } catch (cause) {
    if (isOneTapError(cause)) throw cause;
    // Name the host and why: a forgotten baseUrl (the production host) must not read as a hiccup.
    const detail = unreachableDetail(url, options.baseUrl === undefined, cause, timeoutMs);
    throw new OneTapError((cause as Error)?.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK', {
      cause,
      detail,
    });
  } finally {
    deadline.dispose();
  }
}

/**
 * The longest sign confirmResult opens: an issued one is about 200 characters (a bound one a
 * few more). Checked before any decoding, which a 1 MB sign made cost 230–320 ms.
 */
const MAX_SIGN_LENGTH = 1024;

/** The sign, opened and proven ours and recent; a OneTapServerError otherwise. */
async function issuedSign(codec: SignCodec, options: ConfirmOptions, now: number): Promise<SignParams> {
  if (typeof options.sign !== 'string' || options.sign.length > MAX_SIGN_LENGTH) {
    throw new OneTapServerError('SIGN_INVALID', {
      detail: `not a string of at most ${MAX_SIGN_LENGTH} characters`,
    });
  }
  const params = await codec.openSign(options.sign, options.aesKey).catch((cause: unknown) => {
    throw new OneTapServerError('SIGN_INVALID', { cause });
  });
  if (params.appId !== options.appId) throw new OneTapServerError('SIGN_INVALID');
  if (!(await codec.isIssued(params, options.aesKey))) throw new OneTapServerError('SIGN_NOT_ISSUED');
  if (!(await codec.isBoundTo(params, options.aesKey, options.binding))) {
    throw new OneTapServerError('SIGN_BOUND_ELSEWHERE');
  }
  // Exactly the bytes this library builds for those fields: ECB lets blocks of two issued signs
  // be spliced into JSON holding a key twice, which JSON.parse reads as the later one (an
  // issued sign's fields) while another parser, the provider's, may read the earlier.
  if ((await codec.buildSign(params, options.aesKey)) !== options.sign) {
    throw new OneTapServerError('SIGN_NOT_ISSUED');
  }
  const issuedAt = Number(params.timeStamp);
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  if (!(now - issuedAt <= maxAgeMs && issuedAt - now <= CLOCK_SKEW_MS)) {
    throw new OneTapServerError('SIGN_EXPIRED', { detail: `issued ${now - issuedAt} ms ago` });
  }
  return params;
}

export type ConfirmResult = (options: ConfirmOptions) => Promise<ConfirmedResult>;

export function confirmResultFactory(codec: SignCodec): ConfirmResult {
  return async (options) => {
    requireAppId(options.appId, 'confirmResult');
    requireAesKey(options.aesKey, 'confirmResult');
    warnIfPlainHttp(options.baseUrl, options.logger);
    if (typeof options.store?.claim !== 'function') {
      throw new TypeError('confirmResult: store is missing; pass the sign handler’s store');
    }
    const clock = options.clock ?? systemClock;
    const { store } = options;
    const params = await issuedSign(codec, options, clock.now());
    // Every record of this sign lives as long as any instance may accept it, then ages out.
    const ttlMs = signRecordTtlMs(options.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
    const id = signRecordId(params.appId, params.reqId);

    // Before Yuefu is asked: a confirmed sign's replays, and a sign whose queries are spent,
    // cost the partner nothing.
    if (await isConfirmed(store, id)) throw new OneTapServerError('SIGN_USED');
    if (!(await takeQuery(store, id, ttlMs))) {
      throw new OneTapError('RESULT_UNAVAILABLE', {
        detail: `this sign's ${MAX_QUERIES_PER_SIGN} provider queries are spent; the page starts over with a new sign`,
      });
    }

    let outcome: ReturnType<typeof parseQueryResponse>;
    try {
      const text = await measureProvider('query', async (note) => {
        const answered = await ask(options, clock);
        note.outcome = answerCode(answered);
        return answered;
      });
      outcome = parseQueryResponse(text);
      // The page's parser reads no `success` (resCode says it all there); a login does: resCode 0
      // beside `success: false` is an answer that contradicts itself (or was rewritten on the
      // way). The text parsed as an envelope above, so it is a JSON object.
      if (outcome.resCode === RES_CODE.OK && (JSON.parse(text) as { success?: unknown }).success !== true) {
        throw new OneTapServerError('RESULT_MALFORMED', { detail: 'resCode 0 without success: true' });
      }
    } catch (error) {
      if (isOneTapError(error) && error.code === 'BAD_RESPONSE') {
        throw new OneTapServerError('RESULT_MALFORMED', { cause: error });
      }
      throw error;
    }
    if (outcome.resCode !== RES_CODE.OK) {
      const details = {
        resCode: outcome.resCode,
        ...(outcome.message === undefined ? {} : { providerMessage: outcome.message }),
      };
      if (outcome.resCode === RES_CODE.MISSING_PARAMS) throw new OneTapError('MISSING_PARAMS', details);
      if (outcome.resCode === RES_CODE.TOKEN_EXPIRED) throw new OneTapError('TOKEN_EXPIRED', details);
      throw new OneTapError('RESULT_UNAVAILABLE', details);
    }
    const { phone, par } = outcome;
    if (!MASKED_PHONE.test(phone) || !PAR.test(par)) throw new OneTapServerError('RESULT_MALFORMED');

    // Last, and atomic: of two confirms of one sign, the one that claims it first wins. A sign
    // refused above stays confirmable (the carrier may not have resolved yet), within its
    // queries.
    if (!(await claimConfirm(store, id, ttlMs, clock.now()))) throw new OneTapServerError('SIGN_USED');
    return { phone, par, carrier: carrierOf(phone) };
  };
}
