// Screenshots of the login page's screens at a phone's width (360 × 740), in zh-CN and en,
// from the static Storybook (npm run build-storybook first): each story's play function
// brings it to the screen shown. Chinese needs a CJK font (Debian: fonts-noto-cjk).
// Usage: node scripts/screenshots.mjs [outDir]   (default docs/screenshots)
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, serveStatic } from './lib/browser.mjs';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'storybook-static');
const out = resolve(process.argv[2] ?? join(root, 'docs/screenshots'));
if (!existsSync(join(dir, 'iframe.html'))) throw new Error('run npm run build-storybook first');
mkdirSync(out, { recursive: true });

/** [file, story id, what shows once its play function is done, whole page (the debug panel runs long)] */
const SHOTS = [
  ['step-zh-CN', 'onetaplogin--lookup-on-mount', 'text=134****8682'],
  ['prompt-zh-CN', 'onetaplogin--consent-prompt', 'role=alertdialog'],
  ['logging-in-zh-CN', 'onetaplogin--consent-then-login', 'text=正在登录…'],
  ['telecom-zh-CN', 'onetaplogin--china-telecom', 'text=天翼账号提供认证服务'],
  ['unknown-carrier-zh-CN', 'onetaplogin--unknown-carrier', 'text=由运营商提供认证服务'],
  ['error-zh-CN', 'onetaplogin--error-with-other-login', 'text=其他方式登录'],
  ['dark-zh-CN', 'onetaplogin--dark-theme', 'text=134****8682'],
  ['step-en', 'onetaplogin--english', 'text=Verified by China Mobile'],
  ['prompt-en', 'onetaplogin--english-consent-prompt', 'role=alertdialog'],
  ['debug-success-zh-CN', 'onetaplogin-debug-panel--success', 'text=取到号码: mobile', true],
  ['debug-never-ready-zh-CN', 'onetaplogin-debug-panel--never-ready', 'text=错误: RESULT_UNAVAILABLE', true],
  [
    'debug-token-expired-zh-CN',
    'onetaplogin-debug-panel--token-expired-then-recovered',
    'text=取到号码: mobile',
    true,
  ],
  ['debug-sign-down-zh-CN', 'onetaplogin-debug-panel--sign-endpoint-down', 'text=错误: SIGN_FAILED', true],
  ['debug-success-en', 'onetaplogin-debug-panel--success-english', 'text=ready: mobile', true],
  [
    'debug-never-ready-en',
    'onetaplogin-debug-panel--never-ready-english',
    'text=error: RESULT_UNAVAILABLE',
    true,
  ],
];

const site = await serveStatic(dir);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  for (const [file, id, ready, fullPage = false] of SHOTS) {
    await page.goto(`${site.origin}/iframe.html?id=${id}&viewMode=story`);
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300); // the play function's last step settles
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scroll > 360) throw new Error(`${id}: ${scroll} px wide at 360: it scrolls sideways`);
    await page.screenshot({ path: join(out, `${file}.png`), fullPage });
    console.log(`${file}.png  ${id}`);
  }
} finally {
  await browser.close();
  site.close();
}
