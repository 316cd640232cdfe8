import { answer, script, status } from './responses.js';

/**
 * Bad answers the mock can give, for robustness tests: each names the endpoint it spoils and
 * what comes back. Given to an app (`fault`), a fault spoils that app's first flow only (the
 * first sign requested, or the requests that carry the first sign seen), so the same page can
 * show the failure and then a retry that works. Scenarios (scenarios.ts) are made of the same
 * faults, spoiling every flow.
 */
export type FaultEndpoint = 'sign' | 'getphone' | 'query';

interface Fault {
  endpoint: FaultEndpoint;
  /** `cb` is the JSONP callback name (query and getphone), or null. `'hang'` never answers. */
  respond(cb: string | null): Response | 'hang';
}

const call = (cb: string | null, arg: string) => script(`${cb}(${arg});`);
const OK_OBJECT = { par: 'B0A63A589B1541DC9B3E4C8F25F073F7', phone: '134****8682' };
const ok = (object: unknown) => ({ success: true, resCode: '0', object });

/** Every fault by name: the endpoint it spoils and its answer. */
export const FAULTS = {
  'sign-500': { endpoint: 'sign', respond: () => status(500, 'Internal Server Error') },
  'sign-404': { endpoint: 'sign', respond: () => status(404, 'Not Found') },
  'sign-empty': { endpoint: 'sign', respond: () => new Response('') },
  'sign-junk': { endpoint: 'sign', respond: () => new Response('<html><body>login required</body></html>') },
  'getphone-404': { endpoint: 'getphone', respond: () => status(404, 'Not Found') },
  'getphone-500': { endpoint: 'getphone', respond: () => status(500, 'Internal Server Error') },
  'query-404': { endpoint: 'query', respond: () => status(404, 'Not Found') },
  'query-500': { endpoint: 'query', respond: () => status(500, 'Internal Server Error') },
  'query-empty': { endpoint: 'query', respond: () => script('') },
  'query-undefined': { endpoint: 'query', respond: (cb) => call(cb, 'undefined') },
  'query-html-string': {
    endpoint: 'query',
    respond: (cb) => call(cb, JSON.stringify('<html><body>502 Bad Gateway</body></html>')),
  },
  'query-syntax-error': { endpoint: 'query', respond: (cb) => script(`${cb}({"resCode": "0", "object": `) },
  'query-twice': {
    endpoint: 'query',
    respond: (cb) => script(`${cb}(${JSON.stringify(ok(OK_OBJECT))}); ${cb}({"resCode":"3"});`),
  },
  'query-no-callback': { endpoint: 'query', respond: () => script('/* no callback */') },
  'query-hang': { endpoint: 'query', respond: () => 'hang' },
  /** Valid JSONP whose body is not the envelope. */
  'query-bad-envelope': { endpoint: 'query', respond: (cb) => answer(cb, { hello: 'world' }) },
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
    respond: (cb) => call(cb, JSON.stringify(ok(JSON.stringify(OK_OBJECT)))),
  },
  'query-object-null': { endpoint: 'query', respond: (cb) => call(cb, JSON.stringify(ok(null))) },
  'query-no-phone': {
    endpoint: 'query',
    respond: (cb) => call(cb, JSON.stringify(ok({ par: OK_OBJECT.par }))),
  },
  'query-1mb': { endpoint: 'query', respond: (cb) => call(cb, JSON.stringify('x'.repeat(1024 * 1024))) },
  'query-markup-phone': {
    endpoint: 'query',
    respond: (cb) =>
      call(cb, JSON.stringify(ok({ par: OK_OBJECT.par, phone: '<img src=x onerror=alert(1)>' }))),
  },
} as const satisfies Record<string, Fault>;

/** A fault's name, as `MockApp.fault` and the browser tests' `fault-<name>` apps take it. */
export type FaultName = keyof typeof FAULTS;
