// AES-128-ECB with PKCS#7 padding on WebCrypto, which offers CBC but not ECB: the backend of
// every runtime but Node (edge, workers, the in-browser mock), with no `node:` import. Node
// gets ./aesEcbNode.ts through the `node` export condition.
//
// Encrypt: CBC with a zero IV over one block is ECB of that block (its padding block is
// dropped). Decrypt: CBC-decrypting C1..Cn with a zero IV gives D(Ci) xor C(i-1), so one call
// yields every block once a last block X = E(Cn xor pad) is appended to satisfy its padding check.
import {
  type AesEcb,
  BLOCK,
  DERIVED_KEYS,
  keyCache,
  MAC_LABEL,
  notWholeBlocks,
  perAesKey,
  toBase64,
} from './aes.js';

const ZERO_IV = new Uint8Array(BLOCK);
const FULL_PAD = new Uint8Array(BLOCK).fill(BLOCK);

const importKey = keyCache((raw) =>
  crypto.subtle.importKey('raw', raw as BufferSource, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']),
);

const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const;
const utf8 = (text: string) => new TextEncoder().encode(text) as BufferSource;

const macKeyOf = keyCache(async (raw) => {
  const aesAsHmac = await crypto.subtle.importKey('raw', raw as BufferSource, HMAC, false, ['sign']);
  const macKey = await crypto.subtle.sign('HMAC', aesAsHmac, utf8(MAC_LABEL));
  return crypto.subtle.importKey('raw', macKey, HMAC, false, ['sign']);
});

const derivedFor = perAesKey<Promise<CryptoKey>>();

async function encryptBlock(key: CryptoKey, block: Uint8Array): Promise<Uint8Array> {
  const out = await crypto.subtle.encrypt({ name: 'AES-CBC', iv: ZERO_IV }, key, block as BufferSource);
  return new Uint8Array(out, 0, BLOCK);
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, i) => byte ^ (b[i] as number));
}

async function aesEcbEncrypt(plain: Uint8Array, aesKey: string): Promise<Uint8Array> {
  const key = await importKey(aesKey);
  const padLength = BLOCK - (plain.length % BLOCK);
  const padded = new Uint8Array(plain.length + padLength);
  padded.set(plain);
  padded.fill(padLength, plain.length);
  const blocks: Promise<Uint8Array>[] = [];
  for (let offset = 0; offset < padded.length; offset += BLOCK) {
    blocks.push(encryptBlock(key, padded.subarray(offset, offset + BLOCK)));
  }
  const out = new Uint8Array(padded.length);
  for (const [i, block] of (await Promise.all(blocks)).entries()) out.set(block, i * BLOCK);
  return out;
}

/** Decrypts; throws on a length that is not whole blocks or on bad padding (a wrong key, a tampered sign). */
async function aesEcbDecrypt(cipher: Uint8Array, aesKey: string): Promise<Uint8Array> {
  const key = await importKey(aesKey);
  const wrongLength = notWholeBlocks(cipher.length);
  if (wrongLength) throw wrongLength;
  const last = cipher.subarray(cipher.length - BLOCK);
  const closing = await encryptBlock(key, xor(last, FULL_PAD));
  const input = new Uint8Array(cipher.length + BLOCK);
  input.set(cipher);
  input.set(closing, cipher.length);
  const chained = new Uint8Array(
    await crypto.subtle.decrypt({ name: 'AES-CBC', iv: ZERO_IV }, key, input as BufferSource),
  );
  // Undo the chaining: block i was xored with ciphertext block i-1 (the IV, zero, for the first).
  const plain = chained.slice(0, cipher.length);
  for (let i = BLOCK; i < plain.length; i++) plain[i] = (plain[i] as number) ^ (cipher[i - BLOCK] as number);
  const padLength = plain[plain.length - 1] as number;
  if (
    padLength < 1 ||
    padLength > BLOCK ||
    plain.subarray(plain.length - padLength).some((b) => b !== padLength)
  ) {
    throw new Error('bad PKCS#7 padding');
  }
  return plain.subarray(0, plain.length - padLength);
}

/** The WebCrypto backend. */
export const webCryptoAes: AesEcb = {
  encrypt: aesEcbEncrypt,
  decrypt: aesEcbDecrypt,
  seal: async (plaintext, aesKey) =>
    toBase64(await aesEcbEncrypt(new TextEncoder().encode(plaintext), aesKey)),
  prfBlock: (block, context, aesKey) => {
    const forKey = derivedFor(aesKey);
    let key = forKey.get(context);
    if (!key) {
      if (forKey.size >= DERIVED_KEYS) forKey.clear();
      key = macKeyOf(aesKey).then(async (macKey) => {
        const bytes = await crypto.subtle.sign('HMAC', macKey, utf8(context));
        return crypto.subtle.importKey('raw', bytes.slice(0, BLOCK), { name: 'AES-CBC' }, false, ['encrypt']);
      });
      forKey.set(context, key);
      key.catch(() => forKey.delete(context)); // a failed derivation is retried, not kept
    }
    return key.then((k) => encryptBlock(k, block));
  },
  sha256: async (text) => new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))),
};
