// What the sign endpoint does with a client's `reason=token-expired&sign=…`: anyone can send
// one, so a report drops nothing by itself. Only a sign this server issued, carrying the token
// still cached, is checked, by asking Yuefu about that very sign; the token is dropped
// (compare-and-delete) only if Yuefu answers resCode 2.
import type { Clock } from '../../core/clock.js';
import { DEFAULT_BASE_URL, parseEnvelope, queryUrl, RES_CODE } from '../../core/protocol.js';
import type { SignCodec } from '../crypto/signCodec.js';
import { timeoutSignal } from '../timing.js';
import type { TokenClient } from '../tokens/tokenClient.js';
import { type SignHandlerLogger, TOKEN_EXPIRED_REPORTED } from './signFailureLog.js';

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
  logger: SignHandlerLogger | undefined;
}

/** Whether Yuefu answers resCode 2 (token expired) to a query with `sign`; any doubt is no. */
async function refusedByProvider(context: ExpiryReportContext, sign: string): Promise<boolean> {
  const deadline = timeoutSignal(CHECK_TIMEOUT_MS, context.clock);
  try {
    const url = queryUrl(context.baseUrl ?? DEFAULT_BASE_URL, { appId: context.appId, sign });
    const response = await (context.fetch ?? globalThis.fetch)(url, { signal: deadline.signal });
    if (!response.ok) return false;
    return parseEnvelope(await response.text()).resCode === RES_CODE.TOKEN_EXPIRED;
  } catch {
    return false;
  } finally {
    deadline.dispose();
  }
}

/** Handles one report; resolves once the token is known good, renewed or dropped. */
export function expiryReports(context: ExpiryReportContext): (sign: string | null) => Promise<void> {
  const { appId, aesKey, codec, tokens, logger } = context;
  return async (sign) => {
    if (!sign) return; // a bare report: nothing to check, so nothing is dropped
    if (sign.length > MAX_REPORTED_SIGN_LENGTH) return; // no sign of ours: not worth decoding
    const params = await codec.openSign(sign, aesKey).catch(() => undefined);
    if (!params || params.appId !== appId || !(await codec.isIssued(params, aesKey))) return;
    if (!(context.clock.now() - Number(params.timeStamp) <= MAX_REPORTED_AGE_MS)) return;
    const dropped = await tokens.dropIfRefused(params.token, () => refusedByProvider(context, sign));
    if (dropped) logger?.warn?.(TOKEN_EXPIRED_REPORTED);
  };
}
