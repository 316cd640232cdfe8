// What the store remembers of an issued sign, by its id: that it was confirmed, and the provider
// queries it has cost. confirmResult and the sign handler's token-expired reports take the same
// claims, so a sign costs at most MAX_QUERIES_PER_SIGN queries however, and on whichever
// instance, it is asked about (each lookup may be billed to the partner). Ids only: no sign, no
// token, no phone in a key.
import type { TokenStore } from './tokenStore.js';

/** How old a sign `confirmResult` accepts by default (its `maxAgeMs`). */
export const DEFAULT_MAX_AGE_MS = 120_000;
/** How far ahead of this server's clock a sign may be dated (another instance's clock). */
export const CLOCK_SKEW_MS = 60_000;
/**
 * Provider queries one sign may cost over all its confirm attempts and reports, across
 * instances: a confirm that finds the carrier not resolved yet may be retried, a sign that
 * never resolves costs no more than this.
 */
export const MAX_QUERIES_PER_SIGN = 3;

const CONFIRMED_KEY = 'meiyuefu::confirmed::';
/** Written after a confirm, read before the next one and before a report: a replay costs no query. */
const USED_KEY = 'meiyuefu::used::';
/** One claim per provider query a sign may cost. */
const QUERY_KEY = 'meiyuefu::queried::';

/** A sign's id in the store: its appId and reqId (which the proof of issue makes unique). */
export const signRecordId = (appId: string, reqId: string): string => `${appId}::${reqId}`;

/**
 * How long a sign's records live from when they are written: as long as a confirm with
 * `maxAgeMs` may accept the sign on any instance. A fixed length, never reckoned from this
 * clock's view of the sign's age: an instance whose clock ran 90 s ahead wrote records that
 * ended 90 s early, and an instance on time then confirmed the sign a second time. Good while
 * the clocks of the instance that issued a sign and one that confirms it differ by less than
 * twice the skew allowance.
 */
export const signRecordTtlMs = (maxAgeMs: number): number => maxAgeMs + 2 * CLOCK_SKEW_MS;

/** Whether the sign was confirmed (its used marker is there). */
export async function isConfirmed(store: TokenStore, id: string): Promise<boolean> {
  return (await store.get(`${USED_KEY}${id}`)) !== undefined;
}

/** Takes one of the sign's query claims; false once all are taken. */
export async function takeQuery(store: TokenStore, id: string, ttlMs: number): Promise<boolean> {
  for (let slot = 1; slot <= MAX_QUERIES_PER_SIGN; slot++) {
    if (await store.claim(`${QUERY_KEY}${id}::${slot}`, ttlMs)) return true;
  }
  return false;
}

/**
 * Claims the sign's one confirm, atomically across instances, and on success writes the used
 * marker that the next confirm and report read first. The claim decides; the marker saves the
 * query, so a store that fails to write it costs a query, never a second login.
 */
export async function claimConfirm(
  store: TokenStore,
  id: string,
  ttlMs: number,
  now: number,
): Promise<boolean> {
  if (!(await store.claim(`${CONFIRMED_KEY}${id}`, ttlMs))) return false;
  await store
    .set(`${USED_KEY}${id}`, { token: 'confirmed', fetchedAt: now, expiresAt: now + ttlMs })
    .catch(() => undefined);
  return true;
}
