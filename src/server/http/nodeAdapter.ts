import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Fetch-API handler; `clientAddress` is the caller's IP where the host knows it. */
export type FetchHandler = (
  request: Request,
  info?: { clientAddress?: string | undefined },
) => Promise<Response>;

/** Node `http` / Express-style `(req, res)`. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

const MAX_BODY = 64 * 1024;

/** A request the adapter refuses before any handler sees it. */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/**
 * How long a body may take to arrive: a client that promises bytes and stalls holds no
 * connection open past this (Node's own `requestTimeout` is 300 s).
 */
const BODY_READ_MS = 10_000;

/**
 * The body, read to its end; over MAX_BODY a 413 at once, not complete within `readTimeoutMs`
 * a 408. With `cap` (a handler that refuses a body over `cap` bytes itself): reading stops at
 * `cap` + 1 bytes, or before any for a Content-Length over `cap`, and the handler gets what was
 * read, which it refuses in its own words after its own checks (method, site, media type): a
 * client that promises 64 KB is not read for 64 KB.
 */
function readBody(
  req: IncomingMessage,
  cap: number | undefined,
  readTimeoutMs: number,
): Promise<BodyInit | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(undefined);
  if (cap !== undefined && Number(req.headers['content-length'] ?? 0) > cap) {
    return Promise.resolve(new Uint8Array(0)); // the handler refuses it by its header
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    /** Stops reading (the answer closes the connection) and settles once. */
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      req.removeListener('data', onData);
      req.pause();
      outcome();
    };
    const body = () => new Uint8Array(Buffer.concat(chunks));
    const onData = (chunk: Uint8Array) => {
      size += chunk.length;
      chunks.push(chunk);
      if (cap !== undefined && size > cap) settle(() => resolve(body()));
      else if (size > MAX_BODY) settle(() => reject(new Refused(413, 'BODY_TOO_LARGE')));
    };
    const timer = setTimeout(() => settle(() => reject(new Refused(408, 'REQUEST_TIMEOUT'))), readTimeoutMs);
    req.on('data', onData);
    req.on('end', () => settle(() => resolve(body())));
    req.on('error', (error) => settle(() => reject(error)));
  });
}

/**
 * The request's URL as the Fetch path sees it, for handlers' own Node fast paths to see the
 * same. Throws on a path no URL can hold.
 */
function requestUrl(req: IncomingMessage): URL {
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  try {
    return new URL(path, `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    return new URL(path.startsWith('/') ? path : '/', 'http://localhost'); // a Host header that is no host
  }
}

function toRequest(req: IncomingMessage, body: BodyInit | undefined): Request {
  const url = requestUrl(req); // may throw (a path such as `//[x`): a 500, as it always was
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  try {
    return new Request(url, { method: req.method ?? 'GET', headers, body: body ?? null });
  } catch {
    throw new Refused(405, 'METHOD_NOT_ALLOWED'); // CONNECT, TRACE, TRACK: refused by the Fetch API
  }
}

/** The answer to a request that failed before or inside the handler: a status, never a throw. */
function sendFailure(res: ServerResponse, error: unknown): void {
  const { status, code } = error instanceof Refused ? error : { status: 500, code: 'INTERNAL' };
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ error: { code, message: code.toLowerCase().replaceAll('_', ' ') } }));
}

/**
 * A Response's headers for `writeHead`: each Set-Cookie on its own line (a login's session
 * cookie and its binding cookie), where `Object.fromEntries` would join them into one.
 */
function nodeHeaders(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.fromEntries(headers);
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

/**
 * Runs a Fetch-API handler under Node's `http` server or Express (no Node import at runtime).
 * Whatever a client sends, the answer is an HTTP status, never an exception in the server.
 */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return nodeHandler(handler, undefined, BODY_READ_MS);
}

/**
 * toNodeHandler for a handler that refuses a body over `capBytes` itself (the confirm route):
 * the body is read no further than that. `readTimeoutMs` is for tests.
 */
export function toCappedNodeHandler(
  handler: FetchHandler,
  capBytes: number,
  readTimeoutMs = BODY_READ_MS,
): NodeHandler {
  return nodeHandler(handler, capBytes, readTimeoutMs);
}

function nodeHandler(handler: FetchHandler, cap: number | undefined, readTimeoutMs: number): NodeHandler {
  return (req, res) => {
    readBody(req, cap, readTimeoutMs)
      .then((body) => handler(toRequest(req, body), { clientAddress: req.socket.remoteAddress }))
      .then(async (response) => {
        res.writeHead(response.status, nodeHeaders(response.headers));
        res.end(req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => sendFailure(res, error));
  };
}

/** What a handler answers, before it becomes a Fetch `Response` or a Node response. */
export interface PlainAnswer {
  status: number;
  /** Lowercase names. */
  headers: Record<string, string>;
  body: string | null;
}

/** The parts of a request a handler that answers in PlainAnswer reads. */
export interface PlainRequest {
  method: string;
  url: URL;
  /** As `Headers.get`: the value, or null when absent. */
  header(name: string): string | null;
  /**
   * The request as a Fetch `Request`, for a partner's hooks (`binding`, `limit`): the one the
   * handler was called with, or on the Node fast path one made on first call (URL and headers;
   * GET and HEAD have no body).
   */
  request(): Request;
  /** The caller's IP where the host knows it (Node: the socket's address, read when asked). */
  clientAddress(): string | undefined;
}

export type PlainHandler = (request: PlainRequest) => Promise<PlainAnswer>;

function toResponse(answer: PlainAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** A handler in PlainAnswer as a Fetch-API handler. */
export function toFetchHandler(handler: PlainHandler): FetchHandler {
  return async (request, info) =>
    toResponse(
      await handler({
        method: request.method,
        url: new URL(request.url),
        header: (name) => request.headers.get(name),
        request: () => request,
        clientAddress: () => info?.clientAddress,
      }),
    );
}

// `new Headers()` strips these from both ends of a value; the fast path reads values as it does.
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function nodeHeader(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return typeof value === 'string'
    ? value.replace(HTTP_WHITESPACE, '')
    : value.map((v) => v.replace(HTTP_WHITESPACE, '')).join(', ');
}

/** Headers as `Object.fromEntries(response.headers)` lists them: sorted by name. */
function sortedHeaders(headers: Record<string, string>): Record<string, string> {
  const names = Object.keys(headers);
  if (names.every((name, i) => i === 0 || (names[i - 1] as string) < name)) return headers;
  names.sort();
  const sorted: Record<string, string> = {};
  for (const name of names) sorted[name] = headers[name] as string;
  return sorted;
}

/**
 * Node's `(req, res)` for a handler in PlainAnswer, with no Fetch `Request` or `Response` on
 * the way for GET and HEAD: the answer's status, headers and body are written as
 * toNodeHandler would write the same answer, byte for byte. Every other request (a body to
 * read, a method the Fetch API refuses, a URL with credentials, which `new Request` refuses)
 * takes the Fetch path through toNodeHandler, so what it answers does not change.
 */
export function toFastNodeHandler(handler: PlainHandler): NodeHandler {
  const fetchPath = toNodeHandler(toFetchHandler(handler));
  return (req, res) => {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return fetchPath(req, res);
    let url: URL;
    try {
      url = requestUrl(req);
    } catch (error) {
      return sendFailure(res, error);
    }
    if (url.username !== '' || url.password !== '') return fetchPath(req, res);
    let request: Request | undefined;
    handler({
      method,
      url,
      header: (name) => nodeHeader(req, name),
      // Only when a hook asks: the pair is what the fast path saves (docs/architecture.md).
      request: () => {
        request ??= toRequest(req, undefined);
        return request;
      },
      // Read only when a hook asks: the socket's address costs a native call per request.
      clientAddress: () => req.socket.remoteAddress,
    })
      .then((answer) => {
        res.writeHead(answer.status, sortedHeaders(answer.headers));
        res.end(method === 'HEAD' ? undefined : (answer.body ?? ''));
      })
      .catch((error: unknown) => sendFailure(res, error));
  };
}
