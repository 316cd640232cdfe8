// What the confirm route reads of a request before it confirms anything: which pages may send it
// (login CSRF), the media type, the body within its cap, the sign in it, and the CORS headers a
// listed origin's page gets. Plain functions of a Fetch Request, for ../confirmHandler.ts.

/** The origins a route's `origins` option lists; `where` names the route's factory in errors. */
export function originList(
  origins: string | readonly string[] | undefined,
  where = 'createConfirmHandler',
): ReadonlySet<string> {
  const list = origins === undefined ? [] : typeof origins === 'string' ? [origins] : [...origins];
  for (const origin of list) {
    if (origin === '*' || origin === 'null') {
      throw new TypeError(
        `${where}: origins may not hold ${JSON.stringify(origin)}: list the origins whose pages may post here`,
      );
    }
  }
  return new Set(list);
}

/**
 * Whether a browser sent this request from a page this route may serve. `Sec-Fetch-Site` is set
 * by the browser and no page can change it; older browsers send `Origin` on every POST. A
 * request with neither comes from no browser, so it carries no visitor's cookies: not a CSRF.
 */
export function fromAllowedPage(request: Request, allowed: ReadonlySet<string>): boolean {
  const origin = request.headers.get('origin');
  const listed = origin !== null && allowed.has(origin);
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' || listed;
  if (origin === null) return true;
  return origin === new URL(request.url).origin || listed;
}

export function isJson(contentType: string | null): boolean {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** The body as text, or undefined when it is over `max` bytes (read no further than that). */
export async function cappedText(request: Request, max: number): Promise<string | undefined> {
  if (Number(request.headers.get('content-length') ?? 0) > max) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}

/** `{ sign }` from a JSON body, or undefined for anything else. */
export function signOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    const sign = typeof body === 'object' && body !== null ? (body as { sign?: unknown }).sign : undefined;
    return typeof sign === 'string' && sign !== '' ? sign : undefined;
  } catch {
    return undefined;
  }
}

/** CORS for a listed origin's page: it reads the answer and sends its cookies. */
export function corsFor(request: Request, allowed: ReadonlySet<string>): Record<string, string> {
  const origin = request.headers.get('origin');
  return origin !== null && allowed.has(origin)
    ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
    : {};
}

export function withHeaders(response: Response, headers: Record<string, string>): Response {
  if (Object.keys(headers).length === 0) return response;
  const merged = new Headers(response.headers); // Set-Cookie lines stay separate
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: merged,
  });
}

/**
 * The preflight a listed origin's page sends before its JSON POST (`undefined` for any other
 * request): the confirm and events routes answer it alike.
 */
export function preflight(request: Request, cors: Record<string, string>): Response | undefined {
  if (request.method !== 'OPTIONS' || Object.keys(cors).length === 0) return undefined;
  return new Response(null, {
    status: 204,
    headers: {
      ...cors,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    },
  });
}
