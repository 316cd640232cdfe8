// One token request to Yuefu (document section 2.1): POST `appId`, the envelope's message is
// the token. Apart from the cache (./tokenClient.ts) so that each file keeps one job.
import { type Clock, systemClock } from '../../core/clock.js';
import { DEFAULT_BASE_URL, parseEnvelope, tokenUrl } from '../../core/protocol.js';
import { DEFAULT_TIMEOUTS } from '../../core/schedule.js';
import { httpFailureDetail, OneTapServerError, unreachableDetail } from '../errors.js';
import { timeoutSignal } from '../upstream.js';

export interface TokenRequestOptions {
  appId: string;
  /** @defaultValue `'http://www.meiyuefu.com/getphone'` */
  baseUrl?: string | undefined;
  /** @defaultValue 5000 */
  timeoutMs?: number | undefined;
  /** @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Runs the request's timeout, and (token client) dates the cache. @defaultValue `systemClock` */
  clock?: Clock | undefined;
}

const TOKEN_SHAPE = /^[\w-]{8,128}$/;

/** Asks Yuefu for a new token; every failure is a OneTapServerError naming its cause. */
export async function requestToken(options: TokenRequestOptions): Promise<string> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const url = tokenUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs;
  const deadline = timeoutSignal(timeoutMs, options.clock ?? systemClock);
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ appId: options.appId }).toString(),
      signal: deadline.signal,
    });
    text = response.ok ? await response.text() : '';
  } catch (cause) {
    throw new OneTapServerError('PROVIDER_UNAVAILABLE', {
      cause,
      detail: unreachableDetail(url, options.baseUrl === undefined, cause, timeoutMs),
    });
  } finally {
    deadline.dispose();
  }
  if (!response.ok) {
    throw new OneTapServerError('PROVIDER_UNAVAILABLE', { detail: httpFailureDetail(url, response.status) });
  }
  let envelope: ReturnType<typeof parseEnvelope>;
  try {
    envelope = parseEnvelope(text);
  } catch (cause) {
    throw new OneTapServerError('BAD_RESPONSE', { cause });
  }
  const { resCode, message } = envelope;
  if (resCode === '0') {
    if (message === undefined || !TOKEN_SHAPE.test(message)) {
      throw new OneTapServerError('BAD_RESPONSE', { resCode, detail: 'resCode 0 without a token' });
    }
    return message;
  }
  if (resCode === '1') throw new OneTapServerError('IP_NOT_WHITELISTED', { resCode });
  if (resCode === '2') throw new OneTapServerError('FEATURE_NOT_ENABLED', { resCode });
  if (resCode === '3') throw new OneTapServerError('TOKEN_FAILED', { resCode });
  throw new OneTapServerError('BAD_RESPONSE', { resCode, detail: `unknown resCode ${resCode}` });
}
