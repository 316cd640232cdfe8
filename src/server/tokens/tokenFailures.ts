// A failed token request, remembered for a moment in the token store, per app and across
// instances. While Yuefu refuses tokens (the app disabled, this server's IP not whitelisted, its
// endpoint down), every sign request used to make a token request of its own: any anonymous
// client drove Yuefu's token endpoint at its own rate, which is how a partner's IP gets blocked
// by the provider. Now one token request per FAILURE_MEMORY_MS is made, and every sign request
// in between is answered at once with the same error.
import { OneTapServerError, type ServerErrorCode } from '../errors.js';
import type { TokenStore } from './tokenStore.js';

/** How long a failed token request is remembered: at most one token request per this long. */
const FAILURE_MEMORY_MS = 2000;

/** What a token request itself can fail with (a store's failure is no news about Yuefu). */
const TOKEN_FAILURES: ReadonlySet<string> = new Set<ServerErrorCode>([
  'IP_NOT_WHITELISTED',
  'FEATURE_NOT_ENABLED',
  'TOKEN_FAILED',
  'PROVIDER_UNAVAILABLE',
  'BAD_RESPONSE',
]);

/** The failure's key beside the token's: per app, since a refusal is about one appId. */
export const failureKey = (tokenKey: string, appId: string): string => `${tokenKey}::failed::${appId}`;

/**
 * Remembers `error` under `name` for FAILURE_MEMORY_MS, if it is a token request's failure. The
 * code alone is kept (never a host or a cause). Best effort: a store that cannot write it costs
 * a token request, never the caller's answer.
 */
export async function rememberFailure(store: TokenStore, name: string, error: unknown, now: number) {
  if (!(error instanceof OneTapServerError) || !TOKEN_FAILURES.has(error.code)) return;
  await store
    .set(name, { token: error.code, fetchedAt: now, expiresAt: now + FAILURE_MEMORY_MS })
    .catch(() => undefined);
}

/** The failure remembered under `name` as an error to answer with, or undefined for none. */
export async function recallFailure(
  store: TokenStore,
  name: string,
  now: number,
): Promise<OneTapServerError | undefined> {
  const entry = await store.get(name);
  if (!entry || entry.expiresAt <= now || !TOKEN_FAILURES.has(entry.token)) return undefined;
  return new OneTapServerError(entry.token as ServerErrorCode, {
    detail: `a token request failed ${now - entry.fetchedAt} ms ago (on this or another instance); not asked again within ${FAILURE_MEMORY_MS} ms`,
  });
}
