import { AesKeyError } from './aes.js';

// Checked at construction so that a misconfigured server fails at its setup line, at boot:
// otherwise a missing key showed up as a 500 INTERNAL and a missing appId as a 403 in the
// browser, with nothing on the server. Messages name the option, never the key's value.

const what = (value: unknown): string =>
  value === undefined ? 'missing' : typeof value === 'string' ? 'empty' : `a ${typeof value}, not a string`;

/** Throws a TypeError unless `appId` is a non-empty string. */
export function requireAppId(appId: unknown, where: string): void {
  if (typeof appId !== 'string' || appId.trim() === '') {
    throw new TypeError(`${where}: appId is ${what(appId)}; pass the appId Yuefu issued`);
  }
}

/** Throws AesKeyError unless `aesKey` is 16 bytes in UTF-8. */
export function requireAesKey(aesKey: unknown, where: string): void {
  if (typeof aesKey !== 'string' || aesKey === '') {
    throw new AesKeyError(`${where}: aesKey is ${what(aesKey)}; pass the 16-byte AES key Yuefu issued`);
  }
  const bytes = new TextEncoder().encode(aesKey).length;
  if (bytes !== 16) {
    throw new AesKeyError(`${where}: aesKey must be 16 bytes in UTF-8; this one is ${bytes}`);
  }
}
