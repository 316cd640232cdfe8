// The consumer test: npm pack, install the tarball into the fresh Vite React app kept in
// test/consumer (no QueryClientProvider), build it, serve the build beside an independent
// provider (not our mock) and the packed sign handler, and walk the login page in Chromium at
// a phone's width: the authorization step per carrier, the consent rule, instant, lookup on
// mount, English; then served under real Content-Security-Policy headers (nonce +
// 'strict-dynamic', nonce + the provider's origin, nonce alone, Trusted Types with and without
// the documented policy) and Back from the back/forward cache after a login that navigates away.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, serveStatic } from './lib/browser.mjs';
import { startIndependentProvider } from './lib/independentProvider.mjs';
import { buildPackedApp, startPackedSignEndpoint } from './lib/packedApp.mjs';
import { PAGE_POLICIES, pageUnderPolicy } from './lib/pagePolicies.mjs';

// The provider document's example app, as a partner would configure it.
const APP_ID = 'wozhitest';
const AES_KEY = 'h1q9750o8141K864';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-consumer-'));
const cleanups = [];

/**
 * Serves the built app at /login under a policy of scripts/lib/pagePolicies.mjs (`?policy=`),
 * with a fresh nonce on each of its scripts, its assets, and /done for a login that moves on.
 * No `Cache-Control: no-store`, so that the page may enter the bfcache.
 */
async function servePolicedApp(dist, providerOrigin) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const assets = join(dist, 'assets');
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/done') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><title>Done</title><p>signed in</p>');
    }
    if (url.pathname.startsWith('/assets/')) {
      const file = join(dist, url.pathname);
      if (!file.startsWith(assets) || !existsSync(file)) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/css' });
      return res.end(readFileSync(file));
    }
    const policy = PAGE_POLICIES[url.searchParams.get('policy')];
    if (url.pathname !== '/login' || !policy) return res.writeHead(404).end();
    const nonce = randomBytes(16).toString('base64');
    const { headers, head } = pageUnderPolicy(policy, nonce, providerOrigin);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(
      html
        .replace(/<(script|link rel="modulepreload") /g, `<$1 nonce="${nonce}" `)
        .replace('<head>', `<head>${head}`),
    );
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

try {
  const { app, react } = buildPackedApp(work);

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
  const endpoint = await startPackedSignEndpoint(app, {
    appId: APP_ID,
    aesKey: AES_KEY,
    baseUrl: provider.baseUrl,
  });
  cleanups.push(endpoint.close);
  const { signUrl, server } = endpoint;

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

  // The page as partners ship it (issue 25): the same build served with real
  // Content-Security-Policy headers, a fresh nonce per response (scripts/lib/pagePolicies.mjs,
  // as docs/react.md gives them), against the same provider; Chromium's bfcache on.
  const providerOrigin = new URL(provider.baseUrl).origin;
  const policed = await servePolicedApp(dist, providerOrigin);
  cleanups.push(policed.close);
  const bfcacheBrowser = await launchChromium({ backForwardCache: true });
  cleanups.push(() => bfcacheBrowser.close());
  const openPoliced = async (policy, variant = '') => {
    const context = await bfcacheBrowser.newContext({ viewport: { width: 360, height: 740 } });
    const policedPage = await context.newPage();
    policedPage.on('pageerror', (e) => pageErrors.push(`${policy}: ${e.message}`));
    await policedPage.goto(
      `${policed.origin}/login?policy=${encodeURIComponent(policy)}&sign=${encodeURIComponent(signUrl)}&provider=${encodeURIComponent(provider.baseUrl)}${variant}`,
    );
    return policedPage;
  };
  const tapOn = (on, name = '本机号码一键登录') => on.getByRole('button', { name, exact: true }).click();
  const policies = [];
  for (const policy of [
    'nonce and strict-dynamic',
    'nonce and the provider’s origin',
    'Trusted Types with the documented default policy',
  ]) {
    const on = await openPoliced(policy);
    const started = Date.now();
    await tapOn(on);
    await on.getByText('134****8682', { exact: true }).waitFor({ timeout: 10_000 });
    policies.push(`${policy} → 134****8682 in ${Date.now() - started} ms`);
    await on.context().close();
  }
  for (const [policy, directive] of [
    ['nonce alone (the provider not allowed)', 'script-src'],
    ['Trusted Types, no policy for the provider', "require-trusted-types-for 'script'"],
  ]) {
    const on = await openPoliced(policy);
    const queries = provider.state.queries;
    await tapOn(on);
    const error = on.getByTestId('error');
    await error.waitFor({ timeout: 4000 });
    const said = await error.textContent();
    const ms = Number(await error.getAttribute('data-ms'));
    expect(
      said.startsWith('CSP_BLOCKED: ') && said.includes(directive) && said.includes(providerOrigin),
      `${policy}: CSP_BLOCKED naming ${directive} and ${providerOrigin}, not "${said}"`,
    );
    expect(ms < 4000, `${policy}: CSP_BLOCKED ${ms} ms after the tap, over 4 s`);
    expect(provider.state.queries === queries, `${policy}: no query polled after the refusal`);
    // The refused script's error event, after the violation, retires its callback global.
    await on.waitForFunction(
      () => !Object.keys(window).some((key) => key.startsWith('__oneTapPhone_')),
      null,
      {
        timeout: 2000,
      },
    );
    expect(
      (await on.locator('script[src*="getphone"]').count()) === 0,
      `${policy}: a provider <script> left`,
    );
    await on.getByText('页面安全策略拦截了取号服务', { exact: true }).waitFor(); // the zh-CN status line
    policies.push(`${policy} → CSP_BLOCKED in ${ms} ms, naming ${directive}, no global or <script> left`);
    await on.context().close();
  }

  // A login that navigates away, then Back: the page comes from the bfcache, nothing is busy,
  // and a tap reaches the number again.
  const restoredPage = await openPoliced('nonce and strict-dynamic', '&navigate=1');
  await tapOn(restoredPage);
  await restoredPage.getByText('134****8682', { exact: true }).waitFor({ timeout: 10_000 });
  await restoredPage.getByRole('checkbox').check();
  await restoredPage.evaluate(() => (window.beforeLeaving = true));
  await tapOn(restoredPage, '一键登录');
  await restoredPage.waitForURL('**/done');
  await restoredPage.goBack({ waitUntil: 'commit' }); // a restore fires pageshow, not load
  await restoredPage.waitForURL('**/login?**', { waitUntil: 'commit' });
  expect(
    await restoredPage.evaluate(() => window.beforeLeaving === true),
    'Back restored the page from the bfcache',
  );
  expect((await restoredPage.locator('[aria-busy="true"]').count()) === 0, 'nothing aria-busy after Back');
  const again = Date.now();
  await tapOn(restoredPage);
  await restoredPage.getByText('134****8682', { exact: true }).waitFor({ timeout: 10_000 });
  policies.push(
    `Back from the bfcache after a login that navigated away → not busy, a tap → 134****8682 in ${Date.now() - again} ms`,
  );
  await restoredPage.context().close();

  if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
  console.log(
    `consumer app (React ${react}): packed tarball installed into a fresh Vite React app (no QueryClientProvider), type-checked against the published types; app JS ${(total / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (react included); against an independent provider and the packed sign handler: tap → step (${timings.join(', ')}), no onSuccess without consent, 同意并登录 → a sign the server opens, instant, lookup="mount", locale="en"; ${provider.state.tokenRequests} token request(s), ${provider.state.queries} queries`,
  );
  console.log(`consumer app (React ${react}), served with real CSP headers: ${policies.join('; ')}`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(work, { recursive: true, force: true });
}
