// Debian's Chromium through Playwright, its back/forward cache on (Playwright turns it off by
// default), as scripts/check-consumer-app.mjs launches it.
import { launchChromium } from '../browser.mjs';

/** Launches Chromium headless: the Engine of ./steps.mjs. */
export async function launchChromiumEngine() {
  const browser = await launchChromium({ backForwardCache: true });
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  return {
    name: 'Chromium',
    version: `Chromium ${browser.version()}`,
    goto: (url) => page.goto(url, { waitUntil: 'load' }),
    evaluate: (expression) => page.evaluate(expression),
    async click(expression) {
      const element = (await page.evaluateHandle(expression)).asElement();
      if (!element) throw new Error(`nothing to click: ${expression}`);
      await element.click();
    },
    back: () => page.goBack({ waitUntil: 'commit' }),
    close: () => browser.close(),
  };
}
