// The examples as a reader would run them, from the packed tarball: for each of examples/*,
// copy it out of the repo, `npm install <tarball>` (the swap for its "file:../.." dependency),
// start the packed mock bin, build with the mock's URL in the public env vars (Next and Vite
// inline them at build time), start the app on loopback, then in Chromium at phone size: tap,
// see 134****8682, 一键登录 without consent (the page must ask), check the consent box,
// 一键登录, and see the number the confirm route sent. The Next.js login page runs under the
// strict Content-Security-Policy its proxy.ts sets (a nonce per request): every script it
// came with carries the nonce, and nothing the page does is refused.
//
//   node scripts/check-examples.mjs [path/to/one-tap-phone-x.y.z.tgz]   (else npm pack; needs dist/)
//
// Each example commits its package-lock.json: `npm install <tarball>` rewrites only the
// one-tap-phone entry and installs everything else at the versions the lock pins, which this
// check verifies, so CI builds what a reader's `npm ci` gets.
//
// Then the same build as a reader deploys it twice: without REDIS_URL it must warn at start
// that it serves one instance only; with REDIS_URL (a redis-server this check starts), two
// instances' 20 signs must carry one token, and one must refuse a sign the other confirmed.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { launchChromium } from './lib/browser.mjs';

const root = resolve(import.meta.dirname, '..');
const LIMIT_MS = Number(process.env.CHECK_EXAMPLES_TIMEOUT_MS ?? 8 * 60_000);
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
    page: '/login',
    // What reaches the browser: the client chunks, and the prerendered pages' HTML and RSC payloads.
    browserFiles: (app) => [
      ...filesUnder(join(app, '.next/static')),
      ...filesUnder(join(app, '.next/server/app')).filter((path) => /\.(html|rsc)$/.test(path)),
    ],
    consentPrompt: (page) => page.getByRole('alertdialog'), // <OneTapLogin>'s own
    start: (port) => ['node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1']],
    // Its proxy.ts serves the login page under a strict Content-Security-Policy, a nonce per request.
    csp: true,
  },
  {
    name: 'express-vite',
    page: '/',
    browserFiles: (app) => filesUnder(join(app, 'dist')),
    consentPrompt: (page) => page.getByRole('alert').filter({ hasText: '请先勾选同意协议' }), // the page's own
    start: (port) => ['node', ['server.js'], { PORT: String(port), HOST: '127.0.0.1' }],
  },
];

const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-examples-'));
const cleanups = [];
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs a command to its end; its output is shown only when it fails. In its own process group,
 * so that the deadline stops what it started too (npm → sh → next build and its workers).
 */
function run(command, args, { cwd, env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stop = () => process.kill(-child.pid, 'SIGKILL');
    deadline.addEventListener('abort', stop, { once: true });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', (error) => reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${out}`)));
    child.on('close', (code, signal) => {
      deadline.removeEventListener('abort', stop);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code ?? signal}:\n${out}`));
    });
  });
}

/** Starts a server in its own process group, so that stopping it stops whatever it started. */
function startServer(command, args, { cwd, env }) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise((r) => child.on('exit', r));
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid, 'SIGTERM');
    const killer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
  });
  return { child, output: () => out, exited };
}

/** Resolves once `test(output)` matches, or rejects when the process exits or time runs out. */
function waitFor(server, test, what, ms = 15_000) {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${what} within ${ms} ms:\n${server.output()}`)), ms);
    const check = () => {
      const found = test(server.output());
      if (found) done(undefined, found);
    };
    const done = (error, value) => {
      clearTimeout(timer);
      server.child.stdout.off('data', check);
      if (error) reject(error);
      else resolvePromise(value);
    };
    server.child.stdout.on('data', check);
    server.exited.then((code) => done(new Error(`exited with ${code} before ${what}:\n${server.output()}`)));
    check();
  });
}

const freePort = () =>
  new Promise((resolvePromise) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });

/** Polls the app's sign route until it answers a sign: the app is up and talks to the mock. */
async function waitForSign(origin, appId) {
  const until = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${origin}/api/one-tap/sign?appId=${appId}`, {
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
    if (response?.ok && typeof (await response.json()).sign === 'string') return;
    if (Date.now() > until) throw new Error(`${origin}/api/one-tap/sign answered no sign within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const filesUnder = (dir) =>
  readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());

/**
 * Clicks, and times in the page from the click's dispatch to the first frame that shows
 * `text`: Playwright's own waits poll too coarsely (up to 500 ms) to time a flow.
 */
async function clickUntil(page, locator, text) {
  await page.evaluate(() =>
    document.addEventListener('click', () => (window.clickedAt = performance.now()), {
      capture: true,
      once: true,
    }),
  );
  await locator.click();
  const shown = await page.waitForFunction(
    (t) => document.body.textContent?.includes(t) && performance.now(),
    text,
    {
      polling: 'raf',
    },
  );
  return (await shown.jsonValue()) - (await page.evaluate(() => window.clickedAt));
}

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
  await timed('install', () => run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: app }));
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
  const mock = startServer(join(app, 'node_modules/.bin/one-tap-phone-mock'), ['--port', '0'], {
    cwd: app,
    env: process.env,
  });
  const banner = await waitFor(mock, (out) => /baseUrl\s+\S+/.test(out) && out, 'mock baseUrl');
  const field = (name) => new RegExp(`^\\s*${name}\\s+(\\S+)`, 'm').exec(banner)[1];
  const [appId, aesKey, baseUrl] = [field('appId'), field('aesKey'), field('baseUrl')];
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    ONE_TAP_APP_ID: appId,
    ONE_TAP_AES_KEY: aesKey,
    ONE_TAP_BASE_URL: baseUrl,
    NEXT_PUBLIC_ONE_TAP_APP_ID: appId,
    NEXT_PUBLIC_ONE_TAP_BASE_URL: baseUrl,
    VITE_ONE_TAP_APP_ID: appId,
    VITE_ONE_TAP_BASE_URL: baseUrl,
  };

  await timed('build', () => run('npm', ['run', 'build', '--silent'], { cwd: app, env }));
  const leaked = example.browserFiles(app).filter((path) => readFileSync(path).includes(aesKey));
  if (leaked.length > 0) throw new Error(`the AES key is in the browser bundle: ${leaked.join(', ')}`);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const [command, args, extraEnv] = example.start(port);
  const server = startServer(command, args, { cwd: app, env: { ...env, ...extraEnv } });
  await timed('start', () =>
    Promise.race([
      waitForSign(origin, appId),
      server.exited.then(() => Promise.reject(new Error(server.output()))),
    ]),
  );

  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Whatever the page's policy refuses, from the first script on, fails the check.
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.violations.push(`${event.effectiveDirective} refused ${event.blockedURI || event.sample}`),
    );
  });
  // The sign is prefetched once the page has hydrated: a tap before that would be lost.
  const prefetched = page.waitForResponse((r) => r.url().startsWith(`${origin}/api/one-tap/sign?`));
  const response = await page.goto(`${origin}${example.page}`);
  await prefetched;
  if (example.csp) {
    // A fresh nonce with 'strict-dynamic', on every script the page came with.
    const policy = response.headers()['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    if (!nonce || !/script-src [^;]*'strict-dynamic'/.test(policy))
      throw new Error(`the login page's policy has no nonce with 'strict-dynamic': "${policy}"`);
    const again = (await fetch(`${origin}${example.page}`)).headers.get('content-security-policy') ?? '';
    if (again.includes(nonce)) throw new Error('the login page served the same nonce twice');
    const unnonced = await page.evaluate(
      (n) => [...document.scripts].filter((s) => s.nonce !== n).length,
      nonce,
    );
    if (unnonced > 0) throw new Error(`${unnonced} script(s) of the login page without its nonce`);
    times.csp = policy;
  }

  times.tap = await clickUntil(page, page.getByRole('button', { name: '本机号码一键登录' }), '134****8682');

  // Login without consent asks for it; checking the box answers (and closes) the request.
  const login = page.getByRole('button', { name: '一键登录', exact: true });
  await login.click();
  await example.consentPrompt(page).waitFor();
  await page.getByRole('checkbox').check();
  await example.consentPrompt(page).waitFor({ state: 'detached' });
  const confirmed = page.waitForResponse((r) => r.url() === `${origin}/api/one-tap/confirm`);
  times.login = await clickUntil(page, login, '已登录 134****8682');
  const answer = await (await confirmed).json();

  if (answer.phone !== '134****8682' || !/^[0-9A-F]{32}$/i.test(answer.par) || answer.carrier !== 'mobile')
    throw new Error(`the confirm route answered ${JSON.stringify(answer)}`);
  if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join('; ')}`);
  const violations = await page.evaluate(() => window.violations);
  if (violations.length > 0) throw new Error(`the page's policy refused: ${violations.join('; ')}`);
  if (!server.output().includes(ONE_INSTANCE_WARNING))
    throw new Error(`no warning at start that the memory store serves one instance:\n${server.output()}`);

  Object.assign(times, await checkTwoInstances(example, app, { env, appId, aesKey, baseUrl }));
  return times;
}

const ONE_INSTANCE_WARNING = 'serves ONE instance only';

/** Two instances of the built example on one redis-server, as a reader deploys it behind a balancer. */
/** What a script on the login page could set before the page fetches its sign. */
const PLANTED = '__Host-one-tap=attackerchosen0001';

async function checkTwoInstances(example, app, { env, appId, aesKey, baseUrl }) {
  const redisPort = await freePort();
  const redis = startServer(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd: app, env: process.env },
  );
  await waitFor(redis, (out) => out.includes('Ready to accept connections'), 'redis-server ready');
  const instances = await Promise.all(
    [0, 1].map(async () => {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const [command, args, extraEnv] = example.start(port);
      const env2 = { ...env, ...extraEnv, REDIS_URL: `redis://127.0.0.1:${redisPort}/2` };
      const server = startServer(command, args, { cwd: app, env: env2 });
      await Promise.race([
        waitForSign(origin, appId),
        server.exited.then(() => Promise.reject(new Error(server.output()))),
      ]);
      return { origin, server };
    }),
  );
  const [a, b] = instances;
  // Each sign comes with the HttpOnly cookie it is bound to; the browser sends it back on confirm.
  let cookie = '';
  const sign = async ({ origin }) => {
    // A cookie a script on the page planted (it can, a __Host- one too): the route must ignore it.
    const response = await fetch(`${origin}/api/one-tap/sign?appId=${appId}`, {
      headers: { cookie: PLANTED },
    });
    if (!response.ok) throw new Error(`${origin}: sign answered ${response.status}`);
    cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    if (!cookie.startsWith('__Host-one-tap=') || cookie === PLANTED)
      throw new Error(`${origin}: the sign route bound the sign to ${cookie || 'no cookie'}, not a fresh id`);
    return (await response.json()).sign;
  };
  // The packed library's own openSign, from the app's node_modules.
  const { openSign } = await import(join(app, 'node_modules/one-tap-phone/dist/server/node.js'));
  const tokens = new Set();
  for (const s of await Promise.all(Array.from({ length: 20 }, (_, i) => sign(instances[i % 2]))))
    tokens.add((await openSign(s, aesKey)).token);
  // With a store each (the memory store), each instance signs with a token of its own.
  if (tokens.size !== 1) throw new Error(`two instances on REDIS_URL signed with ${tokens.size} tokens`);

  // A sign looked up with the provider (as the page does), confirmed on a, replayed on b.
  const looked = await sign(a);
  const binding = cookie;
  const query = `appId=${appId}&sign=${encodeURIComponent(looked)}`;
  await (await fetch(`${baseUrl}?${query}&callback=cb`)).text();
  for (let tries = 0; ; tries++) {
    const answer = await (await fetch(`${baseUrl}/query?${query}`)).json();
    if (answer.resCode === '0') break;
    if (tries > 50) throw new Error(`the mock never resolved the looked-up sign: ${JSON.stringify(answer)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const confirm = async ({ origin }, withCookie = binding) => {
    const response = await fetch(`${origin}/api/one-tap/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: withCookie },
      body: JSON.stringify({ sign: looked }),
    });
    return { status: response.status, body: await response.json() };
  };
  const planted = await confirm(a, PLANTED);
  if (planted.status !== 401 || planted.body.error?.code !== 'SIGN_BOUND_ELSEWHERE')
    throw new Error(`a confirm with the planted cookie answered ${JSON.stringify(planted)}`);
  const first = await confirm(a);
  if (first.status !== 200) throw new Error(`confirm on the first instance: ${JSON.stringify(first)}`);
  const replay = await confirm(b); // the same browser (cookie), the other instance
  if (replay.status !== 401 || replay.body.error?.code !== 'SIGN_USED')
    throw new Error(`a replay on the second instance answered ${JSON.stringify(replay)}`);
  for (const { server } of instances)
    if (server.output().includes(ONE_INSTANCE_WARNING))
      throw new Error(`warned of one instance with REDIS_URL set:\n${server.output()}`);
  return { tokensFor20: tokens.size, replay: replay.body.error.code };
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
  for (const example of EXAMPLES) {
    const t = await Promise.race([
      checkExample(example, tarball, browser),
      new Promise((_, reject) =>
        deadline.addEventListener('abort', () => reject(deadline.reason), { once: true }),
      ),
    ]);
    console.log(
      `examples/${example.name}: ${basename(tarball)} installed in ${seconds(t.install)}, built in ${seconds(t.build)}, answering a sign ${seconds(t.start)} after start; tap → 134****8682 in ${t.tap.toFixed(0)} ms, 一键登录 without consent asks for it, consent + 一键登录 → "已登录 134****8682" from the confirm route in ${t.login.toFixed(0)} ms; ${t.csp ? `under its Content-Security-Policy (a nonce per request, 'strict-dynamic', on every script), ` : ''}no page errors, no policy violation, no AES key in the browser bundle; without REDIS_URL a warning at start; two instances on REDIS_URL: 20 signs on ${t.tokensFor20} token, a confirmed sign replayed on the other → ${t.replay}, a cookie planted before the sign binds nothing (SIGN_BOUND_ELSEWHERE)`,
    );
  }
  console.log(`examples: all passed in ${seconds(performance.now() - started)}`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error.message));
  rmSync(work, { recursive: true, force: true });
}
