// Debian's Firefox ESR driven over WebDriver BiDi by puppeteer-core (which downloads nothing):
// Playwright cannot drive a stock Firefox.
import puppeteer from 'puppeteer-core';
import { track } from './processes.mjs';

const BINARY = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Launches Firefox headless with a fresh profile: the Engine of ./steps.mjs. */
export async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: BINARY,
    headless: true,
    protocol: 'webDriverBiDi',
    // Fail like the other engines rather than after puppeteer's 180 s default.
    protocolTimeout: 30_000,
    timeout: 30_000,
  });
  track(browser.process());
  let page = await browser.newPage();
  const version = await browser.version();
  return {
    name: 'Firefox',
    version: version.replace(/^firefox\//i, 'Firefox '),
    // Each page load in a new tab: after a restore from the bfcache, puppeteer's next goto in
    // that tab waits for a navigation it never sees (puppeteer-core 24.43, Firefox 153).
    async goto(url) {
      const previous = page;
      page = await browser.newPage();
      await previous.close();
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: (expression) => page.evaluate(expression),
    async click(expression) {
      const element = (await page.evaluateHandle(expression)).asElement();
      if (!element) throw new Error(`nothing to click: ${expression}`);
      await element.click();
    },
    // history.back(), not page.goBack(): a restore from the bfcache fires no load event, and
    // goBack waits for one; the caller waits for the page it expects.
    back: () => page.evaluate('history.back()'),
    close: () => browser.close(),
  };
}
