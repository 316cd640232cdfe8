// What both AES-128-ECB backends share: the key check, its error, and the shape a sign needs.
// The backend is chosen by the entry file a runtime imports (`one-tap-phone/server` under the
// `node` condition or not), never by sniffing the runtime.

import { AesKeyError } from '../errors.js';

export const BLOCK = 16;

/**
 * A per-key cache of `make(raw key)`: the key is checked (and `make` run) once per key, not
 * once per sign. A server holds one key or a few, so the cache stays small.
 */
export function keyCache<K>(make: (raw: Uint8Array) => K): (aesKey: string) => K {
  const keys = new Map<string, K>();
  return (aesKey) => {
    let key = keys.get(aesKey);
    if (key === undefined) {
      const raw = new TextEncoder().encode(aesKey);
      if (raw.length !== BLOCK) {
        throw new AesKeyError(`The AES key must be 16 bytes in UTF-8; this one is ${raw.length}`);
      }
      key = make(raw);
      keys.set(aesKey, key);
    }
    return key;
  };
}

/** A map per AES key, made on first use: the derived keys of each key's contexts. */
export function perAesKey<V>(): (aesKey: string) => Map<string, V> {
  const maps = new Map<string, Map<string, V>>();
  return (aesKey) => {
    let map = maps.get(aesKey);
    if (!map) {
      map = new Map();
      maps.set(aesKey, map);
    }
    return map;
  };
}

/** AES-128-ECB with PKCS#7 padding, as one backend implements it. */
export interface AesEcb {
  encrypt(plain: Uint8Array, aesKey: string): Promise<Uint8Array>;
  /** Throws on a length that is not whole blocks or on bad padding (a wrong key, a tampered sign). */
  decrypt(cipher: Uint8Array, aesKey: string): Promise<Uint8Array>;
  /** The sign's transport form: UTF-8 plaintext in, standard Base64 of the ciphertext out. */
  seal(plaintext: string, aesKey: string): Promise<string>;
  /**
   * AES-128 of one 16-byte block under a key derived for `context`: the first 16 bytes of
   * HMAC-SHA-256(context) under HMAC-SHA-256(MAC_LABEL) under the AES key. A keyed PRF for the
   * reqIds that prove a sign was issued here; the derived key is made once per context (a
   * token lives 30 minutes), so a sign costs one block.
   */
  prfBlock(block: Uint8Array, context: string, aesKey: string): Promise<Uint8Array>;
  /** SHA-256 of `text` in UTF-8: a sign's binding, folded into its reqId (./reqId.ts). */
  sha256(text: string): Promise<Uint8Array>;
}

/** Derived keys kept per backend: the current token's and a few before it. */
export const DERIVED_KEYS = 16;

/** What the MAC key is derived with: a key used for one purpose, never the AES key itself. */
export const MAC_LABEL = 'one-tap-phone reqId v1';

export function notWholeBlocks(length: number): Error | undefined {
  return length === 0 || length % BLOCK !== 0
    ? new Error(`ciphertext of ${length} bytes is not whole AES blocks`)
    : undefined;
}

// ---- the sign's transport form ------------------------------------------------------------

// Standard Base64 with padding, strict on input: a sign whose `+` arrived as a space is
// refused, and so is a non-canonical spelling (unused low bits set before the `=`), so that
// every one-character change to a sign is a different sign.
const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  if (!STRICT.test(text)) throw new Error('not standard Base64');
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  if (toBase64(bytes) !== text) throw new Error('not canonical Base64');
  return bytes;
}
