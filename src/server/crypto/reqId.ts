// The reqId as proof of issue. A sign is AES-ECB with no MAC: blocks of two issued signs can be
// spliced into a third that the provider answers. So the reqId the sign endpoint writes is 15
// random digits followed by 15 digits of a keyed PRF of the sign's timeStamp and those digits,
// under a key derived for its appId and token (AesEcb.prfBlock): confirmResult recomputes it,
// and a sign whose four fields were not issued together here fails. No write per sign issued
// (the sign endpoint serves every login page view; confirms are rare), and one AES block per
// sign: an HMAC per sign cost the endpoint a third of its throughput. (Making the blocks of one
// millisecond together, from a pool of random bytes, saved about 1.4 µs a sign in process but
// nothing measurable over HTTP, so each sign makes its own: docs/benchmarks.md.) Digits only,
// as the document's example reqId is.
//
// A sign may be bound to the browser session that asked for it (the sign handler's `binding`):
// a sign is a bearer token any script on the login page can read, so without a binding whoever
// confirms it first logs in as its phone. A bound reqId is 45 digits: the 30 above, whose PRF
// block says "bound" (so cutting the last digits off never yields an unbound reqId that
// proves), then 15 digits of the PRF, chained as CBC-MAC, of the first block's whole output
// XOR the first 16 bytes of SHA-256(binding). Still no write per sign; the length tells a bound
// sign from an unbound one when confirm is called without a binding.
import { type AesEcb, BLOCK } from './aes.js';

const DIGITS = 15; // 48 bits: exact in a double, fixed width
const MAX_48 = 2 ** 48;
const ISSUED = /^\d{30}$/;
const BOUND = /^\d{45}$/;
/** A timeStamp as the sign endpoint writes it: ms since the epoch, no leading zero. */
const CANONICAL_MS = /^(?:0|[1-9]\d{0,14})$/;
/** Fills the PRF block's last four bytes: no other use of the derived key can collide with it. */
const DOMAIN = [0x72, 0x71, 0x31, 0x00]; // "rq1\0"
/** The same for a bound sign's first block: its proof never proves an unbound reqId. */
const DOMAIN_BOUND = [0x72, 0x71, 0x31, 0x62]; // "rq1b"

// In two halves below 2^31: V8 prints those as small integers, a 48-bit double much slower.
const asDigits = (value: number) =>
  String(Math.floor(value / 1e8)).padStart(DIGITS - 8, '0') + String(value % 1e8).padStart(8, '0');

/** The first 48 bits as a number. */
function first48(bytes: Uint8Array): number {
  let value = 0;
  for (let i = 0; i < 6; i++) value = value * 256 + (bytes[i] as number);
  return value;
}

/** The PRF's input: timeStamp and nonce as 48-bit big-endian numbers, then the domain. */
function block(timeStamp: number, nonce: number, bound: boolean): Uint8Array {
  const out = new Uint8Array(BLOCK);
  for (let i = 5; i >= 0; i--) {
    out[i] = timeStamp % 256;
    out[6 + i] = nonce % 256;
    timeStamp = Math.floor(timeStamp / 256);
    nonce = Math.floor(nonce / 256);
  }
  out.set(bound ? DOMAIN_BOUND : DOMAIN, 12);
  return out;
}

/** The second CBC-MAC block of a bound sign: the first block's output XOR SHA-256(binding). */
function chained(first: Uint8Array, digest: Uint8Array): Uint8Array {
  const out = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) out[i] = (first[i] as number) ^ (digest[i] as number);
  return out;
}

/** 48 random bits; randomUUID is the cheapest source of one such number in every runtime. */
function nonce(): number {
  const hex = crypto.randomUUID();
  return Number.parseInt(hex.slice(0, 8) + hex.slice(9, 13), 16);
}

// A JSON array: no two different (appId, token) pairs give the same context. The last one is
// kept: the same string object for every sign on a token, whose hash the backend's key cache
// then computes once.
let last = { appId: '', token: '', context: '["",""]' };
function contextOf(appId: string, token: string): string {
  if (last.appId !== appId || last.token !== token)
    last = { appId, token, context: JSON.stringify([appId, token]) };
  return last.context;
}

/** Equal strings, in time that does not depend on where they first differ. */
function sameDigits(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface ReqIdFields {
  appId: string;
  timeStamp: string;
  token: string;
}

export function reqIds(aes: AesEcb) {
  const prf = (fields: ReqIdFields, nonce: number, bound: boolean, aesKey: string) =>
    aes.prfBlock(
      block(Number(fields.timeStamp), nonce, bound),
      contextOf(fields.appId, fields.token),
      aesKey,
    );
  const bindingProof = async (fields: ReqIdFields, first: Uint8Array, binding: string, aesKey: string) =>
    asDigits(
      first48(
        await aes.prfBlock(
          chained(first, await aes.sha256(binding)),
          contextOf(fields.appId, fields.token),
          aesKey,
        ),
      ),
    );

  /**
   * A reqId that proves these fields were signed here, and, with a `binding` (a non-empty
   * string), for that binding alone.
   */
  async function issue(fields: ReqIdFields, aesKey: string, binding?: string): Promise<string> {
    if (!CANONICAL_MS.test(fields.timeStamp) || Number(fields.timeStamp) >= MAX_48) {
      throw new TypeError('buildSign: a default reqId needs timeStamp in ms since the epoch');
    }
    const random = nonce();
    const bound = binding !== undefined && binding !== '';
    const first = await prf(fields, random, bound, aesKey);
    const unbound = asDigits(random) + asDigits(first48(first));
    return bound ? unbound + (await bindingProof(fields, first, binding, aesKey)) : unbound;
  }

  /** The first block's output when `reqId`'s first 30 digits prove these fields; else undefined. */
  async function proven(fields: ReqIdFields & { reqId: string }, aesKey: string) {
    const { reqId, timeStamp } = fields;
    const bound = BOUND.test(reqId);
    if (!(bound || ISSUED.test(reqId)) || !CANONICAL_MS.test(timeStamp) || Number(timeStamp) >= MAX_48) {
      return undefined;
    }
    const random = Number(reqId.slice(0, DIGITS));
    if (random >= MAX_48) return undefined;
    const first = await prf(fields, random, bound, aesKey);
    return sameDigits(reqId.slice(DIGITS, 2 * DIGITS), asDigits(first48(first)))
      ? { first, bound }
      : undefined;
  }

  /** Whether `reqId` is one `issue` gave for exactly these fields under this key, bound or not. */
  async function isIssued(fields: ReqIdFields & { reqId: string }, aesKey: string): Promise<boolean> {
    return (await proven(fields, aesKey)) !== undefined;
  }

  /**
   * Whether an issued reqId was issued for `binding`: a bound one for this binding alone, an
   * unbound one only when no binding is given. False too for a reqId that was not issued.
   */
  async function isBoundTo(
    fields: ReqIdFields & { reqId: string },
    aesKey: string,
    binding: string | undefined,
  ): Promise<boolean> {
    const proof = await proven(fields, aesKey);
    if (!proof) return false;
    const wanted = binding !== undefined && binding !== '';
    if (!proof.bound || !wanted) return proof.bound === wanted;
    return sameDigits(
      fields.reqId.slice(2 * DIGITS),
      await bindingProof(fields, proof.first, binding, aesKey),
    );
  }

  return { issue, isIssued, isBoundTo };
}
