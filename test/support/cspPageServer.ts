import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { jsonpEsmEsbuildPlugin } from '../../scripts/lib/jsonpAsEsm.mjs';
import { PAGE_BUNDLE } from '../../scripts/lib/pageBundle.mjs';
import { PAGE_POLICIES, type PolicyName, pageUnderPolicy } from '../../scripts/lib/pagePolicies.mjs';

// The login page as partners ship it, on loopback with real response headers: a page origin
// serving cspLoginPage.tsx under a Content-Security-Policy (a fresh nonce per response), and a
// provider on another origin answering the protocol's JSONP. No `Cache-Control: no-store` on
// the page, so that Chromium may keep it in the back/forward cache.

export type { PolicyName };

const entry = fileURLToPath(new URL('./cspLoginPage.tsx', import.meta.url));

/** The login page's script, bundled as a partner's bundler would (jsonp compiled as in the build). */
async function bundlePage(): Promise<string> {
  const result = await build({ ...PAGE_BUNDLE, entryPoints: [entry], plugins: [jsonpEsmEsbuildPlugin()] });
  return result.outputFiles[0]?.text ?? '';
}

/** A provider that answers every signed request: the page's policy is the subject here. */
function providerHandler(counts: { requests: number }) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://provider.invalid');
    const callback = url.searchParams.get('callback') ?? '';
    if (!/^[A-Za-z_$][\w$]{0,63}$/.test(callback)) return res.writeHead(400).end();
    counts.requests++;
    const envelope =
      url.pathname === '/getphone/query'
        ? {
            success: true,
            resCode: 0,
            object: { phone: '134****8682', par: randomBytes(16).toString('hex') },
          }
        : { success: true, resCode: 0 };
    res.writeHead(200, { 'content-type': 'application/javascript', 'cache-control': 'no-store' });
    res.end(`${callback}(${JSON.stringify(envelope)})`);
  };
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { origin, close };
}

export interface CspPages {
  /** The login page's URL under `policy`; `params` go to cspLoginPage.tsx. */
  url(policy: PolicyName, params?: Record<string, string>): string;
  /** The provider's origin, as a page's policy names it. */
  providerOrigin: string;
  /** How many JSONP requests reached the provider. */
  providerRequests(): number;
  close(): Promise<void>;
}

export async function startCspPages(): Promise<CspPages> {
  const script = await bundlePage();
  const counts = { requests: 0 };
  const provider = await listen(providerHandler(counts));
  const site = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://page.invalid');
    if (url.pathname === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(script);
    }
    if (url.pathname === '/done') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><title>Done</title><p>signed in</p>');
    }
    const policy = PAGE_POLICIES[url.searchParams.get('policy') as PolicyName];
    if (url.pathname !== '/login' || !policy) return res.writeHead(404).end();
    const nonce = randomBytes(16).toString('base64');
    const { headers, head } = pageUnderPolicy(policy, nonce, provider.origin);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Login</title>${head}</head>` +
        `<body><main id="root"></main><script nonce="${nonce}" src="/app.js"></script></body></html>`,
    );
  });
  return {
    url: (policy, params = {}) =>
      `${site.origin}/login?${new URLSearchParams({ policy, provider: `${provider.origin}/getphone`, ...params })}`,
    providerOrigin: provider.origin,
    providerRequests: () => counts.requests,
    close: async () => {
      await site.close();
      await provider.close();
    },
  };
}
