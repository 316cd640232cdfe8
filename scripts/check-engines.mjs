// The login flow in every engine phones run: Chromium (Playwright), Firefox ESR (WebDriver
// BiDi through puppeteer-core) and WebKitGTK (WebKitWebDriver and MiniBrowser under Xvfb), all
// from Debian's packages. One page built from the packed tarball, served on loopback under a
// real Content-Security-Policy beside an independent provider and the packed sign handler;
// the same scenarios in each engine through one small driver interface; a table engine ×
// scenario with timings; a non-zero exit on any failure. `ENGINES=firefox,webkit` picks engines.
// Every browser, driver and Xvfb started is killed when the check ends, however it ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCESSIBILITY_SCENARIOS } from './lib/engines/accessibility.mjs';
import { launchChromiumEngine } from './lib/engines/chromium.mjs';
import { launchFirefox } from './lib/engines/firefox.mjs';
import { FLOW_SCENARIOS } from './lib/engines/flows.mjs';
import { serveLoginPage } from './lib/engines/loginPage.mjs';
import { PAGE_SCENARIOS } from './lib/engines/pageRules.mjs';
import { killAll, startWatchdog } from './lib/engines/processes.mjs';
import { launchWebKit } from './lib/engines/webkit.mjs';
import { startIndependentProvider } from './lib/independentProvider.mjs';
import { startPackedSignEndpoint } from './lib/packedApp.mjs';

const APP_ID = 'wozhitest';
const AES_KEY = 'h1q9750o8141K864';
const ENGINES = { chromium: launchChromiumEngine, firefox: launchFirefox, webkit: launchWebKit };
const ALL_SCENARIOS = [
  ['happy path', FLOW_SCENARIOS.happyPath],
  ['never ready', FLOW_SCENARIOS.neverReady],
  ['token expiry', FLOW_SCENARIOS.tokenExpiry],
  ['CSP_BLOCKED', PAGE_SCENARIOS.cspBlocked],
  ['bfcache restore', PAGE_SCENARIOS.bfcacheRestore],
  ['no JSONP leftovers', PAGE_SCENARIOS.noJsonpLeftovers],
  ['authorization step a11y', ACCESSIBILITY_SCENARIOS.authorizationStep],
];
// `ONLY=bfcache` runs the scenarios whose name contains it (while working on one).
const SCENARIOS = ALL_SCENARIOS.filter(([name]) => name.includes(process.env.ONLY ?? ''));

startWatchdog(10 * 60_000);
const within = (promise, ms, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms).unref(),
    ),
  ]);

/** Runs every scenario in one engine: a row per scenario, { ok, ms, wall, detail }. */
async function runEngine(key, world) {
  const started = Date.now();
  let engine;
  try {
    engine = await within(ENGINES[key](), 60_000, `launching ${key}`);
  } catch (error) {
    return {
      name: key,
      version: 'did not start',
      launchMs: Date.now() - started,
      rows: SCENARIOS.map(() => ({ ok: false, detail: error.message })),
    };
  }
  const launchMs = Date.now() - started;
  const rows = [];
  for (const [name, scenario] of SCENARIOS) {
    const began = Date.now();
    try {
      const { ms, detail } = await within(scenario(engine, world), 60_000, name);
      rows.push({ ok: true, ms, wall: Date.now() - began, detail });
    } catch (error) {
      rows.push({ ok: false, wall: Date.now() - began, detail: error.message });
    }
  }
  await within(engine.close(), 15_000, `closing ${key}`).catch(() => undefined);
  return { name: engine.name, version: engine.version, launchMs, rows };
}

/**
 * The table: a row per scenario, a column per engine; in each cell the scenario's own time as
 * the page measured it (from the tap) when it has one, and the whole scenario's in brackets.
 * Then each engine's version and every scenario's detail, or what failed.
 */
function printTable(results) {
  const cell = (row) =>
    row.ok ? `ok ${row.ms ? `${row.ms} ms ` : ''}(${(row.wall / 1000).toFixed(1)} s)` : 'FAILED';
  const rows = [
    ['', ...results.map((r) => r.name)],
    ...SCENARIOS.map(([name], i) => [name, ...results.map((r) => cell(r.rows[i]))]),
    ['(launch)', ...results.map((r) => `${(r.launchMs / 1000).toFixed(1)} s`)],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i])).join('   '));
  for (const result of results) {
    console.log(`\n${result.version}:`);
    for (const [i, [name]] of SCENARIOS.entries()) {
      const { ok, detail } = result.rows[i];
      console.log(`  ${ok ? 'ok    ' : 'FAILED'} ${name}: ${detail}`);
    }
  }
}

const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-engines-'));
const closing = [];
let failed = true;
try {
  const began = Date.now();
  const provider = await startIndependentProvider({ appId: APP_ID, aesKey: AES_KEY });
  closing.push(provider.close);
  const page = await serveLoginPage(work, new URL(provider.baseUrl).origin);
  closing.push(page.close);
  const endpoint = await startPackedSignEndpoint(work, {
    appId: APP_ID,
    aesKey: AES_KEY,
    baseUrl: provider.baseUrl,
  });
  closing.push(endpoint.close);
  const world = { page, provider, endpoint, openSign: (sign) => endpoint.server.openSign(sign, AES_KEY) };
  console.log(
    `engines: the page built from the packed tarball in ${((Date.now() - began) / 1000).toFixed(1)} s (its script ${page.scriptKb} KB)`,
  );
  const picked = (process.env.ENGINES ?? 'chromium,firefox,webkit').split(',');
  const results = [];
  for (const key of picked) {
    if (!ENGINES[key]) throw new Error(`ENGINES: no engine "${key}" (chromium, firefox, webkit)`);
    results.push(await runEngine(key, world));
  }
  printTable(results);
  failed = results.some((r) => r.rows.some((row) => !row.ok));
} finally {
  for (const close of closing.reverse()) await close();
  killAll();
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
