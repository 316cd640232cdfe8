import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Fetch-API handler; `clientAddress` is the caller's IP where the host knows it. */
export type FetchHandler = (
  request: Request,
  info?: { clientAddress?: string | undefined },
) => Promise<Response>;

/** Node `http` / Express-style `(req, res)`. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<BodyInit | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    req.on('data', (chunk: Uint8Array) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** Runs a Fetch-API handler under Node's `http` server or Express (no Node import at runtime). */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return (req, res) => {
    const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const url = new URL(path, `http://${req.headers.host ?? 'localhost'}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    readBody(req)
      .then((body) =>
        handler(new Request(url, { method: req.method ?? 'GET', headers, body: body ?? null }), {
          clientAddress: req.socket.remoteAddress,
        }),
      )
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"INTERNAL","message":"internal error"}}');
      });
  };
}
