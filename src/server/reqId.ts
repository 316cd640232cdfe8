// The reqId as proof of issue. A sign is AES-ECB with no MAC: blocks of two issued signs can be
// spliced into a third that the provider answers. So the reqId the sign endpoint writes is
// 15 random digits followed by 15 digits of an HMAC (under a key derived from the AES key) of
// the sign's appId, timeStamp, token and those random digits. confirmResult recomputes it: a
// sign whose four fields were not issued together here fails, with no write per sign issued
// (the sign endpoint serves every login page view; confirms are rare). Digits only, as the
// document's example reqId is.
import type { AesEcb } from './aes.js';

const NONCE_DIGITS = 15;
const MAC_DIGITS = 15;
const ISSUED = /^\d{30}$/;

/** 48 bits (6 bytes) as 15 decimal digits: exact in a double, fixed width. */
function digits(bytes: Uint8Array, offset = 0): string {
  let value = 0;
  for (let i = offset; i < offset + 6; i++) value = value * 256 + (bytes[i] as number);
  return String(value).padStart(MAC_DIGITS, '0');
}

// A JSON array: no two different field lists give the same message.
const macMessage = (appId: string, timeStamp: string, token: string, nonce: string) =>
  JSON.stringify([appId, timeStamp, token, nonce]);

/** 48 random bits as digits; randomUUID is the cheapest source of them in every runtime. */
function nonce(): string {
  const hex = crypto.randomUUID();
  return String(Number.parseInt(hex.slice(0, 8) + hex.slice(9, 13), 16)).padStart(NONCE_DIGITS, '0');
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
  /** A reqId that proves these fields were signed here; synchronous where the MAC is. */
  function issue(fields: ReqIdFields, aesKey: string): string | Promise<string> {
    const random = nonce();
    const mac = aes.mac(macMessage(fields.appId, fields.timeStamp, fields.token, random), aesKey);
    return mac instanceof Uint8Array ? random + digits(mac) : mac.then((bytes) => random + digits(bytes));
  }

  /** Whether `reqId` is one `issue` gave for exactly these fields under this key. */
  async function isIssued(fields: ReqIdFields & { reqId: string }, aesKey: string): Promise<boolean> {
    if (!ISSUED.test(fields.reqId)) return false;
    const random = fields.reqId.slice(0, NONCE_DIGITS);
    const mac = await aes.mac(macMessage(fields.appId, fields.timeStamp, fields.token, random), aesKey);
    return sameDigits(fields.reqId.slice(NONCE_DIGITS), digits(mac));
  }

  return { issue, isIssued };
}
