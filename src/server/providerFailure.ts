// PROVIDER_UNAVAILABLE's detail: which host was tried and why it failed. A bare "TypeError"
// hid both, and a forgotten server baseUrl (which falls back to the production host) looked
// like any network hiccup. Only the URL's host and the error's name, code or message go in:
// the token request carries nothing secret, and its answer is not read here.

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };

const asErrorLike = (value: unknown): ErrorLike | undefined =>
  typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;

/** The innermost system code (`ECONNREFUSED`, `ENOTFOUND`…), else the innermost error's text. */
function reason(cause: unknown, timeoutMs: number): string {
  const outer = asErrorLike(cause);
  if (outer?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // fetch (undici) throws TypeError('fetch failed') with the socket error as its cause;
  // connecting to several addresses gives an AggregateError of them.
  let error = outer;
  for (let depth = 0; error && depth < 5; depth++) {
    if (typeof error.code === 'string') return error.code;
    const next =
      asErrorLike(error.cause) ?? asErrorLike(Array.isArray(error.errors) ? error.errors[0] : undefined);
    if (!next) break;
    error = next;
  }
  if (!error) return String(cause);
  return typeof error.message === 'string' && error.message
    ? `${String(error.name ?? 'Error')}: ${error.message}`
    : String(error.name ?? cause);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid baseUrl';
  }
}

/** e.g. `www.meiyuefu.com (the default baseUrl): ENOTFOUND`, `127.0.0.1:4010: ECONNREFUSED`. */
export function unreachableDetail(
  url: string,
  defaulted: boolean,
  cause: unknown,
  timeoutMs: number,
): string {
  return `${hostOf(url)}${defaulted ? ' (the default baseUrl)' : ''}: ${reason(cause, timeoutMs)}`;
}

/** e.g. `HTTP 502 from 127.0.0.1:4010`. */
export const httpFailureDetail = (url: string, status: number): string =>
  `HTTP ${status} from ${hostOf(url)}`;
