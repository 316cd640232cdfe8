// The examples as a reader would run them, from the packed tarball: for each of examples/*,
// copy it out of the repo, `npm install <tarball>` (the swap for its "file:../.." dependency),
// start the packed mock bin, build with the mock's URL in the public env vars (Next and Vite
// inline them at build time), start the app on loopback (NODE_ENV=production: the SMS page
// shows no code), then walk the login in Chromium at phone size.
//
//   node scripts/check-examples.mjs [path/to/one-tap-phone-x.y.z.tgz]   (else npm pack; needs dist/)
//   CHECK_EXAMPLES_ONLY=express-vite node scripts/check-examples.mjs      (one example)
//
// Each example commits its package-lock.json: `npm install <tarball>` rewrites only the
// one-tap-phone entry and installs everything else at the versions the lock pins, which this
// check verifies, so CI builds what a reader's `npm ci` gets.
//
// One instance without REDIS_URL: it warns at start that it serves one instance only; a new
// browser's one-tap is NO_ACCOUNT and the SMS login signs it in (the Next.js pages under the
// strict Content-Security-Policy its proxy.ts sets, a nonce per request). Then two instances on
// one redis-server (this check starts it), the journeys of scripts/lib/checkJourneys.mjs: 20
// signs on one token, the binding cookie, single use across instances, one-tap after log out
// with no SMS code, another number → NUMBER_MISMATCH, the cross-site lookup → no session,
// "forget this browser" → NO_ACCOUNT, and one client past its per-IP limit → 429.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { launchChromium } from './lib/browser.mjs';
import { checkJourneys, FIRST_PHONE } from './lib/checkJourneys.mjs';
import { checkPolicy, newBrowserPage, startApp } from './lib/exampleApp.mjs';
import { codesSent, expectFallback, oneTap, openLogin, smsLogin } from './lib/exampleJourneys.mjs';
import { run, startServer, waitFor } from './lib/processes.mjs';

const root = resolve(import.meta.dirname, '..');
const LIMIT_MS = Number(process.env.CHECK_EXAMPLES_TIMEOUT_MS ?? 12 * 60_000);
// Every child and every wait is tied to this: past the limit, or on Ctrl-C, what runs is
// killed, the servers are stopped and the temp dir goes, as on any failure.
const stopAll = new AbortController();
const deadline = stopAll.signal;
setTimeout(() => stopAll.abort(new Error(`check-examples: over ${LIMIT_MS / 1000} s`)), LIMIT_MS).unref();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => stopAll.abort(new Error(`check-examples: ${signal}`)));

const EXAMPLES = [
  {
    name: 'next-app-router',
    // What reaches the browser: the client chunks, and the prerendered pages' HTML and RSC payloads.
    browserFiles: (app) => [
      ...filesUnder(join(app, '.next/static')),
      ...filesUnder(join(app, '.next/server/app')).filter((path) => /\.(html|rsc)$/.test(path)),
    ],
    consentPrompt: (page) => page.getByRole('alertdialog'), // <OneTapLogin>'s own
    start: (port) => ['node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1']],
    // Its proxy.ts serves the pages under a strict Content-Security-Policy, a nonce per request.
    csp: true,
    // A route handler gets no socket address: the example keys limits on X-Real-IP, which its
    // proxy sets in production; this client is one such address.
    oneClient: { headers: { 'x-real-ip': '203.0.113.7' } },
  },
  {
    name: 'express-vite',
    browserFiles: (app) => filesUnder(join(app, 'dist')),
    consentPrompt: (page) => page.getByRole('alert').filter({ hasText: '请先勾选同意协议' }), // the page's own
    start: (port) => ['node', ['server.js'], { PORT: String(port), HOST: '127.0.0.1' }],
    // Limits key on the socket's address: this client connects from an address of its own.
    oneClient: { localAddress: '127.0.0.2' },
    // otel.js: the library's metrics for Prometheus (scripts/lib/checkFunnel.mjs).
    metrics: true,
  },
];

/**
 * The budgets the instances run with: generous enough that the journeys (all from one address)
 * never meet them, and small enough that one client passes them in a second.
 */
const LIMITS = { LIMIT_SIGN: '80', LIMIT_EXPIRY_REPORT: '40', LIMIT_CONFIRM: '40' };

const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-examples-'));
const cleanups = [];
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const ONE_INSTANCE_WARNING = 'serves ONE instance only';

const filesUnder = (dir) =>
  readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());

async function checkExample(example, tarball, browser) {
  const times = {};
  const timed = async (label, step) => {
    const started = performance.now();
    const value = await step();
    times[label] = performance.now() - started;
    return value;
  };
  const app = join(work, example.name);
  // The example as committed: no build output, no installed modules, no developer's .env.
  cpSync(join(root, 'examples', example.name), app, {
    recursive: true,
    filter: (path) =>
      !/(^|\/)(node_modules|\.next|dist|next-env\.d\.ts|\.env(\.local|\..*\.local)?)$/.test(path),
  });

  const locked = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')).packages;
  await timed('install', () =>
    run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: app, signal: deadline }),
  );
  const installed = JSON.parse(readFileSync(join(app, 'node_modules/.package-lock.json'), 'utf8')).packages;
  // Optional packages for other platforms (@next/swc-darwin-arm64, …) are locked, not installed.
  const drifted = Object.entries(locked).filter(([path, { version, optional }]) =>
    !path || path === 'node_modules/one-tap-phone'
      ? false
      : installed[path]
        ? installed[path].version !== version
        : !optional,
  );
  if (drifted.length > 0)
    throw new Error(
      `installed other versions than the lock pins: ${drifted.map(([path]) => path).join(', ')}`,
    );

  // The packed bin, from this app's node_modules; it prints its credentials and baseUrl.
  const mockBin = join(app, 'node_modules/.bin/one-tap-phone-mock');
  const mock = startServer(mockBin, ['--port', '0'], { cwd: app, env: process.env, cleanups });
  const banner = await waitFor(mock, (out) => /baseUrl\s+\S+/.test(out) && out, 'mock baseUrl');
  const field = (name) => new RegExp(`^\\s*${name}\\s+(\\S+)`, 'm').exec(banner)[1];
  const [appId, aesKey, baseUrl] = [field('appId'), field('aesKey'), field('baseUrl')];
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    ONE_TAP_APP_ID: appId,
    ONE_TAP_AES_KEY: aesKey,
    ONE_TAP_BASE_URL: baseUrl,
    NEXT_PUBLIC_ONE_TAP_APP_ID: appId,
    NEXT_PUBLIC_ONE_TAP_BASE_URL: baseUrl,
    VITE_ONE_TAP_APP_ID: appId,
    VITE_ONE_TAP_BASE_URL: baseUrl,
    SESSION_SECRET: 'check-examples-session-secret-0123456789abcdef',
    ...LIMITS,
  };

  await timed('build', () => run('npm', ['run', 'build', '--silent'], { cwd: app, env, signal: deadline }));
  const leaked = example.browserFiles(app).filter((path) => readFileSync(path).includes(aesKey));
  if (leaked.length > 0) throw new Error(`the AES key is in the browser bundle: ${leaked.join(', ')}`);

  // One instance, its stores in memory: a new browser's first login.
  const single = await timed('start', () => startApp(example, app, env, cleanups));
  if (!single.server.output().includes(ONE_INSTANCE_WARNING))
    throw new Error(
      `no warning at start that the memory stores serve one instance:\n${single.server.output()}`,
    );
  const { page, problems } = await newBrowserPage(browser, cleanups);
  const response = await openLogin(page, single.origin);
  if (example.csp) await checkPolicy(page, response, `${single.origin}/login`);
  const first = await oneTap(page, single.origin, FIRST_PHONE, {
    consentPrompt: example.consentPrompt,
    askFirst: true,
  });
  times.tap = first.tapMs;
  if (first.status !== 401 || first.code !== 'NO_ACCOUNT')
    throw new Error(`a new browser's one-tap answered ${first.status} ${first.code}, not 401 NO_ACCOUNT`);
  await expectFallback(page, first.code);
  await smsLogin(page, single, FIRST_PHONE);
  await problems();
  if (codesSent(single.server) !== 1) throw new Error('the first login sent other than one SMS code');
  await single.server.stop();

  const context = { example, app, env, appId, aesKey, baseUrl, mock, mockBin, browser, cleanups, root };
  Object.assign(times, await checkJourneys(context));
  return times;
}

try {
  const started = performance.now();
  let tarball = process.argv[2] && resolve(process.argv[2]);
  if (!tarball) {
    if (!existsSync(join(root, 'dist'))) throw new Error('no dist/: run `npm run build` first');
    const packed = await run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: root });
    tarball = join(work, packed.trim().split('\n').pop());
  }
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const only = process.env.CHECK_EXAMPLES_ONLY;
  for (const example of EXAMPLES.filter((e) => !only || e.name === only)) {
    const t = await Promise.race([
      checkExample(example, tarball, browser),
      new Promise((_, reject) =>
        deadline.addEventListener('abort', () => reject(deadline.reason), { once: true }),
      ),
    ]);
    console.log(
      `examples/${example.name}: ${basename(tarball)} installed in ${seconds(t.install)}, built in ${seconds(t.build)}, answering a sign ${seconds(t.start)} after start, no AES key in the browser bundle. One instance without REDIS_URL: a warning at start; ${example.csp ? `under its Content-Security-Policy (a nonce per request, 'strict-dynamic', on every script), ` : ''}a new browser's tap → 134****8682 in ${t.tap.toFixed(0)} ms, 一键登录 without consent asks for it, consent + 一键登录 → NO_ACCOUNT → SMS login (no code on the page) → signed in. Two instances on REDIS_URL: ${t.summary}; no page errors, no policy violation.`,
    );
  }
  console.log(`examples: all passed in ${seconds(performance.now() - started)}`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error.message));
  rmSync(work, { recursive: true, force: true });
}
