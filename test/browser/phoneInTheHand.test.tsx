import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { CSSProperties, ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cdp, page } from 'vitest/browser';
import type { Locale } from '../../src/core/errors';
import { OneTapLogin, type OneTapLoginProps } from '../../src/react/OneTapLogin';

// The login on a 360 × 740 phone, in Chromium against the mock Yuefu: at 200% text and at 200%
// zoom, on a dark page, with a thumb and with a screen reader.
//
// 200% text is the system's font size as Chrome on Android applies it: its text autosizer
// scales every font size, px ones included (a root font-size would leave our px sizes as they
// are). The same code path is switched on here by mobile emulation and `text-size-adjust:
// 200%`. 200% zoom is page zoom as a desktop browser does it: the layout viewport halves, so
// 360 px at 200% lays out as 180 px.

const TEXTS = {
  'zh-CN': { tap: '本机号码一键登录', login: '一键登录', other: '其他方式登录' },
  en: { tap: 'Sign in with this phone’s number', login: 'Log in', other: 'Other ways to log in' },
} as const;

const mock = () => ({ signUrl: inject('mockSignUrl'), baseUrl: inject('mockBaseUrl') });

function renderLogin(
  locale: Locale,
  props: Partial<OneTapLoginProps> = {},
  around?: (login: ReactNode) => ReactNode,
) {
  const login = (
    <OneTapLogin
      appId="wozhitest"
      {...mock()}
      locale={locale}
      agreements={[{ title: locale === 'en' ? 'Terms of Service' : '《用户协议》', href: '#terms' }]}
      otherLogin={<a href="#sms">{TEXTS[locale].other}</a>}
      onSuccess={() => new Promise(() => {})} // the partner's page takes over: 正在登录… stays
      {...props}
    />
  );
  return render(<div style={{ padding: 16 }}>{around ? around(login) : login}</div>);
}

const tap = (locale: Locale) => userEvent.click(screen.getByRole('button', { name: TEXTS[locale].tap }));
const state = (name: string) =>
  waitFor(() => expect(document.querySelector(`[data-state="${name}"]`)).not.toBeNull(), { timeout: 8000 });

/** Each state of the login, reached from a fresh render. */
const STATES: Record<string, (locale: Locale) => Promise<void>> = {
  idle: async (locale) => void renderLogin(locale),
  'looking up': async (locale) => {
    renderLogin(locale, { appId: 'app-slow' });
    await tap(locale);
    await state('polling');
  },
  'ready with the number': async (locale) => {
    renderLogin(locale, { lookup: 'mount' });
    await state('ready');
  },
  'consent prompt': async (locale) => {
    renderLogin(locale, { lookup: 'mount' });
    await state('ready');
    await userEvent.click(screen.getByRole('button', { name: TEXTS[locale].login }));
    await screen.findByRole('alertdialog');
  },
  'error with the other login': async (locale) => {
    renderLogin(locale, { environment: { connectionType: 'wifi' } });
    await tap(locale);
    await screen.findByRole('link', { name: TEXTS[locale].other });
  },
  success: async (locale) => {
    renderLogin(locale, { lookup: 'mount' });
    await state('ready');
    await userEvent.click(screen.getByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: TEXTS[locale].login }));
    await state('success');
  },
};

/** Mobile emulation on (the text autosizer with it), the page's own size kept. */
const mobile = (on: boolean) =>
  cdp().send('Emulation.setDeviceMetricsOverride', { width: 0, height: 0, deviceScaleFactor: 0, mobile: on });

async function textAt(percent: number) {
  document.documentElement.style.setProperty('text-size-adjust', `${percent}%`);
  document.documentElement.style.setProperty('-webkit-text-size-adjust', `${percent}%`);
  await new Promise(requestAnimationFrame);
}

/** Every element that is cut off or runs past the viewport's right edge, and the page's sideways scroll. */
function overflows(): string[] {
  const width = document.documentElement.clientWidth;
  const found: string[] = [];
  if (document.documentElement.scrollWidth > width)
    found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  for (const element of document.querySelectorAll<HTMLElement>('[data-state] *')) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1) continue; // the visually hidden texts, clipped on purpose
    const what = `${element.tagName.toLowerCase()} "${element.textContent?.slice(0, 30)}"`;
    if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0)
      found.push(`${what} is cut off: ${element.scrollWidth} > ${element.clientWidth}`);
    if (box.right > width + 0.5) found.push(`${what} ends at ${Math.round(box.right)} px of ${width}`);
  }
  return found;
}

beforeAll(() => page.viewport(360, 740));
afterEach(() => textAt(100));
afterAll(() => mobile(false));

describe.each(['zh-CN', 'en'] as const)('at 360 × 740 in %s', (locale) => {
  it.each(Object.keys(STATES))(
    '%s: nothing cut off and no sideways scroll at 200% text and at 200% zoom',
    async (name) => {
      await STATES[name]?.(locale);
      await mobile(true);
      try {
        await textAt(200);
        const button = document.querySelector<HTMLElement>('button[data-state]');
        expect(getComputedStyle(button as HTMLElement).fontSize).toBe('32px'); // the text is at 200%
        expect(overflows(), '200% text').toEqual([]);
        await textAt(100);
        await page.viewport(180, 370);
        expect(overflows(), '200% zoom').toEqual([]);
      } finally {
        await page.viewport(360, 740);
        await mobile(false);
      }
    },
  );

  it('gives the login button and the whole consent row 44 × 44 px at least, at 100% and 200% text', async () => {
    await STATES['consent prompt']?.(locale);
    const row = document.querySelector('[data-slot="consent"]') as HTMLElement;
    const sizes = () =>
      [screen.getByRole('button', { name: TEXTS[locale].login }), row].map((target) => {
        const { width, height } = target.getBoundingClientRect();
        return Math.min(width, height);
      });
    for (const size of sizes()) expect(size).toBeGreaterThanOrEqual(44);
    // The row is the checkbox's label: a tap beside the 18 px box, above or below it, toggles it.
    const box = screen.getByRole('checkbox').getBoundingClientRect();
    const rowBox = row.getBoundingClientRect();
    for (const y of [rowBox.top + 2, rowBox.bottom - 2])
      expect(row.contains(document.elementFromPoint(box.left + box.width / 2, y))).toBe(true);
    await page.elementLocator(row).click({ position: { x: 2, y: rowBox.height - 2 } }); // a real tap, in a corner
    expect(screen.getByRole('checkbox')).toBeChecked();
    await mobile(true);
    try {
      await textAt(200);
      for (const size of sizes()) expect(size).toBeGreaterThanOrEqual(44);
    } finally {
      await mobile(false);
    }
  });

  it('announces a lookup at most 4 times (looking up, the number, logging in), not at each query, and reads the number as digits', async () => {
    renderLogin(locale, { pollDelays: [50, 50, 50, 50, 50, 50, 50, 50] });
    const status = screen.getByRole('status');
    const said: string[] = [];
    const observer = new MutationObserver(() => {
      const text = status.textContent ?? '';
      if (text && text !== said.at(-1)) said.push(text);
    });
    observer.observe(status, { childList: true, subtree: true, characterData: true });
    await tap(locale);
    await state('ready');
    await userEvent.click(screen.getByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: TEXTS[locale].login }));
    await state('success');
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    expect(said.length, said.join(' | ')).toBeLessThanOrEqual(4);
    expect(said.join(' ')).toContain(
      locale === 'en' ? '134, four hidden digits, 8682' : '134，四位隐藏数字，8682',
    );
    expect(said.join(' ')).not.toContain('*');
  });
});

it('rounds the button with --otp-radius, and not the consent prompt', async () => {
  renderLogin('zh-CN', { lookup: 'mount', style: { '--otp-radius': '999px' } as CSSProperties });
  await state('ready');
  await userEvent.click(screen.getByRole('button', { name: '一键登录' }));
  expect(getComputedStyle(screen.getByRole('button', { name: '一键登录' })).borderRadius).toBe('999px');
  expect(getComputedStyle(await screen.findByRole('alertdialog')).borderRadius).toBe('8px');
});

describe('on a dark page (prefers-color-scheme: dark, color-scheme: light dark), no --otp-* variables', () => {
  const dark = (on: boolean) =>
    cdp().send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-color-scheme', value: on ? 'dark' : 'light' }],
    });
  const darkPage = (login: ReactNode) => (
    <div style={{ colorScheme: 'light dark', background: 'Canvas', color: 'CanvasText', padding: 16 }}>
      {login}
    </div>
  );
  beforeAll(() => dark(true));
  afterAll(() => dark(false));

  it.each([
    ['the step', async () => void (await state('ready'))],
    [
      'the consent prompt',
      async () => {
        await state('ready');
        await userEvent.click(screen.getByRole('button', { name: '一键登录' }));
      },
    ],
  ])('%s passes axe’s color-contrast rule with the default colors', async (_, reach) => {
    const { container } = renderLogin('zh-CN', { lookup: 'mount' }, darkPage);
    await reach();
    const page = container.querySelector('[style*="color-scheme"]') as Element;
    expect(getComputedStyle(page).backgroundColor).toBe('rgb(18, 18, 18)'); // Chromium's dark Canvas
    const results = await axe.run(container, { runOnly: ['color-contrast'] });
    expect(results.violations.flatMap((v) => v.nodes.map((n) => `${n.target}: ${n.failureSummary}`))).toEqual(
      [],
    );
  });

  it('shows the error text readably on it', async () => {
    const { container } = renderLogin('zh-CN', { environment: { connectionType: 'wifi' } }, darkPage);
    await tap('zh-CN');
    await screen.findByText(/请关闭 Wi-Fi/);
    const results = await axe.run(container, { runOnly: ['color-contrast'] });
    expect(results.violations).toEqual([]);
  });

  it('still takes the partner’s variables over its dark defaults', async () => {
    renderLogin('zh-CN', { lookup: 'mount' }, (login) =>
      darkPage(<div style={{ '--otp-link-color': 'rgb(1, 2, 3)' } as CSSProperties}>{login}</div>),
    );
    await state('ready');
    expect(getComputedStyle(screen.getAllByRole('link')[0] as Element).color).toBe('rgb(1, 2, 3)');
  });

  it('keeps the light defaults on a page that does not say it has a dark theme', async () => {
    renderLogin('zh-CN', { lookup: 'mount' });
    await state('ready');
    expect(getComputedStyle(screen.getAllByRole('link')[0] as Element).color).toBe('rgb(31, 95, 209)');
  });
});
