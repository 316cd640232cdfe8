// AES-128-ECB with PKCS#7 padding on node:crypto: one OpenSSL call per sign where WebCrypto
// needs one async call per block. Reached only through the `node` export condition
// (./node.ts), so no other runtime's bundle holds a `node:` import.
import { createCipheriv, createDecipheriv, createHmac, createSecretKey } from 'node:crypto';
import { type AesEcb, AesKeyError, BLOCK, keyCache, MAC_LABEL, notWholeBlocks } from './aes.js';

export { AesKeyError };

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

function padded(plain: Uint8Array | string): Buffer {
  const length = typeof plain === 'string' ? Buffer.byteLength(plain, 'utf8') : plain.length;
  const pad = BLOCK - (length % BLOCK);
  const out = Buffer.allocUnsafe(length + pad); // every byte is written below
  if (typeof plain === 'string') out.write(plain, 0, 'utf8');
  else out.set(plain);
  return out.fill(pad, length);
}

export async function aesEcbEncrypt(plain: Uint8Array, aesKey: string): Promise<Uint8Array> {
  return new Uint8Array(keyOf(aesKey).ecb.update(padded(plain)));
}

/** Decrypts; throws on a length that is not whole blocks or on bad padding (a wrong key, a tampered sign). */
export async function aesEcbDecrypt(cipher: Uint8Array, aesKey: string): Promise<Uint8Array> {
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

/** The node:crypto backend; it seals synchronously. */
export const nodeCryptoAes: AesEcb = {
  encrypt: aesEcbEncrypt,
  decrypt: aesEcbDecrypt,
  seal: (plaintext, aesKey) => keyOf(aesKey).ecb.update(padded(plaintext)).toString('base64'),
  mac: (message, aesKey) => createHmac('sha256', keyOf(aesKey).macKey).update(message).digest(),
};
