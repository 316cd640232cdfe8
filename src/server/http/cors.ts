// The sign endpoint's CORS: which origins may read a sign, and whether with the session cookie
// (credentials) and which request headers (a CSRF token, say) a preflight allows.

/** CORS in full: a cross-origin sign endpoint that reads the session cookie needs `credentials`. */
export interface CorsOptions {
  /** `'*'` for any origin, or the origins allowed (`https://shop.example`, exact match). */
  origins: '*' | string | readonly string[];
  /**
   * Answer an allowed origin with `Access-Control-Allow-Credentials: true` (and that origin,
   * never `*`), so the browser sends cookies. Not with `origins: '*'`: `createSignHandler`
   * throws a TypeError, since that would let every site call the endpoint as the user.
   * @defaultValue false
   */
  credentials?: boolean | undefined;
  /** Request headers a preflight allows (`Access-Control-Allow-Headers`). @defaultValue none */
  headers?: readonly string[] | undefined;
}

/** `true` or `'*'` for any origin, an origin, a list of them, or {@link CorsOptions}. */
export type CorsSetting = boolean | string | readonly string[] | CorsOptions;

interface Policy {
  any: boolean;
  origins: ReadonlySet<string>;
  credentials: boolean;
  headers: string;
}

export interface Cors {
  /** Whether cross-origin requests are answered at all (a preflight gets 204). */
  enabled: boolean;
  /** Whether a page of `origin` may read the answers (listed, or any with `'*'`). */
  allows(origin: string | null): boolean;
  /** The headers an answer to a request from `origin` carries. */
  headers(origin: string | null): Record<string, string>;
  /** What a preflight from `origin` is answered with. */
  preflight(origin: string | null): Record<string, string>;
}

function policyOf(setting: CorsSetting): Policy {
  const full: CorsOptions =
    typeof setting === 'object' && !Array.isArray(setting)
      ? (setting as CorsOptions)
      : { origins: setting === true ? '*' : (setting as string | readonly string[]) };
  const list = typeof full.origins === 'string' ? [full.origins] : full.origins;
  const any = list.includes('*');
  if (any && full.credentials) {
    throw new TypeError("createSignHandler: cors credentials need a list of origins, not '*'");
  }
  // Origin `null` is what every sandboxed iframe and data: page sends: with credentials, any
  // site could frame one and read a sign as the user.
  if (list.includes('null') && full.credentials) {
    throw new TypeError("createSignHandler: cors credentials need a list of origins, not 'null'");
  }
  return {
    any,
    origins: new Set(list),
    credentials: full.credentials === true,
    headers: (full.headers ?? []).join(', '),
  };
}

export function corsOf(setting: CorsSetting | undefined): Cors {
  if (!setting) return { enabled: false, allows: () => false, headers: () => ({}), preflight: () => ({}) };
  const policy = policyOf(setting);
  const headers = (origin: string | null): Record<string, string> => {
    if (origin === null) return {};
    if (policy.any) return { 'access-control-allow-origin': '*' };
    if (!policy.origins.has(origin)) return { vary: 'Origin' };
    return {
      ...(policy.credentials ? { 'access-control-allow-credentials': 'true' } : {}),
      'access-control-allow-origin': origin,
      vary: 'Origin',
    };
  };
  return {
    enabled: true,
    allows: (origin) => origin !== null && (policy.any || policy.origins.has(origin)),
    headers,
    preflight: (origin) => ({
      ...headers(origin),
      ...(policy.headers ? { 'access-control-allow-headers': policy.headers } : {}),
      'access-control-allow-methods': 'GET',
      'access-control-max-age': '600',
    }),
  };
}
