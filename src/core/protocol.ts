import { OneTapError } from './errors.js';

/** The provider's production base URL, as its 2017 document gives it (http: only). */
export const DEFAULT_BASE_URL = 'http://www.meiyuefu.com/getphone';

/** The query `resCode`s the protocol defines; anything else is a BAD_RESPONSE. */
export const RES_CODE = {
  OK: '0',
  MISSING_PARAMS: '1',
  TOKEN_EXPIRED: '2',
  NOT_READY: '3',
} as const;

export interface SignedParams {
  appId: string;
  sign: string;
}

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

// encodeURIComponent, not URLSearchParams: the latter writes a space as `+`, and the sign's
// own `+` must reach the provider as %2B.
function signedQuery({ appId, sign }: SignedParams): string {
  return `appId=${encodeURIComponent(appId)}&sign=${encodeURIComponent(sign)}`;
}

export function getphoneUrl(baseUrl: string, params: SignedParams): string {
  return `${trimBase(baseUrl)}?${signedQuery(params)}`;
}

export function queryUrl(baseUrl: string, params: SignedParams): string {
  return `${trimBase(baseUrl)}/query?${signedQuery(params)}`;
}

export function tokenUrl(baseUrl: string): string {
  return `${trimBase(baseUrl)}/token`;
}

/** The provider's response envelope with `resCode` normalized to a string. */
export interface Envelope {
  resCode: string;
  success: boolean | undefined;
  message: string | undefined;
  object: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJsonLenient(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function badResponse(detail: string, cause?: unknown): OneTapError {
  return new OneTapError('BAD_RESPONSE', { detail, cause });
}

/**
 * Reads the `{ resCode, success, message, object }` envelope from whatever the provider
 * answered: an object, or that object as a JSON string; `resCode` as a string or a number.
 */
export function parseEnvelope(data: unknown): Envelope {
  const value = parseJsonLenient(data);
  if (!isRecord(value)) throw badResponse(`expected an envelope object, got ${describe(value)}`);
  const { resCode, success, message } = value;
  const code =
    typeof resCode === 'number' && Number.isInteger(resCode)
      ? String(resCode)
      : typeof resCode === 'string' && /^\s*-?\d+\s*$/.test(resCode)
        ? resCode.trim()
        : undefined;
  if (code === undefined) throw badResponse(`resCode is ${describe(resCode)}`);
  return {
    resCode: code,
    success: typeof success === 'boolean' ? success : undefined,
    message: typeof message === 'string' ? message : undefined,
    object: value.object,
  };
}

export type QueryOutcome =
  | { resCode: typeof RES_CODE.OK; phone: string; par: string }
  | { resCode: Exclude<(typeof RES_CODE)[keyof typeof RES_CODE], '0'>; message: string | undefined };

const FAILURE_CODES: ReadonlySet<string> = new Set([
  RES_CODE.MISSING_PARAMS,
  RES_CODE.TOKEN_EXPIRED,
  RES_CODE.NOT_READY,
]);

/** Normalizes a `query` answer; anything outside the protocol is a BAD_RESPONSE. */
export function parseQueryResponse(data: unknown): QueryOutcome {
  const envelope = parseEnvelope(data);
  if (envelope.resCode === RES_CODE.OK) {
    const object = parseJsonLenient(envelope.object);
    if (!isRecord(object)) throw badResponse(`resCode 0 with object ${describe(object)}`);
    const { phone, par } = object;
    if (!isShortString(phone) || !isShortString(par)) {
      throw badResponse('resCode 0 without a phone and a par');
    }
    return { resCode: RES_CODE.OK, phone, par };
  }
  if (FAILURE_CODES.has(envelope.resCode)) {
    return {
      resCode: envelope.resCode as Exclude<QueryOutcome['resCode'], '0'>,
      message: envelope.message,
    };
  }
  throw new OneTapError('BAD_RESPONSE', {
    detail: `unknown resCode ${envelope.resCode}`,
    resCode: envelope.resCode,
    ...(envelope.message === undefined ? {} : { providerMessage: envelope.message }),
  });
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64;
}

/** Names a value's shape for an error message without echoing its content. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
