// The sign of document section 3.1, over whichever AES backend the entry file hands in:
// ./index.ts binds WebCrypto, ./node.ts binds node:crypto (through ./bind.ts).
import { systemClock } from '../../core/clock.js';
import type { AesEcb } from './aes.js';
import { fromBase64 } from './aes.js';
import { reqIds } from './reqId.js';

/** The four parameters a sign carries (document section 3.1). */
export interface SignParams {
  appId: string;
  reqId: string;
  timeStamp: string;
  token: string;
}

const SIGN_KEYS = ['appId', 'reqId', 'timeStamp', 'token'] as const;

// Gson, which the provider's Java example serializes with, escapes these for HTML safety;
// doing the same keeps a sign byte-identical to one the provider's own code would build.
const GSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '=': '\\u003d',
  "'": '\\u0027',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

const GSON_ESCAPED = /[<>&='\u2028\u2029]/;

/** Compact JSON with keys in ASCII order, as Java's TreeMap + Gson write it. */
export function signPlaintext(params: SignParams): string {
  // A literal in SIGN_KEYS order: JSON.stringify keeps insertion order. Built per sign, so
  // written out rather than mapped over SIGN_KEYS.
  const { appId, reqId, timeStamp, token } = params;
  const json = JSON.stringify({ appId, reqId, timeStamp, token });
  if (!GSON_ESCAPED.test(json)) return json;
  return json.replace(new RegExp(GSON_ESCAPED, 'g'), (c) => GSON_ESCAPES[c] as string);
}

export interface BuildSignInput {
  appId: string;
  token: string;
  /**
   * @defaultValue a fresh id that proves this sign was issued with this key (15 random digits
   * and 15 digits of AES, under a key derived by HMAC from this key, the appId and the token,
   * of the timeStamp and those digits): what `confirmResult` accepts. A reqId given here is
   * sent as is, and `confirmResult` refuses the sign as never issued.
   */
  reqId?: string | undefined;
  /** ms since epoch, as a string. @defaultValue now, on `systemClock` */
  timeStamp?: string | undefined;
}

export class SignOpenError extends Error {
  override readonly name = 'SignOpenError';
}

/** What the sign endpoint and confirmResult need of one backend. */
export interface SignCodec {
  /** `binding`: the sign handler's, folded into the default reqId (./reqId.ts); not public. */
  buildSign(input: BuildSignInput, aesKey: string, binding?: string): Promise<string>;
  openSign(sign: string, aesKey: string): Promise<SignParams>;
  /** Whether an opened sign's reqId proves it was built here with this key (see ./reqId.ts). */
  isIssued(params: SignParams, aesKey: string): Promise<boolean>;
  /**
   * Whether an issued sign was issued for `binding`: a bound sign for that binding alone, an
   * unbound one only without a binding (undefined or '').
   */
  isBoundTo(params: SignParams, aesKey: string, binding: string | undefined): Promise<boolean>;
}

function need(key: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`buildSign: ${key} must be a non-empty string`);
  }
}

/** buildSign, openSign and isIssued over one AES backend. */
export function signCodec(aes: AesEcb): SignCodec {
  const ids = reqIds(aes);
  const buildSign: SignCodec['buildSign'] = async (input, aesKey, binding) => {
    const { appId, token } = input;
    const timeStamp = input.timeStamp ?? String(systemClock.now());
    need('appId', appId);
    need('token', token);
    need('timeStamp', timeStamp);
    if (input.reqId !== undefined) need('reqId', input.reqId);
    const reqId = input.reqId ?? (await ids.issue({ appId, timeStamp, token }, aesKey, binding));
    return aes.seal(signPlaintext({ appId, reqId, timeStamp, token }), aesKey);
  };

  const openSign: SignCodec['openSign'] = async (sign, aesKey) => {
    let plain: Uint8Array;
    try {
      plain = await aes.decrypt(fromBase64(sign), aesKey);
    } catch (cause) {
      throw new SignOpenError('the sign does not decrypt with this key', { cause });
    }
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
    } catch (cause) {
      throw new SignOpenError('the sign does not hold JSON', { cause });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new SignOpenError('the sign does not hold an object');
    }
    const keys = Object.keys(value).sort();
    if (
      keys.join() !== SIGN_KEYS.join() ||
      keys.some((k) => typeof (value as Record<string, unknown>)[k] !== 'string')
    ) {
      throw new SignOpenError('the sign does not hold exactly appId, reqId, timeStamp and token as strings');
    }
    return value as SignParams;
  };

  return {
    buildSign,
    openSign,
    isIssued: (params, aesKey) => ids.isIssued(params, aesKey),
    isBoundTo: (params, aesKey, binding) => ids.isBoundTo(params, aesKey, binding),
  };
}
