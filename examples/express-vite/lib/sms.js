// SMS login codes: 6 digits, valid 5 minutes, good for one login. The per-IP and per-number
// budgets are the routes' (routes/sms.js); this file makes, sends and checks codes.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { masked } from './accounts.js';
import { kv } from './kv.js';

const CODE_LIFE_MS = 5 * 60_000;

/** A mainland China mobile number: 11 digits, starting with 1. */
export const isPhone = (value) => typeof value === 'string' && /^1[3-9]\d{9}$/.test(value);

/**
 * ============================ DEVELOPMENT STAND-IN ============================
 * Where your SMS provider goes (Aliyun SMS, Tencent Cloud SMS, …): send `code` to `phone` in
 * your approved template. This stand-in sends nothing: it prints the code on the server's
 * console (the number masked: logs keep no phone numbers), and routes/sms.js also shows it on
 * the page only with SMS_CODE_ON_PAGE=1. Replace it before any real user sees this page.
 * ==============================================================================
 */
async function deliver(phone, code) {
  console.log(
    `[SMS stand-in] code ${code} for ${masked(phone)}: replace lib/sms.js deliver() with your SMS provider`,
  );
}

/** Makes a new code for `phone` (the one before it stops working), sends it, and returns it. */
export async function sendCode(phone) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await kv.set(`sms:${phone}`, code, { ttlMs: CODE_LIFE_MS });
  await deliver(phone, code);
  return code;
}

/**
 * Whether `code` is the live code of `phone`, spending it: of two logins with one code, on any
 * instances, exactly one gets true (the delete that removed it).
 */
export async function spendCode(phone, code) {
  const expected = await kv.get(`sms:${phone}`);
  if (typeof code !== 'string' || !expected || code.length !== expected.length) return false;
  if (!timingSafeEqual(Buffer.from(code), Buffer.from(expected))) return false;
  return kv.delete(`sms:${phone}`);
}
