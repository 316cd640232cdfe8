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

function readBody(req: IncomingMessage): Promise<BodyInit | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    req.on('data', (chunk: Uint8Array) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Refused(413, 'BODY_TOO_LARGE'));
        req.pause(); // read no more; the response closes the connection
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function toRequest(req: IncomingMessage, body: BodyInit | undefined): Request {
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  let url: URL;
  try {
    url = new URL(path, `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    url = new URL(path.startsWith('/') ? path : '/', 'http://localhost'); // a Host header that is no host
  }
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

/**
 * Runs a Fetch-API handler under Node's `http` server or Express (no Node import at runtime).
 * Whatever a client sends, the answer is an HTTP status, never an exception in the server.
 */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return (req, res) => {
    readBody(req)
      .then((body) => handler(toRequest(req, body), { clientAddress: req.socket.remoteAddress }))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        const { status, code } = error instanceof Refused ? error : { status: 500, code: 'INTERNAL' };
        if (!res.headersSent)
          res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ error: { code, message: code.toLowerCase().replaceAll('_', ' ') } }));
      });
  };
}
