import { readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicyScript, PAGE_POLICIES } from '../../scripts/lib/pagePolicies.mjs';
import { type CspPages, type PolicyName, startCspPages } from '../support/cspPageServer';

// The login page as partners ship it, in Chromium, with real response headers: a
// Content-Security-Policy (nonce per response), Trusted Types, and the back/forward cache.
// Playwright switches Chromium's bfcache off by default; this browser has it on.

const SECOND = 1000;
let browser: Browser;
let pages: CspPages;

beforeAll(async () => {
  pages = await startCspPages();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'],
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
}, 30 * SECOND);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

interface Outcome {
  phone?: string;
  code?: string;
  message?: string;
  ms: number;
}

async function open(policy: PolicyName, params: Record<string, string> = {}): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  page.setDefaultTimeout(8 * SECOND);
  await page.goto(pages.url(policy, params));
  return page;
}

const outcomeOf = async (page: Page): Promise<Outcome> =>
  (
    await page.waitForFunction(() => (window as { outcome?: unknown }).outcome)
  ).jsonValue() as Promise<Outcome>;

/** The library's JSONP callback globals and provider scripts still on the page. */
const leftovers = (page: Page) =>
  page.evaluate(() => ({
    globals: Object.keys(window).filter((key) => key.startsWith('__oneTapPhone_')),
    scripts: document.querySelectorAll('script[src*="getphone"]').length,
  }));

const tap = (page: Page, name = '本机号码一键登录') => page.getByRole('button', { name }).click();

describe('a tap under the page’s Content-Security-Policy', { timeout: 15 * SECOND }, () => {
  it.each<PolicyName>([
    'nonce and strict-dynamic',
    'nonce and the provider’s origin',
    'Trusted Types with the documented default policy',
    'a report-only policy that would refuse it',
  ])('%s: reaches the number', async (policy) => {
    const page = await open(policy, { instant: '1' });
    await tap(page);
    const outcome = await outcomeOf(page);
    expect(outcome).toMatchObject({ phone: '134****8682' });
    await page.context().close();
  });

  it.each<[PolicyName, string]>([
    ['nonce alone (the provider not allowed)', 'script-src does not allow'],
    ['Trusted Types, no policy for the provider', "require-trusted-types-for 'script': no policy passes"],
    [
      'Trusted Types, a default policy for another origin',
      "require-trusted-types-for 'script': no policy passes",
    ],
  ])(
    '%s: ends in CSP_BLOCKED at once, naming the directive and the origin to allow',
    async (policy, says) => {
      const page = await open(policy, { instant: '1' });
      const before = pages.providerRequests();
      await tap(page);
      const outcome = await outcomeOf(page);
      expect(outcome).toMatchObject({
        code: 'CSP_BLOCKED',
        message: expect.stringContaining(`${says} ${pages.providerOrigin}`),
      });
      // No polling of scripts that cannot load: the first refusal ends it, nothing reached the provider.
      expect(outcome.ms).toBeLessThan(SECOND);
      expect(pages.providerRequests()).toBe(before);
      expect(await page.getByRole('status').textContent()).toBe('页面安全策略拦截了取号服务');
      // The refused script's error event, which follows the violation, retires its callback global.
      await page.waitForFunction(() => !Object.keys(window).some((key) => key.startsWith('__oneTapPhone_')));
      expect(await leftovers(page)).toEqual({ globals: [], scripts: 0 });
      console.log(`${policy}: CSP_BLOCKED ${outcome.ms} ms after the tap: ${outcome.message}`);
      await page.context().close();
    },
  );
});

describe('Back from the back/forward cache', { timeout: 15 * SECOND }, () => {
  /** Marks the page's JS heap, navigates as `leave` does, goes Back, and says whether the heap survived. */
  async function leaveAndComeBack(page: Page, leave: () => Promise<unknown>): Promise<boolean> {
    await page.evaluate(() => ((window as { beforeLeaving?: boolean }).beforeLeaving = true));
    await leave();
    await page.waitForURL('**/done');
    // A restore fires pageshow, not load: wait for the commit only.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForURL('**/login?**', { waitUntil: 'commit' });
    return page.evaluate(() => (window as { beforeLeaving?: boolean }).beforeLeaving === true);
  }

  const busy = (page: Page) => page.locator('[aria-busy="true"]').count();

  it('after a login that navigated away: nothing is aria-busy, and a tap reaches the number again', async () => {
    const page = await open('nonce and strict-dynamic', { navigate: '1' });
    await tap(page);
    await page.getByText('134****8682', { exact: true }).waitFor();
    await page.getByRole('checkbox').check();
    const restored = await leaveAndComeBack(page, () => tap(page, '一键登录'));
    expect(restored).toBe(true); // from the bfcache, not a reload
    expect(await busy(page)).toBe(0);
    await tap(page);
    await page.getByText('134****8682', { exact: true }).waitFor();
    expect(await busy(page)).toBe(0);
    await page.context().close();
  });

  it('with lookup="mount": a fresh number, looked up as the page shows again', async () => {
    const page = await open('nonce and strict-dynamic', { navigate: '1', lookup: 'mount' });
    await page.getByText('134****8682', { exact: true }).waitFor();
    await page.getByRole('checkbox').check();
    const asked = pages.providerRequests();
    expect(await leaveAndComeBack(page, () => tap(page, '一键登录'))).toBe(true);
    await page.getByRole('button', { name: '一键登录', exact: true }).waitFor();
    expect(pages.providerRequests()).toBeGreaterThan(asked);
    expect(await page.getByRole('checkbox').isChecked()).toBe(false); // a new login asks anew
    expect(await busy(page)).toBe(0);
    await page.context().close();
  });

  it('with the hook alone: a used success goes back to its start, and a tap reaches the number', async () => {
    const page = await open('nonce and strict-dynamic', { navigate: '1', ui: 'hook' });
    await tap(page, 'look up');
    expect(await leaveAndComeBack(page, () => tap(page, 'log in as 134****8682'))).toBe(true);
    expect(await busy(page)).toBe(0);
    await tap(page, 'look up');
    await page.getByRole('button', { name: 'log in as 134****8682' }).waitFor();
    await page.context().close();
  });

  it('with the hook alone: a flow left running goes back to its start', async () => {
    const page = await open('nonce and strict-dynamic', { ui: 'hook', polls: '60000' });
    await tap(page, 'look up');
    await page.locator('[aria-busy="true"]').waitFor();
    expect(
      await leaveAndComeBack(page, () =>
        page.goto(pages.url('nonce and strict-dynamic').replace(/\/login\?.*/, '/done')),
      ),
    ).toBe(true);
    expect(await busy(page)).toBe(0);
    expect(await page.getByRole('button').getAttribute('data-state')).toBe('idle');
    await page.context().close();
  });
});

describe('docs/react.md', () => {
  const docs = readFileSync(new URL('../../docs/react.md', import.meta.url), 'utf8');
  const squeeze = (text: string) => text.replace(/\s+/g, ' ');
  const GATEWAY = 'https://your-yuefu-gateway.example';

  it.each<PolicyName>([
    'nonce and strict-dynamic',
    'nonce and the provider’s origin',
    'Trusted Types with the documented default policy',
  ])('gives the header line of “%s” exactly as tested', (policy) => {
    expect(docs).toContain(
      `Content-Security-Policy: ${PAGE_POLICIES[policy].enforce?.('{RANDOM}', GATEWAY)}\n`,
    );
  });

  it('gives the Trusted Types default policy exactly as tested', () => {
    expect(squeeze(docs)).toContain(squeeze(defaultPolicyScript(GATEWAY)));
  });
});
