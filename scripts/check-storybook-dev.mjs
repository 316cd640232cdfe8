// The README's first command as a newcomer runs it: `npm run storybook`, the npm script itself
// (on a free port, no browser opened), then stories opened in Chromium at a phone's size. Each
// must render (no Storybook error overlay) and reach the masked number; the Controls panel of a
// OneTapLogin story must offer its args. The static build and the stories-as-tests run go
// through other paths (no dev server, no `?v=` ids), so only this catches a dev-only breakage.
// Bounded: it stops the server it started, by its PID, on success, failure or a signal.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { launchChromium } from './lib/browser.mjs';

const root = resolve(import.meta.dirname, '..');
const BUDGET_MS = 90_000;
const PHONE = { width: 360, height: 740 };

/** The stories opened, and how each reaches the number: its own play function, on mount, or our tap. */
const STORIES = [
  { id: 'onetaplogin--playground', tap: '本机号码一键登录', number: '134****8682' },
  { id: 'onetaplogin--lookup-on-mount', number: '134****8682' },
  { id: 'onetaplogin--english', number: '134****8682' },
  { id: 'onetaplogin--china-telecom', number: '189****5678' }, // its play function taps
  { id: 'useonetapphone--headless-timeline-demo', number: 'phone=134****8682' }, // its play function taps
];
/** Rows the Controls panel of the playground must offer. */
const CONTROLS = ['locale', 'lookup', 'instant', 'agreements', 'labels', 'theme'];

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const port = await freePort();
const server = spawn('npm', ['run', 'storybook', '--', '--port', String(port), '--ci'], {
  cwd: root,
  detached: true, // its own process group: npm, sh and storybook stop together
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, BROWSER: 'none' },
});
let log = '';
// Without its colour codes, so a failure's log reads as text.
const ESC = String.fromCharCode(27);
const keep = (d) => (log += String(d).replaceAll(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), ''));
server.stdout.on('data', keep);
server.stderr.on('data', keep);
/** Signals the server's whole process group (npm, sh, storybook); quiet when it is gone. */
const signal = (name) => {
  try {
    process.kill(-server.pid, name);
  } catch {} // already gone
};
for (const name of ['SIGINT', 'SIGTERM']) {
  process.on(name, () => {
    signal('SIGKILL');
    process.exit(1);
  });
}
const watchdog = setTimeout(() => {
  console.error(`npm run storybook: over the ${BUDGET_MS / 1000} s budget; server log:\n${log.slice(-3000)}`);
  signal('SIGKILL');
  process.exit(1);
}, BUDGET_MS);

let browser;
try {
  const origin = `http://localhost:${port}`;
  await waitForServer(`${origin}/index.json`, server);
  console.log(`npm run storybook: serving on port ${port} after ${elapsed()}`);
  const index = await (await fetch(`${origin}/index.json`)).json();
  for (const { id } of STORIES) {
    if (!index.entries[id])
      throw new Error(`no story ${id}; the index has ${Object.keys(index.entries).join(', ')}`);
  }
  browser = await launchChromium();
  for (const story of STORIES) await checkStory(browser, origin, story);
  await checkControls(browser, origin, 'onetaplogin--playground');
  console.log(
    `npm run storybook: ${STORIES.length} stories reached the number, Controls offered ${CONTROLS.join(', ')}, in ${elapsed()}`,
  );
} catch (error) {
  console.error(`npm run storybook: ${error.message}`);
  if (!/over the|no story/.test(error.message)) console.error(`server log (tail):\n${log.slice(-2000)}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await browser?.close();
  signal('SIGTERM');
  const exited = new Promise((done) => server.once('exit', done));
  if (server.exitCode === null && server.signalCode === null)
    await Promise.race([exited, new Promise((done) => setTimeout(done, 3000))]);
  signal('SIGKILL'); // whatever of the group outlived SIGTERM
}

async function checkStory(browser, origin, { id, tap, number }) {
  const page = await browser.newPage({ viewport: PHONE });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${origin}/iframe.html?id=${id}&viewMode=story`);
    // Vite may reload the page once while it optimizes dependencies on a fresh clone: poll.
    const deadline = Date.now() + 30_000;
    let tapped = false;
    for (;;) {
      const overlay = await page.evaluate(() =>
        document.body?.classList.contains('sb-show-errordisplay')
          ? (document.querySelector('#error-message')?.textContent ?? 'error overlay')
          : undefined,
      );
      if (overlay) throw new Error(`${id} shows Storybook's error overlay: ${overlay.trim().slice(0, 300)}`);
      if (await page.getByText(number, { exact: false }).first().isVisible()) break;
      if (tap && !tapped) {
        const button = page.getByRole('button', { name: tap });
        if (await button.isVisible()) {
          await button.click();
          tapped = true;
        }
      }
      if (Date.now() > deadline)
        throw new Error(
          `${id} did not show ${number} in 30 s${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`,
        );
      await page.waitForTimeout(200);
    }
    console.log(`  ✓ ${id}: ${number}${tap ? ' after a tap' : ''} (${elapsed()})`);
  } finally {
    await page.close();
  }
}

async function checkControls(browser, origin, id) {
  // The manager at a desktop width: at 360 px its addon panel is behind a menu.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${origin}/?path=/story/${id}`);
    await page.getByRole('tab', { name: /^Controls/ }).click({ timeout: 20_000 });
    const names = page.locator('#storybook-panel-root table tbody tr td:first-child');
    await names.first().waitFor({ timeout: 20_000 });
    const rows = (await names.allInnerTexts()).map((t) => t.trim().split(/\s/)[0]);
    const missing = CONTROLS.filter((name) => !rows.includes(name));
    if (missing.length)
      throw new Error(`${id}'s Controls lack ${missing.join(', ')}; it offers ${rows.join(', ')}`);
    console.log(`  ✓ ${id}: Controls has ${rows.length} rows`);
  } finally {
    await page.close();
  }
}

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

async function waitForServer(url, child) {
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`npm run storybook exited with ${child.exitCode}:\n${log.slice(-2000)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {} // not listening yet
    await new Promise((r) => setTimeout(r, 250));
  }
}
