import { describe, expect, it } from 'vitest';
import { webCryptoAes } from '../../src/server/crypto/aesEcb';
import { nodeCryptoAes } from '../../src/server/crypto/aesEcbNode';
import { AesKeyError } from '../../src/server/index';

// AES-128-ECB with PKCS#7 on both backends, below the sign: the FIPS-197 vector, padding,
// and the ciphertexts a wrong key or a tampered sign produce.
const BACKENDS = [
  { name: 'WebCrypto', aes: webCryptoAes },
  { name: 'node:crypto', aes: nodeCryptoAes },
] as const;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
// FIPS-197 appendix C.1; the key bytes 00..0f are one UTF-8 byte each.
const FIPS_KEY = String.fromCharCode(...Array.from({ length: 16 }, (_, i) => i));
const FIPS_PLAIN = bytes('00112233445566778899aabbccddeeff');
const FIPS_CIPHER = '69c4e0d86a7b0430d8cdb78070b4c55a';
const KEY = 'h1q9750o8141K864';

/** One ciphertext block that decrypts to `block`, padding not checked: ECB of a padded whole block. */
async function blockDecryptingTo(aes: (typeof BACKENDS)[number]['aes'], block: Uint8Array) {
  return (await aes.encrypt(block, KEY)).subarray(0, 16);
}

describe.each(BACKENDS)('AES-128-ECB on $name', ({ aes }) => {
  it('reproduces the FIPS-197 vector, then a whole block of padding', async () => {
    const out = await aes.encrypt(FIPS_PLAIN, FIPS_KEY);
    expect(out.length).toBe(32);
    expect(hex(out.subarray(0, 16))).toBe(FIPS_CIPHER);
    await expect(aes.decrypt(out, FIPS_KEY)).resolves.toEqual(FIPS_PLAIN);
  });

  it('gives the same ciphertext as the other backend for every length 0..40, and round-trips', async () => {
    const other = aes === webCryptoAes ? nodeCryptoAes : webCryptoAes;
    for (let length = 0; length <= 40; length++) {
      const plain = new Uint8Array(length).map((_, i) => (i * 37 + length) & 0xff);
      const cipher = await aes.encrypt(plain, KEY);
      expect(cipher.length).toBe((Math.floor(length / 16) + 1) * 16);
      expect(hex(cipher)).toBe(hex(await other.encrypt(plain, KEY)));
      await expect(aes.decrypt(cipher, KEY)).resolves.toEqual(plain);
    }
  });

  it('keeps keys apart when signs under two keys interleave', async () => {
    const plain = new TextEncoder().encode('{"appId":"a"}');
    const [a1, b1, a2, b2] = [
      await aes.encrypt(plain, KEY),
      await aes.encrypt(plain, FIPS_KEY),
      await aes.encrypt(plain, KEY),
      await aes.encrypt(plain, FIPS_KEY),
    ];
    expect(hex(a1)).toBe(hex(a2));
    expect(hex(b1)).toBe(hex(b2));
    expect(hex(a1)).not.toBe(hex(b1));
    await expect(aes.decrypt(b2, FIPS_KEY)).resolves.toEqual(plain);
  });

  it('seals text as Base64 of the UTF-8 ciphertext', async () => {
    const text = '{"appId":"悦付"}';
    const expected = Buffer.from(await aes.encrypt(new TextEncoder().encode(text), KEY)).toString('base64');
    expect(await aes.seal(text, KEY)).toBe(expected);
  });

  it.each([0, 1, 15, 17, 33])('refuses %i bytes of ciphertext (not whole blocks)', async (length) => {
    await expect(aes.decrypt(new Uint8Array(length), KEY)).rejects.toThrow(/not whole AES blocks/);
  });

  it.each([
    ['a zero pad byte', '000102030405060708090a0b0c0d0e00'],
    ['a pad byte over 16', '000102030405060708090a0b0c0d0e11'],
    ['pad bytes that disagree', '000102030405060708090a0b0c0d0203'],
    ['a pad of 16 with one byte off', '10101010101010101010101010100f10'],
  ])('refuses %s', async (_name, block) => {
    const cipher = await blockDecryptingTo(aes, bytes(block));
    await expect(aes.decrypt(cipher, KEY)).rejects.toThrow(/bad PKCS#7 padding/);
  });

  it('accepts a last block of pure padding', async () => {
    const cipher = await blockDecryptingTo(aes, new Uint8Array(16).fill(16));
    await expect(aes.decrypt(cipher, KEY)).resolves.toEqual(new Uint8Array(0));
  });

  it('refuses a ciphertext under another key (its padding does not hold)', async () => {
    const cipher = await aes.encrypt(new TextEncoder().encode('x'.repeat(20)), KEY);
    // 1 in 256 or so wrong keys leave a valid-looking pad; this one does not.
    await expect(aes.decrypt(cipher, 'aaaaaaaaaaaaaaaa')).rejects.toThrow(/bad PKCS#7 padding/);
  });

  it.each(['short', 'h1q9750o8141K8641', ''])('refuses the key %j with AesKeyError', async (key) => {
    await expect(aes.encrypt(FIPS_PLAIN, key)).rejects.toBeInstanceOf(AesKeyError);
    await expect(aes.decrypt(new Uint8Array(16), key)).rejects.toBeInstanceOf(AesKeyError);
    await expect((async () => aes.seal('x', key))()).rejects.toBeInstanceOf(AesKeyError);
  });
});
