// The debug panel from the packed tarball: npm pack, install it into a copy of the fresh Vite
// React app in test/consumer with a login page of its own (<OneTapLogin debug> when the query
// string says so), build it, and read the panel in Chromium at 360 px against an independent
// provider (not our mock) and the packed sign handler: after a login, every phase with its ms,
// each query's resCode, the pre-check's view and the flowId the sign endpoint received; after a
// lookup that never resolves, six queries and RESULT_UNAVAILABLE (with the sign prefetched); the copied report without the
// number (masked or not) or the sign; without `debug`, no panel and the panel's chunk never
// fetched.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium, serveStatic } from './lib/browser.mjs';
import { startIndependentProvider } from './lib/independentProvider.mjs';
import { buildPackedApp, startPackedSignEndpoint } from './lib/packedApp.mjs';

const APP_ID = 'wozhitest';
const AES_KEY = 'h1q9750o8141K864';
const PHONE = '13412348682';
const MASKED = '134****8682';

// The page: the partner's one line, `debug` from the query string; the result for the check.
const PAGE = `import { OneTapLogin, type OneTapResult } from 'one-tap-phone';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const query = new URLSearchParams(location.search);

function LoginPage() {
  const [result, setResult] = useState<OneTapResult>();
  return (
    <main style={{ maxWidth: 360, margin: '0 auto', padding: 16, fontFamily: 'system-ui, sans-serif' }}>
      <OneTapLogin
        appId="${APP_ID}"
        signUrl={query.get('sign') ?? '/api/sign'}
        baseUrl={query.get('provider') ?? 'http://127.0.0.1:4010/getphone'}
        locale={query.get('locale') === 'en' ? 'en' : 'zh-CN'}
        debug={query.has('debug')}
        prefetchSign={!query.has('noprefetch')}
        onSuccess={setResult}
      />
      {result && <output data-testid="result">{JSON.stringify(result)}</output>}
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<LoginPage />);
`;

const _root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-debug-'));
const cleanups = [];
const expect = (ok, what) => {
  if (!ok) throw new Error(`debug panel: ${what}`);
};

try {
  // REACT=18 tries the other supported major (React.lazy and Suspense are the panel's).
  const { app, react } = buildPackedApp(work, { page: PAGE });

  // The app's bundler kept the panel in a chunk of its own.
  const assets = readdirSync(join(app, 'dist/assets')).filter((f) => f.endsWith('.js'));
  const panelChunk = assets.find((f) => f.startsWith('DebugPanel'));
  expect(panelChunk, `no DebugPanel chunk in the app's build: ${assets.join(', ')}`);
  const chunkKb = (statSync(join(app, 'dist/assets', panelChunk)).size / 1024).toFixed(1);

  const site = await serveStatic(join(app, 'dist'), { fallback: 'index.html' });
  cleanups.push(site.close);
  const provider = await startIndependentProvider({ appId: APP_ID, aesKey: AES_KEY, phone: PHONE });
  cleanups.push(provider.close);
  const endpoint = await startPackedSignEndpoint(app, {
    appId: APP_ID,
    aesKey: AES_KEY,
    baseUrl: provider.baseUrl,
  });
  cleanups.push(endpoint.close);
  const { signUrl } = endpoint;

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const chunkRequests = [];
  page.on('request', (r) => r.url().includes('DebugPanel') && chunkRequests.push(r.url()));
  const open = (variant) =>
    page.goto(
      `${site.origin}/?sign=${encodeURIComponent(signUrl)}&provider=${encodeURIComponent(provider.baseUrl)}${variant}`,
    );
  const panel = page.getByRole('region', { name: /one-tap-phone/ });
  const noSecrets = (text, sign, where) => {
    for (const secret of [MASKED, PHONE, sign, encodeURIComponent(sign)])
      expect(!text.includes(secret), `${where} contains ${secret === sign ? 'the sign' : secret}`);
  };

  // Without debug: the login works, no panel, the panel's chunk is never fetched.
  await open('&locale=en');
  await page.getByRole('button', { name: 'Sign in with this phone’s number' }).click();
  await page.getByText(MASKED, { exact: true }).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300);
  expect((await panel.count()) === 0, 'a panel without debug');
  expect(chunkRequests.length === 0, `the panel's chunk was fetched without debug: ${chunkRequests}`);

  // With debug: a login, then the panel and the report. Without the prefetch, so that the flow
  // asks for its own sign: a prefetched one was asked for before any flow, with no flowId.
  await open('&locale=en&debug&noprefetch');
  await panel.waitFor({ timeout: 10_000 });
  expect(chunkRequests.length === 1, `the panel's chunk fetched ${chunkRequests.length} times with debug`);
  endpoint.asked.length = 0; // the flowId the sign endpoint receives, to join with the panel's
  await page.getByRole('button', { name: 'Sign in with this phone’s number' }).click();
  await page.getByText(MASKED, { exact: true }).waitFor({ timeout: 10_000 });
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  const { sign } = JSON.parse(await page.getByTestId('result').textContent({ timeout: 5000 }));
  await panel.getByText(/success: mobile/).waitFor({ timeout: 5000 });
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered lines, one per line, as a tester reads them
  const text = (await panel.innerText()).replaceAll('\u00a0', ' '); // "12 ms" kept on one line
  const flowId = endpoint.asked.map((query) => query.get('flowId')).find(Boolean);
  expect(
    flowId && text.includes(`Current flow · flowId ${flowId}`),
    `the flowId the sign endpoint got (${flowId})`,
  );
  for (const line of [
    /\+\d+ ms {2}sign \(initial\): answered, \d+ ms/,
    /\+\d+ ms {2}getphone: answered, \d+ ms/,
    /\+\d+ ms {2}query 1: resCode 0, \d+ ms/,
    /\+\d+ ms {2}ready: mobile/,
    /\+\d+ ms {2}success: mobile/,
    /^page: http:$/m,
    new RegExp(`^provider: http: ${new URL(provider.baseUrl).host}$`, 'm'),
    /^connection: (not reported by the browser|\w+)$/m,
    /^script blocked by the page’s policy \(CSP\): not seen$/m,
  ])
    expect(line.test(text), `the panel lacks ${line}:\n${text}`);
  // Readable at 360 px: the panel wraps its lines inside the page's width.
  const [right, overflow] = await panel.evaluate((el) => [
    el.getBoundingClientRect().right,
    el.scrollWidth - el.clientWidth,
  ]);
  expect(right <= 360 && overflow <= 0, `the panel reaches ${right} px (${overflow} px overflow) at 360`);
  await panel.getByRole('button', { name: 'Copy report' }).click();
  await panel.getByRole('button', { name: 'Copied' }).waitFor();
  const report = await page.evaluate(() => navigator.clipboard.readText());
  expect(report.includes(`flowId ${flowId}`) && /query 1: resCode 0/.test(report), `the report:\n${report}`);
  noSecrets(text, sign, 'the panel');
  noSecrets(report, sign, 'the report');
  const loginText = text;

  // A carrier that never tells the number: six queries, RESULT_UNAVAILABLE (zh-CN).
  provider.state.resolves = false;
  await open('&debug');
  await page.getByRole('button', { name: '本机号码一键登录' }).click();
  await panel.getByText(/错误: RESULT_UNAVAILABLE/).waitFor({ timeout: 15_000 });
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered lines, as above
  const never = (await panel.innerText()).replaceAll('\u00a0', ' ');
  for (const attempt of [1, 2, 3, 4, 5, 6])
    expect(
      new RegExp(`query 第 ${attempt} 次: resCode 3, \\d+ ms`).test(never),
      `query ${attempt} in:\n${never}`,
    );
  expect(!never.includes('第 7 次'), 'a seventh query');
  expect(never.includes('通常是 Wi-Fi'), 'what to do after RESULT_UNAVAILABLE');
  noSecrets(never, sign, 'the never-ready panel');
  provider.state.resolves = true;

  if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
  const phases = loginText
    .split('\n')
    .filter((l) => l.startsWith('+'))
    .map((l) => l.replace(/\s+/g, ' '))
    .join('; ');
  console.log(
    `debug panel (React ${react}): packed tarball in a fresh Vite React app (type-checked; the panel a ${chunkKb} KB chunk of its own, not fetched without debug); against an independent provider and the packed sign handler: a login listed ${phases}, with the pre-check's view and the flowId the sign endpoint received; a carrier that never resolves: six queries and RESULT_UNAVAILABLE; panel and copied report without the number or the sign`,
  );
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(work, { recursive: true, force: true });
}
