import { OneTapError, oneTapError } from './errors.js';

/** The provider's production base URL, as its 2017 document gives it (http: only). */
export const DEFAULT_BASE_URL = 'http://www.meiyuefu.com/getphone';

/** The query `resCode`s the protocol defines; anything else is a BAD_RESPONSE. */
export const RES_CODE = {
  OK: '0',
  MISSING_PARAMS: '1',
  TOKEN_EXPIRED: '2',
  NOT_READY: '3',
} as const;

/** What getphone and query carry: the app and its sign. */
export interface SignedParams {
  appId: string;
  sign: string;
}

const endpoint = (baseUrl: string, path: string) => baseUrl.replace(/\/+$/, '') + path;

// encodeURIComponent, not URLSearchParams: the latter writes a space as `+`, and the sign's
// own `+` must reach the provider as %2B.
const signedUrl = (baseUrl: string, path: string, { appId, sign }: SignedParams) =>
  `${endpoint(baseUrl, path)}?appId=${encodeURIComponent(appId)}&sign=${encodeURIComponent(sign)}`;

export const getphoneUrl = (baseUrl: string, params: SignedParams): string => signedUrl(baseUrl, '', params);

export const queryUrl = (baseUrl: string, params: SignedParams): string =>
  signedUrl(baseUrl, '/query', params);

export const tokenUrl = (baseUrl: string): string => endpoint(baseUrl, '/token');

/**
 * The provider's response envelope with `resCode` normalized to a string. Its `success` is
 * left out: `resCode` says it all, and nothing reads it.
 */
export interface Envelope {
  resCode: string;
  message: string | undefined;
  object: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJsonLenient(value: unknown): unknown {
  try {
    return typeof value === 'string' ? JSON.parse(value) : value;
  } catch {
    return value;
  }
}

const badResponse = (detail: string) => oneTapError('BAD_RESPONSE', detail);

/**
 * Reads the `{ resCode, success, message, object }` envelope from whatever the provider
 * answered: an object, or that object as a JSON string; `resCode` as a string or a number.
 * Errors name what was wrong, never echo the answer.
 */
export function parseEnvelope(data: unknown): Envelope {
  const value = parseJsonLenient(data);
  if (!isRecord(value)) throw badResponse('not an envelope');
  const { resCode, message, object } = value;
  const code = typeof resCode === 'number' || typeof resCode === 'string' ? String(resCode).trim() : '';
  if (!/^-?\d+$/.test(code)) throw badResponse(`resCode is ${typeof resCode}`);
  return {
    resCode: code,
    message: typeof message === 'string' ? message : undefined,
    object,
  };
}

/** A `query` answer within the protocol: the number (resCode 0) or why not (1, 2, 3). */
export type QueryOutcome =
  | { resCode: typeof RES_CODE.OK; phone: string; par: string }
  | { resCode: Exclude<(typeof RES_CODE)[keyof typeof RES_CODE], '0'>; message: string | undefined };

// What reaches a partner's onSuccess and the page is checked here: a masked number and an id,
// nothing else. Markup, a `javascript:` URL or a phishing line in `phone` is a BAD_RESPONSE.
/** A masked mobile number as the provider answers it: `134****8682`. */
export const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/;
const PAR = /^[\w-]{1,64}$/;

/** An own property of `record`, when it is one (never an inherited one), that matches `shape`. */
const ownMatch = (record: unknown, key: string, shape: RegExp): string | undefined => {
  const value = isRecord(record) && Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === 'string' && shape.test(value) ? value : undefined;
};

/** Normalizes a `query` answer; anything outside the protocol is a BAD_RESPONSE. */
export function parseQueryResponse(data: unknown): QueryOutcome {
  const { resCode, message, object } = parseEnvelope(data);
  // RES_CODE's values, as literals: an object lookup per case costs bytes in partners' bundles.
  switch (resCode) {
    case '0': {
      const result = parseJsonLenient(object);
      const phone = ownMatch(result, 'phone', MASKED_PHONE);
      const par = ownMatch(result, 'par', PAR);
      if (phone && par) return { resCode, phone, par };
      throw badResponse('resCode 0 without a masked phone and a par');
    }
    case '1':
    case '2':
    case '3':
      return { resCode, message };
  }
  throw new OneTapError('BAD_RESPONSE', { detail: 'unknown resCode', resCode, providerMessage: message });
}
