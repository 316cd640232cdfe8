// The engine check's login page, built from the packed tarball (what partners install): the
// tarball unpacked as node_modules/one-tap-phone, a partner's page bundled against its exports
// by esbuild (React from the repository's node_modules), served on loopback under a real
// Content-Security-Policy (scripts/lib/pagePolicies.mjs, a fresh nonce per response).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { PAGE_BUNDLE } from '../pageBundle.mjs';
import { PAGE_POLICIES, pageUnderPolicy } from '../pagePolicies.mjs';

const root = resolve(import.meta.dirname, '../../..');

// The partner's page: <OneTapLogin> with one agreement of theirs; what happened is left on
// window.__probe for the check (the instrumentation below made it).
const PAGE = `import { type OneTapError, OneTapLogin, type OneTapResult } from 'one-tap-phone';
import { createRoot } from 'react-dom/client';

const query = new URLSearchParams(location.search);
const probe = (window as unknown as { __probe: { since(): number; outcome?: unknown } }).__probe;

function onSuccess({ phone, carrier, sign }: OneTapResult) {
  probe.outcome = { phone, carrier, sign, ms: probe.since() };
  if (!query.has('navigate')) return undefined;
  location.assign('/done'); // a login that moves on with a full navigation
  return new Promise(() => undefined);
}

const onError = ({ code, message }: OneTapError) => {
  probe.outcome = { code, message, ms: probe.since() };
};

createRoot(document.getElementById('root') as HTMLElement).render(
  <OneTapLogin
    appId="wozhitest"
    signUrl={query.get('sign') ?? ''}
    baseUrl={query.get('provider') ?? ''}
    locale={query.get('locale') === 'en' ? 'en' : 'zh-CN'}
    agreements={[{ title: query.get('locale') === 'en' ? 'Terms of use' : '用户协议', href: '/terms' }]}
    onSuccess={onSuccess}
    onError={onError}
  />,
);
`;

// First in <head>, before the app: classic WebDriver reports no console messages or page
// errors, so the page collects them itself, and times the flow from the first tap.
const INSTRUMENTATION = `(() => {
  const probe = (window.__probe = { errors: [] });
  probe.reset = () => { probe.tappedAt = probe.numberAt = probe.outcome = undefined; };
  probe.since = () => Math.round(performance.now() - (probe.tappedAt ?? 0));
  addEventListener('click', () => { if (probe.tappedAt === undefined) probe.tappedAt = performance.now(); }, true);
  addEventListener('error', (event) => probe.errors.push('uncaught: ' + event.message));
  addEventListener('unhandledrejection', (event) =>
    probe.errors.push('unhandled rejection: ' + String(event.reason && event.reason.message || event.reason)));
  for (const level of ['error', 'warn']) {
    const original = console[level];
    console[level] = (...args) => { probe.errors.push('console.' + level + ': ' + args.join(' ')); original.apply(console, args); };
  }
  probe.scriptsSeen = 0;
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) if (probe.globals && node.nodeName === 'SCRIPT' && node.src) probe.scriptsSeen++;
    if (probe.tappedAt !== undefined && probe.numberAt === undefined && document.querySelector('[data-slot="phone"]'))
      probe.numberAt = Math.round(performance.now() - probe.tappedAt);
  }).observe(document, { subtree: true, childList: true });
  // What the page itself loaded: any other <script> or window property later is a leftover.
  addEventListener('load', () => {
    for (const script of document.scripts) script.dataset.page = '';
    probe.globals = Object.keys(window);
  });
})();`;

/** Packs the repository (dist must be built) and unpacks the tarball as `work`'s dependency. */
function unpackTarball(work) {
  const name = execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], {
    cwd: root,
    encoding: 'utf8',
  });
  const tarball = join(work, name.trim().split('\n').pop());
  const installed = join(work, 'node_modules/one-tap-phone');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  // The package's one dependency (the server's telemetry API), as npm would install it beside it.
  mkdirSync(join(work, 'node_modules/@opentelemetry'), { recursive: true });
  symlinkSync(join(root, 'node_modules/@opentelemetry/api'), join(work, 'node_modules/@opentelemetry/api'));
  writeFileSync(join(work, 'package.json'), '{ "private": true, "type": "module" }\n');
  return { tarball, installed };
}

/** The page's script, bundled against the unpacked tarball's exports as a partner's bundler would. */
async function bundlePage(work) {
  const result = await build({
    ...PAGE_BUNDLE,
    stdin: { contents: PAGE, loader: 'tsx', resolveDir: work, sourcefile: 'loginPage.tsx' },
    nodePaths: [join(root, 'node_modules')], // react, react-dom; one-tap-phone is work's own
    minify: true,
  });
  return result.outputFiles[0].text;
}

/**
 * Builds the page in `work` and serves it: `url(params)` is /login under the policy named by
 * `params.policy` ('nonce and strict-dynamic' unless given), /done a page to navigate to.
 */
export async function serveLoginPage(work, providerOrigin) {
  const { tarball } = unpackTarball(work);
  const script = await bundlePage(work);
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://page');
    const html = (body) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    if (url.pathname === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(script);
    }
    if (url.pathname === '/done') return html('<!doctype html><title>Done</title><p>signed in</p>');
    if (url.pathname === '/terms') return html('<!doctype html><title>Terms</title><p>terms</p>');
    const policy = PAGE_POLICIES[url.searchParams.get('policy') ?? 'nonce and strict-dynamic'];
    if (url.pathname !== '/login' || !policy) return res.writeHead(404).end();
    const nonce = randomBytes(16).toString('base64');
    const { headers, head } = pageUnderPolicy(policy, nonce, providerOrigin);
    // No Cache-Control: no-store, so that the page may enter the back/forward cache.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1"><title>登录</title>` +
        `<script nonce="${nonce}">${INSTRUMENTATION}</script>${head}</head>` +
        `<body><main id="root"></main><script nonce="${nonce}" src="/app.js"></script></body></html>`,
    );
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    tarball,
    scriptKb: (script.length / 1024).toFixed(1),
    url: (params = {}) => `${origin}/login?${new URLSearchParams(params)}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
