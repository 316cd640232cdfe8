// The sign on node:crypto: what Node gets through the `node` export condition (./node.ts).
import { nodeCryptoAes } from './aesEcbNode.js';
import { type BuildSignInput, type SignParams, signCodec } from './signCodec.js';

export type { BuildSignInput, SignParams } from './signCodec.js';
export { SignOpenError, signPlaintext } from './signCodec.js';

/** This backend's codec, for the sign handler and confirmResult bound to it. */
export const codec = signCodec(nodeCryptoAes);

/** Builds a sign: AES-128-ECB (PKCS#7) of the sorted compact JSON, standard Base64. */
export function buildSign(input: BuildSignInput, aesKey: string): Promise<string> {
  return codec.buildSign(input, aesKey);
}

/**
 * Decrypts and checks a sign as the provider does: Base64, AES with this key, JSON with
 * exactly the four string keys. Throws SignOpenError otherwise.
 */
export function openSign(sign: string, aesKey: string): Promise<SignParams> {
  return codec.openSign(sign, aesKey);
}
