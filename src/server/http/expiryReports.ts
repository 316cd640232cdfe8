// The token-expired report: what the sign endpoint does with a client's
// `reason=token-expired&sign=…`. Anyone can send one, so a report drops nothing by itself. Only a
// sign this server issued, carrying the token still cached, is checked, by asking Yuefu about
// that very sign; the token is dropped (compare-and-delete) only if Yuefu answers resCode 2. A
// bound sign is reported by its own browser alone: a report without its binding is refused
// before anything is spent, so whoever read the sign off the page (the script the binding is
// for) cannot spend the sign's provider queries and leave the user's own confirm with none.
import type { Clock } from '../../core/clock.js';
import { DEFAULT_BASE_URL, parseEnvelope, queryUrl, RES_CODE } from '../../core/protocol.js';
import type { SignCodec } from '../crypto/signCodec.js';
import { answerCode, measureProvider, unreachableCode } from '../telemetry.js';
import {
  DEFAULT_MAX_AGE_MS,
  isConfirmed,
  signRecordId,
  signRecordTtlMs,
  takeQuery,
} from '../tokens/signRecords.js';
import type { TokenClient } from '../tokens/tokenClient.js';
import type { TokenStore } from '../tokens/tokenStore.js';
import { timeoutSignal } from '../upstream.js';
import { type SignHandlerLogger, TOKEN_EXPIRED_REPORTED } from './hooks.js';

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

export interface ExpiryReportContext {
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
function refusedByProvider(context: ExpiryReportContext, sign: string): Promise<boolean> {
  return measureProvider('report-check', async (note) => {
    const deadline = timeoutSignal(CHECK_TIMEOUT_MS, context.clock);
    try {
      const url = queryUrl(context.baseUrl ?? DEFAULT_BASE_URL, { appId: context.appId, sign });
      const response = await (context.fetch ?? globalThis.fetch)(url, { signal: deadline.signal });
      if (!response.ok) {
        note.outcome = 'NETWORK';
        return false;
      }
      const text = await response.text();
      note.outcome = answerCode(text);
      return parseEnvelope(text).resCode === RES_CODE.TOKEN_EXPIRED;
    } catch (error) {
      note.outcome ??= unreachableCode(error);
      return false;
    } finally {
      deadline.dispose();
    }
  });
}

/**
 * What became of a report: `'bound-elsewhere'` for a bound sign reported without its binding
 * (the route answers 403 `SIGN_BOUND_ELSEWHERE` and issues no sign), else `'heard'` (checked,
 * or not worth a check), and the route goes on to issue a sign.
 */
export type ReportOutcome = 'heard' | 'bound-elsewhere';

/** The binding values a report is tried under, at most: a request brings one, a planted one more. */
const MAX_BROUGHT = 4;

/**
 * Handles one report, given the bindings the reporting request brought (never a fresh one);
 * resolves once the token is known good, renewed or dropped.
 */
export function expiryReports(
  context: ExpiryReportContext,
): (sign: string | null, brought: readonly string[]) => Promise<ReportOutcome> {
  const { appId, aesKey, codec, tokens, store, clock, logger } = context;
  return async (sign, brought) => {
    if (!sign) return 'heard'; // a bare report: nothing to check, so nothing is dropped
    if (sign.length > MAX_REPORTED_SIGN_LENGTH) return 'heard'; // no sign of ours: not worth decoding
    const params = await codec.openSign(sign, aesKey).catch(() => undefined);
    if (!params || params.appId !== appId || !(await codec.isIssued(params, aesKey))) return 'heard';
    // An unbound sign is anyone's to report; a bound one its own browser's alone, under any of
    // the values the request brought (a cookie planted first must not refuse the user's report).
    let own = await codec.isBoundTo(params, aesKey, undefined);
    for (const value of brought.slice(0, MAX_BROUGHT)) own ||= await codec.isBoundTo(params, aesKey, value);
    if (!own) return 'bound-elsewhere';
    const issuedAt = Number(params.timeStamp);
    if (!(clock.now() - issuedAt <= MAX_REPORTED_AGE_MS)) return 'heard';
    // A confirmed sign is no news (its token worked), and the query would be one more lookup of
    // that phone, outside the sign's budget: asked about as confirmResult would ask, or not at all.
    const id = signRecordId(params.appId, params.reqId);
    if (await isConfirmed(store, id)) return 'heard';
    const dropped = await tokens.dropIfRefused(params.token, async () => {
      // Taken only when the query is about to be made: a report inside the 5 s cooldown spends
      // none of the sign's queries.
      if (!(await takeQuery(store, id, signRecordTtlMs(DEFAULT_MAX_AGE_MS)))) return false;
      return refusedByProvider(context, sign);
    });
    if (dropped) logger?.warn?.(TOKEN_EXPIRED_REPORTED);
    return 'heard';
  };
}
