// The consumer test: npm pack, install the tarball into the fresh Vite React app kept in
// test/consumer (no QueryClientProvider), build it, serve the build beside an independent
// provider (not our mock) and the packed sign handler, and walk the login page in Chromium at
// a phone's width: the authorization step per carrier, the consent rule, instant, lookup on
// mount, English.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium, serveStatic } from './lib/browser.mjs';
import { startIndependentProvider } from './lib/independentProvider.mjs';

// The provider document's example app, as a partner would configure it.
const APP_ID = 'wozhitest';
const AES_KEY = 'h1q9750o8141K864';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-consumer-'));
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const cleanups = [];

try {
  const tarball = join(
    work,
    run('npm', ['pack', '--pack-destination', work, '--silent'], root).trim().split('\n').pop(),
  );
  const app = join(work, 'app');
  cpSync(join(root, 'test/consumer'), app, {
    recursive: true,
    filter: (p) => !p.includes('node_modules') && !p.includes('/dist'),
  });
  // REACT=18 tries the other supported major: react, react-dom and their types.
  const react = process.env.REACT ?? '19';
  const majors =
    react === '19'
      ? []
      : [`react@${react}`, `react-dom@${react}`, `@types/react@${react}`, `@types/react-dom@${react}`];
  run('npm', ['install', '--no-audit', '--no-fund', tarball, ...majors], app);
  run('npm', ['run', 'typecheck', '--silent'], app); // against the published .d.ts, strict, skipLibCheck off
  run('npm', ['run', 'build', '--silent'], app);

  const dist = join(app, 'dist');
  const assets = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const js = assets.map((f) => readFileSync(join(dist, 'assets', f)));
  const total = js.reduce((n, b) => n + b.length, 0);
  const gzip = js.reduce((n, b) => n + gzipSync(b).length, 0);
  for (const secret of ['h1q9750o8141K864', 'subtle', 'node:crypto']) {
    if (js.some((b) => b.includes(secret))) throw new Error(`the app bundle contains ${secret}`);
  }

  const site = await serveStatic(dist, { fallback: 'index.html' });
  cleanups.push(site.close);

  // Not our mock: an independent provider, and the partner's sign endpoint on the packed server.
  const provider = await startIndependentProvider({ appId: APP_ID, aesKey: AES_KEY });
  cleanups.push(provider.close);
  const requireFromApp = createRequire(join(app, 'package.json'));
  const server = await import(pathToFileURL(requireFromApp.resolve('one-tap-phone/server')).href);
  const handler = server.createSignHandler({
    appId: APP_ID,
    aesKey: AES_KEY,
    baseUrl: provider.baseUrl,
    cors: true,
  });
  const api = createServer(handler.node);
  await new Promise((r) => api.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    api.closeAllConnections();
    return new Promise((r) => api.close(r));
  });
  const signUrl = `http://127.0.0.1:${api.address().port}/api/sign`;

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const open = (variant = '') =>
    page.goto(
      `${site.origin}/?sign=${encodeURIComponent(signUrl)}&provider=${encodeURIComponent(provider.baseUrl)}${variant}`,
    );
  const result = page.getByTestId('result');
  const expect = (ok, what) => {
    if (!ok) throw new Error(`consumer app: ${what}`);
  };
  const timings = [];

  // The authorization step, per carrier: the number, who authenticates it, its terms, ours.
  for (const [phone, masked, attribution, terms] of [
    ['13412348682', '134****8682', '中国移动提供认证服务', '《中国移动认证服务条款》'],
    ['13012345678', '130****5678', '中国联通提供认证服务', '《中国联通认证服务协议》'],
    ['18912345678', '189****5678', '天翼账号提供认证服务', '《天翼账号服务与隐私协议》'],
  ]) {
    provider.state.phone = phone;
    await open();
    const started = Date.now();
    await page.getByRole('button', { name: '本机号码一键登录' }).click();
    await page.getByText(masked, { exact: true }).waitFor({ timeout: 10_000 });
    timings.push(`${masked} ${Date.now() - started} ms`);
    await page.getByText(attribution, { exact: true }).waitFor();
    expect(
      (await page.getByRole('link', { name: terms }).getAttribute('target')) === '_blank',
      `${terms} opens in a new tab`,
    );
    expect(
      (await page.getByRole('link', { name: '用户协议' }).getAttribute('href')) === '/terms',
      'the 用户协议 link',
    );
    expect((await page.getByRole('checkbox').count()) === 1, 'exactly one checkbox');
    expect(!(await page.getByRole('checkbox').isChecked()), 'the checkbox starts unchecked');
  }

  // Login without consent: no onSuccess, a request to agree; 同意并登录: onSuccess with a sign we open.
  provider.state.phone = '13412348682';
  await open();
  await page.getByRole('button', { name: '本机号码一键登录' }).click();
  await page.getByRole('button', { name: '一键登录' }).click();
  await page.getByRole('alertdialog').filter({ hasText: '同意' }).waitFor();
  expect((await result.count()) === 0, 'no onSuccess without consent');
  await page.getByRole('button', { name: '同意并登录' }).click();
  const loggedIn = JSON.parse(await result.textContent({ timeout: 5000 }));
  expect(
    loggedIn.phone === '134****8682' && loggedIn.carrier === 'mobile',
    `the result ${JSON.stringify(loggedIn)}`,
  );
  const opened = await server.openSign(loggedIn.sign, AES_KEY);
  expect(opened.appId === APP_ID, 'the partner server opens the sign it got back');
  await page.screenshot({ path: join(root, 'test/consumer/last-run.png') }).catch(() => undefined);

  // instant: onSuccess after one tap, no checkbox.
  await open('&instant=1');
  await page.getByRole('button', { name: '本机号码一键登录' }).click();
  await result.waitFor({ timeout: 10_000 });
  expect((await page.getByRole('checkbox').count()) === 0, 'instant shows no checkbox');

  // lookup="mount": the number before any tap; locale="en": China Mobile, and agree.
  await open('&lookup=mount');
  await page.getByText('134****8682', { exact: true }).waitFor({ timeout: 10_000 });
  await open('&lookup=mount&locale=en');
  await page.getByText('Verified by China Mobile', { exact: true }).waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alertdialog').filter({ hasText: 'agree' }).waitFor();

  if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
  console.log(
    `consumer app (React ${react}): packed tarball installed into a fresh Vite React app (no QueryClientProvider), type-checked against the published types; app JS ${(total / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (react included); against an independent provider and the packed sign handler: tap → step (${timings.join(', ')}), no onSuccess without consent, 同意并登录 → a sign the server opens, instant, lookup="mount", locale="en"; ${provider.state.tokenRequests} token request(s), ${provider.state.queries} queries`,
  );
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(work, { recursive: true, force: true });
}
