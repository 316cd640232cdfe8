// Opens a backend's sign as the provider does, byte by byte: the check must say which step a
// backend got wrong (the key, the padding, the JSON, the key order), where openSign only says no.
import { createDecipheriv } from 'node:crypto';
import { type SignParams, signPlaintext } from '../server/node.js';

const FIELDS = ['appId', 'reqId', 'timeStamp', 'token'];

export type OpenedSign =
  | { ok: true; params: SignParams; plaintext: string }
  /** `key`: no AES-128-ECB/PKCS#7 plaintext in UTF-8 JSON under this key; `fields`: JSON, but not the four fields as the document writes them. */
  | { ok: false; step: 'key' | 'fields'; why: string };

/** Decrypts `sign` with `aesKey` and says whether it holds exactly the document's JSON. */
export function openSignStrictly(sign: string, aesKey: string): OpenedSign {
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-128-ecb', Buffer.from(aesKey, 'utf8'), null);
    const bytes = Buffer.concat([decipher.update(Buffer.from(sign, 'base64')), decipher.final()]);
    plaintext = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, step: 'key', why: 'it does not decrypt (AES-128-ECB, PKCS#7) with the app’s key' };
  }
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    return { ok: false, step: 'key', why: 'it decrypts with the app’s key to bytes that are not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, step: 'fields', why: 'its JSON is not an object' };
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  if ([...keys].sort().join() !== FIELDS.join())
    return { ok: false, step: 'fields', why: `its JSON holds ${keys.join(', ') || 'no keys'}` };
  const notString = FIELDS.find((key) => typeof record[key] !== 'string');
  if (notString) return { ok: false, step: 'fields', why: `its ${notString} is not a JSON string` };
  const params = record as unknown as SignParams;
  if (keys.join() !== FIELDS.join())
    return { ok: false, step: 'fields', why: `its keys are in the order ${keys.join(', ')}` };
  if (plaintext !== signPlaintext(params))
    return {
      ok: false,
      step: 'fields',
      why: "its JSON is not written compactly as the document’s (no spaces; <>&=' as \\u003c…)",
    };
  return { ok: true, params, plaintext };
}
