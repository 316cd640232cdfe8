// AES-128-ECB with PKCS#7 padding on node:crypto: one OpenSSL call per sign where WebCrypto
// needs one async call per block. Reached only through the `node` export condition
// (./node.ts), so no other runtime's bundle holds a `node:` import.
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { type AesEcb, AesKeyError, keyCache, notWholeBlocks } from './aes.js';

export { AesKeyError };

const keyOf = keyCache((raw): KeyObject => createSecretKey(raw));

function encrypt(plain: Uint8Array | string, aesKey: string): Buffer {
  const cipher = createCipheriv('aes-128-ecb', keyOf(aesKey), null);
  const head = typeof plain === 'string' ? cipher.update(plain, 'utf8') : cipher.update(plain);
  return Buffer.concat([head, cipher.final()]);
}

export async function aesEcbEncrypt(plain: Uint8Array, aesKey: string): Promise<Uint8Array> {
  return new Uint8Array(encrypt(plain, aesKey));
}

/** Decrypts; throws on a length that is not whole blocks or on bad padding (a wrong key, a tampered sign). */
export async function aesEcbDecrypt(cipher: Uint8Array, aesKey: string): Promise<Uint8Array> {
  const key = keyOf(aesKey);
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
  seal: async (plaintext, aesKey) => encrypt(plaintext, aesKey).toString('base64'),
};
