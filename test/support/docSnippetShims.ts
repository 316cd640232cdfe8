// What the docs' snippets import that the library does not depend on, for
// test/node/docSnippets.test.ts: the few APIs of the frameworks they show, as those frameworks
// type them (the parts the snippets use), and the partner's own code the docs leave to the
// partner (an account store, a login session). The library's own API is never shimmed: every
// `one-tap-phone` import type-checks against the sources.

/** Ambient modules, written beside a page's blocks as one .d.ts file. */
export const FRAMEWORK_SHIMS = `
declare module 'next/navigation' {
  export function useRouter(): { push(href: string): void; replace(href: string): void; refresh(): void };
}
// Express: any is enough to hold the library's half of each line (sign.node) to its types.
declare module 'express';
declare module 'fastify' {
  type Raw = { raw: import('node:http').IncomingMessage };
  type Reply = { raw: import('node:http').ServerResponse; hijack(): void };
  export default function Fastify(): {
    get(path: string, handler: (request: Raw, reply: Reply) => void): void;
    listen(options: { port: number }): Promise<string>;
  };
}
declare module 'hono' {
  export class Hono {
    get(path: string, handler: (c: { req: { raw: Request } }) => Response | Promise<Response>): this;
  }
}
declare module 'rate-limiter-flexible' {
  export class RateLimiterRes {}
  export class RateLimiterRedis {
    constructor(options: { storeClient: unknown; useRedisPackage?: boolean; keyPrefix?: string; points: number; duration: number });
    consume(key: string): Promise<RateLimiterRes>;
  }
}
declare module 'iron-session' {
  export function unsealData<T>(seal: string, options: { password: string }): Promise<T>;
}
declare module 'react-router' {
  export type EntryContext = { readonly entry: unknown };
  export function ServerRouter(props: { context: EntryContext; url: string | URL; nonce?: string }): import('react').ReactElement;
  interface Session<Data> {
    get<Key extends keyof Data>(name: Key): Data[Key] | undefined;
    set<Key extends keyof Data>(name: Key, value: Data[Key]): void;
  }
  export function createCookieSessionStorage<Data>(options: {
    cookie: { name: string; httpOnly?: boolean; secure?: boolean; sameSite?: 'lax' | 'strict' | 'none'; path?: string; maxAge?: number; secrets?: string[] };
  }): {
    getSession(cookieHeader?: string | null): Promise<Session<Data>>;
    commitSession(session: Session<Data>): Promise<string>;
    destroySession(session: Session<Data>): Promise<string>;
  };
}
declare module '@react-router/dev/routes' {
  export type RouteConfigEntry = { path?: string; file: string };
  export type RouteConfig = RouteConfigEntry[];
  export function index(file: string): RouteConfigEntry;
  export function route(path: string, file: string): RouteConfigEntry;
}
declare module '@react-router/node' {
  export function createReadableStreamFromReadable(source: import('node:stream').Readable): ReadableStream<Uint8Array>;
}
`;

const ACCOUNTS = `
/** The partner's accounts: the full number was proven by an SMS code. */
export declare function findAccount(id: string): Promise<{ id: string; phone: string } | undefined>;
/** The account a request's sealed, HttpOnly cookie names: the one this browser proved by SMS. */
export declare function accountOf(request: Request): Promise<{ id: string; phone: string } | undefined>;
/** The partner's login: a JSON Response that sets its session cookie. */
export declare function startSession(accountId: string): Promise<Response>;
`;

/** Files a page's blocks import that the docs leave to the partner, by path. */
export const PARTNER_CODE: Record<string, string> = {
  'lib/accounts.ts': ACCOUNTS,
  'app/lib/accounts.ts': ACCOUNTS,
  'app/accounts.server.ts': ACCOUNTS,
};
