// AES-128-ECB with PKCS#7 padding on node:crypto: one OpenSSL call per sign where WebCrypto
// needs one async call per block. Reached only through the `node` export condition
// (./node.ts), so no other runtime's bundle holds a `node:` import.
import {
  type Cipher,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
} from 'node:crypto';
import { type AesEcb, BLOCK, DERIVED_KEYS, keyCache, MAC_LABEL, notWholeBlocks, perAesKey } from './aes.js';

// ECB carries no state from block to block, so with the padding done here one Cipher per key
// encrypts every sign by `update` alone (never `final`): no OpenSSL context made per sign,
// which was a third of a sign's cost. Input is always whole blocks, so nothing stays buffered.
const keyOf = keyCache((raw) => {
  const key = createSecretKey(raw);
  return {
    key,
    ecb: createCipheriv('aes-128-ecb', key, null).setAutoPadding(false),
    macKey: createSecretKey(createHmac('sha256', raw).update(MAC_LABEL).digest()),
  };
});

const derivedFor = perAesKey<Cipher>();

/** The ECB Cipher of the key derived for `context`; ECB keeps no state between updates. */
function derivedEcb(aesKey: string, context: string): Cipher {
  const forKey = derivedFor(aesKey);
  let ecb = forKey.get(context);
  if (!ecb) {
    if (forKey.size >= DERIVED_KEYS) forKey.clear();
    const key = createHmac('sha256', keyOf(aesKey).macKey).update(context).digest().subarray(0, BLOCK);
    ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    forKey.set(context, ecb);
  }
  return ecb;
}

function padded(plain: Uint8Array | string): Buffer {
  const length = typeof plain === 'string' ? Buffer.byteLength(plain, 'utf8') : plain.length;
  const pad = BLOCK - (length % BLOCK);
  const out = Buffer.allocUnsafe(length + pad); // every byte is written below
  if (typeof plain === 'string') out.write(plain, 0, 'utf8');
  else out.set(plain);
  return out.fill(pad, length);
}

async function aesEcbEncrypt(plain: Uint8Array, aesKey: string): Promise<Uint8Array> {
  return new Uint8Array(keyOf(aesKey).ecb.update(padded(plain)));
}

/** Decrypts; throws on a length that is not whole blocks or on bad padding (a wrong key, a tampered sign). */
async function aesEcbDecrypt(cipher: Uint8Array, aesKey: string): Promise<Uint8Array> {
  const { key } = keyOf(aesKey);
  const wrongLength = notWholeBlocks(cipher.length);
  if (wrongLength) throw wrongLength;
  const decipher = createDecipheriv('aes-128-ecb', key, null);
  try {
    return new Uint8Array(Buffer.concat([decipher.update(cipher), decipher.final()]));
  } catch (cause) {
    // OpenSSL checks every padding byte, as the WebCrypto path does by hand.
    throw new Error('bad PKCS#7 padding', { cause });
  }
}

/** The node:crypto backend. */
export const nodeCryptoAes: AesEcb = {
  encrypt: aesEcbEncrypt,
  decrypt: aesEcbDecrypt,
  seal: async (plaintext, aesKey) => keyOf(aesKey).ecb.update(padded(plaintext)).toString('base64'),
  prfBlock: async (block, context, aesKey) => derivedEcb(aesKey, context).update(block),
  // One synchronous OpenSSL call: WebCrypto's digest cost a bound sign about 25 µs more.
  sha256: async (text) => createHash('sha256').update(text, 'utf8').digest(),
};
