// axe-core (WCAG 2.2 A and AA rules) over every story of the static Storybook, as a phone user
// meets it: 360 × 740, text at 200% (mobile emulation and text-size-adjust: the text autosizer
// Chrome on Android scales the system font size with), in zh-CN and in en (the `locale` arg),
// in the light and the dark color scheme (the preview declares `color-scheme: light dark`).
// Each story's play function brings it to its state first. A violation on a node of the
// component (<OneTapLogin>'s root, the debug panel) fails the run; one on a story's own markup
// (a custom UI built on the hook) is listed, not counted. So is a play function that failed.
// Usage: npm run build-storybook && node scripts/check-a11y-stories.mjs
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { launchChromium, serveStatic } from './lib/browser.mjs';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'storybook-static');
if (!existsSync(join(dir, 'iframe.html'))) throw new Error('run npm run build-storybook first');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const OWN = '[data-state], [data-slot="debug"]';
const stories = Object.values(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).entries).filter(
  (entry) => entry.type === 'story',
);

/** Waits for the story's render and play function to end; whether the play function passed. */
const played = (page) =>
  page
    .waitForFunction(
      () => {
        const phase = globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase;
        return ['completed', 'finished', 'errored', 'aborted'].includes(phase) && phase;
      },
      undefined,
      { timeout: 30_000, polling: 100 },
    )
    .then((phase) => phase.jsonValue())
    .then((phase) => phase !== 'errored' && phase !== 'aborted');

/** axe in the page; each violating node, and whether it is the component's. */
const audit = (page) =>
  page.evaluate(
    async ({ tags, own }) => {
      const { violations } = await globalThis.axe.run('#storybook-root', { runOnly: tags });
      return violations.flatMap((v) =>
        v.nodes.map((node) => ({
          rule: `${v.id} (${v.impact})`,
          target: node.target.join(' '),
          own: !!document.querySelector(node.target.join(' '))?.closest(own),
        })),
      );
    },
    { tags: TAGS, own: OWN },
  );

const started = Date.now();
const site = await serveStatic(dir);
const browser = await launchChromium();
const failures = [];
const notes = [];
let audits = 0;
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  await context.addInitScript(() => {
    const enlarge = () => document.documentElement?.style.setProperty('text-size-adjust', '200%');
    enlarge();
    document.addEventListener('DOMContentLoaded', enlarge);
  });
  const page = await context.newPage();
  for (const { id } of stories) {
    for (const locale of ['zh-CN', 'en']) {
      // The a11y addon's own axe run after each story is switched off (globals): this one is the check.
      const args = `&globals=a11y.manual:!true${locale === 'zh-CN' ? '' : '&args=locale:en'}`;
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`${site.origin}/iframe.html?id=${id}&viewMode=story${args}`);
      if (!(await played(page))) notes.push(`${id} ${locale}: its play function failed`);
      await page.addScriptTag({ content: axeSource });
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        audits++;
        for (const node of await audit(page)) {
          const line = `${id} ${locale} ${scheme}: ${node.rule} at ${node.target}`;
          (node.own ? failures : notes).push(line);
        }
      }
    }
  }
} finally {
  await browser.close();
  site.close();
}
for (const note of notes) console.log(`note: ${note}`);
console.log(
  `axe (${TAGS.join(', ')}) over ${stories.length} stories × zh-CN, en × light, dark at 360 px and 200% text: ${audits} audits, ${failures.length} violations on the component's nodes, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
if (failures.length) {
  for (const failure of failures) console.error(failure);
  process.exit(1);
}
