// The consumer test: npm pack, install the tarball into the fresh Vite React app kept in
// test/consumer (no QueryClientProvider), build it, serve the build, start the packed mock
// bin, open the page in Chromium, tap, and wait for the masked number.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, serveStatic } from './lib/browser.mjs';

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
  const pageOrigin = site.origin;

  const bin = spawn(join(app, 'node_modules/.bin/one-tap-phone-mock'), ['--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => bin.kill('SIGINT'));
  const mockOrigin = await new Promise((r, reject) => {
    let out = '';
    bin.stdout.on('data', (c) => {
      out += c;
      const m = /baseUrl\s+(\S+)/.exec(out);
      if (m) r(new URL(m[1]).origin);
    });
    setTimeout(() => reject(new Error(`mock bin printed no URL: ${out}`)), 10_000);
  });

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${pageOrigin}/?mock=${encodeURIComponent(mockOrigin)}`);
  const button = page.getByRole('button');
  await button.waitFor();
  const started = Date.now();
  await button.click();
  await page.getByRole('button', { name: '本机号码 134****8682' }).waitFor({ timeout: 10_000 });
  const tapToPhone = Date.now() - started;
  if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
  await page.screenshot({ path: join(root, 'test/consumer/last-run.png') }).catch(() => undefined);
  console.log(
    `consumer app (React ${react}): packed tarball installed into a fresh Vite React app (no QueryClientProvider), type-checked against the published types; app JS ${(total / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (react included); tap → "本机号码 134****8682" in ${tapToPhone} ms against the packed mock bin`,
  );
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(work, { recursive: true, force: true });
}
