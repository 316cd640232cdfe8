// The static Storybook, served from a sub-path by a plain static server: the default story
// must reach the masked number with no server behind it (the mock runs in the service worker).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, serveStatic } from './lib/browser.mjs';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'storybook-static');
const SUB = '/partners/one-tap/';
if (!existsSync(join(dir, 'iframe.html'))) throw new Error('run npm run build-storybook first');

const site = await serveStatic(dir, { prefix: SUB });
const origin = site.origin;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 480, height: 240 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The story's play function taps the button itself (play functions run whenever a story
  // renders); the check waits for that tap to reach the number through the service worker.
  const started = Date.now();
  await page.goto(`${origin}${SUB}iframe.html?id=onetaplogin--consent-then-login&viewMode=story`);
  await page.getByRole('button', { name: '正在登录…' }).waitFor({ timeout: 20_000 });
  const loadToPhone = Date.now() - started;
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  if (process.argv.includes('--screenshot'))
    await page.screenshot({ path: join(root, 'storybook-static/default-story.png') });
  console.log(
    `static Storybook from ${SUB}: the default story’s play function tapped, agreed and logged in with 134****8682 ${loadToPhone} ms after navigation, no server behind it`,
  );
} finally {
  await browser.close();
  site.close();
}
