// Every answer the mock gives is built here, so a fault, a scenario and a good answer that say
// the same thing send the same bytes and headers.

/** The provider's envelope: what token, getphone and query answer in JSON or JSONP. */
export interface Envelope {
  success: boolean;
  resCode: string;
  message?: string;
  object?: unknown;
}

export const envelopeOf = (resCode: string, message: string): Envelope => ({
  success: resCode === '0',
  resCode,
  message,
});

/** A JSONP callback the mock will call: an identifier, so nothing else can be injected. */
const CALLBACK_NAME = /^[A-Za-z_$][\w$]{0,127}$/;

/** The request's callback: null when there is none, undefined when it is not an identifier. */
export function callbackOf(url: URL): string | null | undefined {
  const callback = url.searchParams.get('callback');
  return callback === null || CALLBACK_NAME.test(callback) ? callback : undefined;
}

const NO_STORE = { 'cache-control': 'no-store' };

/** A script body as the provider sends it (JSONP, or anything a fault puts in its place). */
export const script = (body: string): Response =>
  new Response(body, { headers: { 'content-type': 'application/javascript; charset=utf-8', ...NO_STORE } });

export const json = (value: unknown, init: ResponseInit = {}): Response =>
  new Response(JSON.stringify(value), {
    ...init,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE, ...init.headers },
  });

/** `callback(value)` with the provider's `/**\/` prefix, or plain JSON without a callback. */
export const answer = (callback: string | null, value: unknown): Response =>
  callback === null ? json(value) : script(`/**/${callback}(${JSON.stringify(value)});`);

/** A bare status: what the provider's gateway sends when it fails. */
export const status = (code: number, body: string, headers?: HeadersInit): Response =>
  new Response(body, { status: code, ...(headers ? { headers } : {}) });
