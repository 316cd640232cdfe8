/**
 * Bad answers the mock can give, for robustness tests: each names the endpoint it spoils and
 * what comes back. A fault spoils the first flow of its app only (the first sign requested,
 * or the requests that carry the first sign seen), so the same page can show the failure and
 * then a retry that works.
 */
export type FaultEndpoint = 'sign' | 'getphone' | 'query';

interface Fault {
  endpoint: FaultEndpoint;
  /** `cb` is the JSONP callback name (query and getphone), or null. */
  respond(cb: string | null): Response | 'hang';
}

const js = (body: string) =>
  new Response(body, { headers: { 'content-type': 'application/javascript; charset=utf-8' } });
const call = (cb: string | null, arg: string) => js(`${cb}(${arg});`);
const OK_OBJECT = { par: 'B0A63A589B1541DC9B3E4C8F25F073F7', phone: '134****8682' };

export const FAULTS = {
  'sign-500': { endpoint: 'sign', respond: () => new Response('Internal Server Error', { status: 500 }) },
  'sign-404': { endpoint: 'sign', respond: () => new Response('Not Found', { status: 404 }) },
  'sign-empty': { endpoint: 'sign', respond: () => new Response('') },
  'sign-junk': { endpoint: 'sign', respond: () => new Response('<html><body>login required</body></html>') },
  'getphone-404': { endpoint: 'getphone', respond: () => new Response('Not Found', { status: 404 }) },
  'getphone-500': { endpoint: 'getphone', respond: () => new Response('oops', { status: 500 }) },
  'query-404': { endpoint: 'query', respond: () => new Response('Not Found', { status: 404 }) },
  'query-500': { endpoint: 'query', respond: () => new Response('oops', { status: 500 }) },
  'query-empty': { endpoint: 'query', respond: () => js('') },
  'query-undefined': { endpoint: 'query', respond: (cb) => call(cb, 'undefined') },
  'query-html-string': {
    endpoint: 'query',
    respond: (cb) => call(cb, JSON.stringify('<html><body>502 Bad Gateway</body></html>')),
  },
  'query-syntax-error': { endpoint: 'query', respond: (cb) => js(`${cb}({"resCode": "0", "object": `) },
  'query-twice': {
    endpoint: 'query',
    respond: (cb) =>
      js(
        `${cb}(${JSON.stringify({ success: true, resCode: '0', object: OK_OBJECT })}); ${cb}({"resCode":"3"});`,
      ),
  },
  'query-no-callback': { endpoint: 'query', respond: () => js('/* nothing */') },
  'query-hang': { endpoint: 'query', respond: () => 'hang' },
  'query-rescode-number': {
    endpoint: 'query',
    respond: (cb) => call(cb, JSON.stringify({ success: true, resCode: 0, object: OK_OBJECT })),
  },
  'query-unknown-rescode': {
    endpoint: 'query',
    respond: (cb) => call(cb, JSON.stringify({ success: false, resCode: '42', message: '新错误' })),
  },
  'query-object-string': {
    endpoint: 'query',
    respond: (cb) =>
      call(cb, JSON.stringify({ success: true, resCode: '0', object: JSON.stringify(OK_OBJECT) })),
  },
  'query-object-null': {
    endpoint: 'query',
    respond: (cb) => call(cb, JSON.stringify({ success: true, resCode: '0', object: null })),
  },
  'query-no-phone': {
    endpoint: 'query',
    respond: (cb) =>
      call(cb, JSON.stringify({ success: true, resCode: '0', object: { par: OK_OBJECT.par } })),
  },
  'query-1mb': { endpoint: 'query', respond: (cb) => call(cb, JSON.stringify('x'.repeat(1024 * 1024))) },
  'query-markup-phone': {
    endpoint: 'query',
    respond: (cb) =>
      call(
        cb,
        JSON.stringify({
          success: true,
          resCode: '0',
          object: { par: OK_OBJECT.par, phone: '<img src=x onerror=alert(1)>' },
        }),
      ),
  },
} as const satisfies Record<string, Fault>;

export type FaultName = keyof typeof FAULTS;
