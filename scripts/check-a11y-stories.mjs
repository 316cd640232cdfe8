// axe-core (WCAG 2.2 A and AA rules) over every story of the static Storybook, as a phone user
// meets it: 360 × 740, text at 200% (mobile emulation and text-size-adjust: the text autosizer
// Chrome on Android scales the system font size with), in zh-CN and in en (the `locale` arg,
// switched once the play function has brought the story to its state),
// in the light and the dark color scheme (the preview declares `color-scheme: light dark`).
// Each story's play function brings it to its state first. A violation on a node of the
// component (<OneTapLogin>'s root, the debug panel) fails the run; one on a story's own markup
// (a custom UI built on the hook) is listed, not counted. A play function that fails fails the
// run too: the story did not reach the state it shows.
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

/** Waits for the story's render and play function to end; the play function's error, if any. */
async function played(page) {
  await page.waitForFunction(
    () =>
      ['completed', 'finished', 'errored', 'aborted'].includes(
        globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase,
      ),
    undefined,
    { timeout: 30_000, polling: 100 },
  );
  return page.evaluate(() => globalThis.__playError);
}

/** Keeps a play function's exception (Storybook reports it on its channel, and the story still "finishes"). */
function listenForPlayErrors() {
  let channel;
  Object.defineProperty(globalThis, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      value.on('playFunctionThrewException', (error) => {
        globalThis.__playError = String(error?.message ?? error).split('\n')[0];
      });
    },
  });
}

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
  await context.addInitScript(listenForPlayErrors);
  await context.addInitScript(() => {
    const enlarge = () => document.documentElement?.style.setProperty('text-size-adjust', '200%');
    enlarge();
    document.addEventListener('DOMContentLoaded', enlarge);
  });
  // Two pages take turns with the stories: a story mostly waits on its mock's timers.
  const queue = stories.map(({ id }) => id);
  const auditBoth = async (page, what) => {
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      audits++;
      for (const node of await audit(page))
        (node.own ? failures : notes).push(`${what} ${scheme}: ${node.rule} at ${node.target}`);
    }
  };
  const worker = async () => {
    const page = await context.newPage();
    for (let id = queue.shift(); id; id = queue.shift()) {
      // The a11y addon's own axe run after each story is switched off (globals): this one is the check.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`${site.origin}/iframe.html?id=${id}&viewMode=story&globals=a11y.manual:!true`);
      const error = await played(page);
      if (error) failures.push(`${id}: its play function failed: ${error}`);
      await page.addScriptTag({ content: axeSource });
      await auditBoth(page, `${id} zh-CN`);
      // The same state in English: the locale arg changed in place (the play function's
      // texts are the zh-CN ones; the state it reached stays and re-renders in en).
      await page.evaluate((storyId) => {
        globalThis.__STORYBOOK_ADDONS_CHANNEL__.emit('updateStoryArgs', {
          storyId,
          updatedArgs: { locale: 'en' },
        });
      }, id);
      const english = await page
        .waitForFunction(() => document.querySelector('#storybook-root [data-state][lang="en"]'), undefined, {
          timeout: 3000,
        })
        .then(
          () => true,
          () => false,
        );
      if (english) await auditBoth(page, `${id} en`);
      else notes.push(`${id}: no <OneTapLogin> in English to check (a custom UI)`);
    }
  };
  await Promise.all([worker(), worker()]);
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
