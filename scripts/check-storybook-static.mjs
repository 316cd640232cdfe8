// The static Storybook, served from a sub-path by a plain static server: the default story
// must reach the masked number with no server behind it (the mock runs in the service worker).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'storybook-static');
const SUB = '/partners/one-tap/';
if (!existsSync(join(dir, 'iframe.html'))) throw new Error('run npm run build-storybook first');

const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!path.startsWith(SUB)) return res.writeHead(404).end();
  const file = join(dir, path.slice(SUB.length) || 'index.html');
  if (!file.startsWith(dir) || !statSync(file, { throwIfNoEntry: false })?.isFile())
    return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 480, height: 240 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The story's play function taps the button itself (play functions run whenever a story
  // renders); the check waits for that tap to reach the number through the service worker.
  const started = Date.now();
  await page.goto(`${origin}${SUB}iframe.html?id=onetaplogin--default&viewMode=story`);
  await page.getByRole('button', { name: '本机号码 134****8682' }).waitFor({ timeout: 20_000 });
  const loadToPhone = Date.now() - started;
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  if (process.argv.includes('--screenshot'))
    await page.screenshot({ path: join(root, 'storybook-static/default-story.png') });
  console.log(
    `static Storybook from ${SUB}: the default story’s play function tapped and reached 本机号码 134****8682 ${loadToPhone} ms after navigation, no server behind it`,
  );
} finally {
  await browser.close();
  server.close();
}
