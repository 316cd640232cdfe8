import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CSSProperties } from 'react';
import { expect, fn, waitFor } from 'storybook/test';
import type { Carrier } from '../src/core/carrier';
import { type Locale, ONE_TAP_ERRORS, type OneTapErrorCode } from '../src/core/errors';
import { isLookingUp } from '../src/core/state';
import { CARRIER_TERMS } from '../src/core/terms';
import { DEMO_APP } from '../src/mock/mockYuefu';
import { fill, LABELS } from '../src/react/labels';
import { OneTapLogin, type OneTapLoginProps } from '../src/react/OneTapLogin';
import { MOCK_BASE_URL, MOCK_SIGN_URL, withYuefu } from './support/yuefu';

/** A phone's screen: the authorization step is a login page seen on a phone. */
const PHONE = {
  viewport: {
    options: {
      phone360: { name: 'Phone 360 × 740', styles: { width: '360px', height: '740px' }, type: 'mobile' },
    },
  },
};

/** A page theme the Controls switch: the light default, or a dark page themed through CSS variables. */
const THEMES = {
  light: undefined,
  dark: {
    '--otp-button-bg': '#8ab4f8',
    '--otp-button-color': '#0b1b3a',
    '--otp-link-color': '#8ab4f8',
    '--otp-error-color': '#ffb4ab',
    '--otp-prompt-bg': '#3a2f0b',
    '--otp-prompt-color': '#ffe8a3',
    '--otp-radius': '999px',
  } as CSSProperties,
} as const;
const PAGES = { light: {}, dark: { background: '#0b1b3a', color: '#e8eefc', minHeight: 400 } } as const;

/** The component's props, and the page's theme (not a prop: the story applies it). */
type StoryArgs = OneTapLoginProps & { theme?: keyof typeof THEMES };

const meta = {
  title: 'OneTapLogin',
  component: OneTapLogin,
  // `theme` is the story's: the page's colours and the CSS variables handed down as `style`.
  render: ({ theme = 'light', style, ...props }) => (
    <div style={{ ...PAGES[theme], padding: 16, boxSizing: 'border-box' }}>
      <OneTapLogin {...props} style={{ ...THEMES[theme], ...style }} />
    </div>
  ),
  args: {
    appId: 'wozhitest',
    signUrl: MOCK_SIGN_URL,
    baseUrl: MOCK_BASE_URL,
    locale: 'zh-CN',
    lookup: 'tap',
    instant: false,
    theme: 'light',
    labels: {},
    onSuccess: fn(),
    onError: fn(),
    agreements: [
      { title: '《用户协议》', href: '#terms' },
      { title: '《隐私政策》', href: '#privacy' },
    ],
    otherLogin: <a href="#sms">其他方式登录</a>,
  },
  argTypes: {
    locale: { control: 'inline-radio', options: ['zh-CN', 'en'] },
    lookup: { control: 'inline-radio', options: ['tap', 'mount'] },
    instant: { control: 'boolean' },
    theme: {
      control: 'inline-radio',
      options: Object.keys(THEMES),
      description:
        'The page around the button (story only): dark sets the `--otp-*` CSS variables through `style`.',
    },
    agreements: { control: 'object' },
    labels: {
      control: 'object',
      description: 'Overrides any built-in text, e.g. `{ "login": "确认登录" }`.',
    },
    appId: { control: 'text' },
    signUrl: { control: 'text' },
    baseUrl: { control: 'text' },
    otherLogin: { control: false },
    children: { control: false },
    // Functions and objects a partner passes in code, not from a panel.
    queryClient: { control: false },
    transport: { control: false },
    clock: { control: false },
    fetch: { control: false },
    getSign: { control: false },
    carrierOf: { control: false },
    onEvent: { control: false },
  },
  parameters: PHONE,
  globals: { viewport: { value: 'phone360', isRotated: false } },
  beforeEach: withYuefu(),
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 360, boxSizing: 'border-box' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<StoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 12_000 };

/** The story's texts in the language its `locale` arg asks for (the a11y check runs each story in both). */
const textsOf = (locale: Locale = 'zh-CN') => LABELS[locale];
type Play = NonNullable<Story['play']>;
type Said = string | RegExp | ((locale: Locale) => string);
/** The error message for `code`, in the story's language. */
const message = (code: OneTapErrorCode) => (locale: Locale) => ONE_TAP_ERRORS[code][locale];

/** Taps and waits for the button or the status line to say `text`. */
function tapUntil(text: Said, where: 'button' | 'status' = 'status'): Play {
  return async ({ canvas, userEvent, args }) => {
    const wanted = typeof text === 'function' ? text(args.locale ?? 'zh-CN') : text;
    await userEvent.click(await canvas.findByRole('button'));
    await waitFor(() => expect(canvas.getByRole(where)).toHaveTextContent(wanted), SLOW);
  };
}

/** Taps, and waits for the authorization step to show `phone` and who authenticates it (`carrier`), with its terms. */
function tapUntilStep(phone: string, carrier: Carrier): Play {
  return async ({ canvas, userEvent, args }) => {
    const locale = args.locale ?? 'zh-CN';
    const texts = textsOf(locale);
    const terms = CARRIER_TERMS[locale][carrier]?.title;
    await userEvent.click(await canvas.findByRole('button', { name: texts.idle }));
    await waitFor(() => expect(canvas.getByText(phone)).toBeVisible(), SLOW);
    await expect(canvas.getByText(texts[carrier])).toBeVisible();
    const box = canvas.getByRole('checkbox');
    await expect(box).not.toBeChecked();
    await expect(canvas.getAllByRole('checkbox')).toHaveLength(1);
    if (terms)
      // Named with the title, then that it opens a new tab (visually hidden text).
      await expect(
        canvas.getByRole('link', {
          name: (name) => name.startsWith(terms) && name.endsWith(texts.newTab.trim()),
        }),
      ).toHaveAttribute('target', '_blank');
    else await expect(canvas.queryByRole('link', { name: /中国|天翼|China/ })).toBeNull();
    await expect(canvas.getByRole('link', { name: /^《用户协议》/ })).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    );
    await expect(canvas.getByRole('button', { name: texts.login })).toBeEnabled();
    await expect(args.onSuccess).not.toHaveBeenCalled();
  };
}

/** Every control, no play function: change the args and tap. The README's first command opens here. */
export const Playground: Story = {};

/**
 * The default: a tap looks the number up, then the authorization step. Login without consent
 * calls no onSuccess and asks for it; 同意并登录 consents and logs in in one tap.
 */
export const ChinaMobile: Story = {
  play: async (context) => {
    const { canvas, userEvent, args } = context;
    const texts = textsOf(args.locale);
    await tapUntilStep('134****8682', 'mobile')(context);
    await userEvent.click(canvas.getByRole('button', { name: texts.login }));
    const prompt = await canvas.findByRole('alertdialog');
    await expect(prompt).toHaveTextContent(
      `${texts.consentPrompt}${CARRIER_TERMS[args.locale ?? 'zh-CN'].mobile?.title}`,
    );
    await expect(args.onSuccess).not.toHaveBeenCalled();
    await userEvent.click(canvas.getByRole('button', { name: texts.agreeAndLogin }));
    await waitFor(() => expect(args.onSuccess).toHaveBeenCalledOnce());
    await expect(args.onSuccess).toHaveBeenCalledWith(
      expect.objectContaining({
        phone: '134****8682',
        carrier: 'mobile',
        sign: expect.stringMatching(/^[\w+/]+=*$/),
      }),
    );
  },
};

export const ChinaUnicom: Story = {
  beforeEach: withYuefu({ apps: [{ ...DEMO_APP, phone: '13012345678' }] }),
  play: tapUntilStep('130****5678', 'unicom'),
};

export const ChinaTelecom: Story = {
  beforeEach: withYuefu({ apps: [{ ...DEMO_APP, phone: '18912345678' }] }),
  play: tapUntilStep('189****5678', 'telecom'),
};

/** A prefix that names no carrier (170: its hidden fourth digit would): a neutral line, and only your agreements. */
export const UnknownCarrier: Story = {
  beforeEach: withYuefu({ apps: [{ ...DEMO_APP, phone: '17012345678' }] }),
  play: tapUntilStep('170****5678', 'unknown'),
};

/** The prompt after a login without consent: it takes focus, Escape closes it, a second login asks again. */
export const ConsentPrompt: Story = {
  play: async (context) => {
    const { canvas, userEvent, args } = context;
    const texts = textsOf(args.locale);
    await tapUntilStep('134****8682', 'mobile')(context);
    const login = canvas.getByRole('button', { name: texts.login });
    await userEvent.click(login);
    await waitFor(() => expect(canvas.getByRole('button', { name: texts.agreeAndLogin })).toHaveFocus());
    await userEvent.keyboard('{Escape}');
    await expect(canvas.queryByRole('alertdialog')).toBeNull();
    await expect(login).toHaveFocus();
    await userEvent.click(login);
    await expect(await canvas.findByRole('alertdialog')).toBeVisible();
    await expect(args.onSuccess).not.toHaveBeenCalled();
  },
};

/** Consent first, then login: onSuccess at once, no prompt. */
export const ConsentThenLogin: Story = {
  play: async (context) => {
    const { canvas, userEvent, args } = context;
    const texts = textsOf(args.locale);
    await tapUntilStep('134****8682', 'mobile')(context);
    await userEvent.click(canvas.getByRole('checkbox'));
    await userEvent.click(canvas.getByRole('button', { name: texts.login }));
    await waitFor(() => expect(args.onSuccess).toHaveBeenCalledOnce());
    await expect(canvas.queryByRole('alertdialog')).toBeNull();
    await expect(canvas.getByRole('button', { name: texts.loggingIn })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  },
};

/** `lookup="mount"`: the number is on the page before any tap, as the apps' preLogin does. */
export const LookupOnMount: Story = {
  args: { lookup: 'mount' },
  play: async ({ canvas, args }) => {
    await waitFor(() => expect(canvas.getByText('134****8682')).toBeVisible(), SLOW);
    await expect(canvas.getByRole('button', { name: textsOf(args.locale).login })).toBeEnabled();
  },
};

/** `instant`: for pages that obtain consent elsewhere: the number goes straight to onSuccess. */
export const Instant: Story = {
  args: { instant: true },
  play: async (context) => {
    await tapUntil('134****8682', 'button')(context);
    await expect(context.canvas.queryByRole('checkbox')).toBeNull();
    await expect(context.args.onSuccess).toHaveBeenCalledWith(
      expect.objectContaining({ phone: '134****8682', carrier: 'mobile' }),
    );
  },
};

const ENGLISH = {
  locale: 'en',
  lookup: 'mount',
  agreements: [{ title: 'Terms of Service', href: '#terms' }],
  otherLogin: <a href="#sms">Other ways to log in</a>,
} as const;

/** `locale="en"`: the step in English, the carrier's terms under their English titles. */
export const English: Story = {
  args: ENGLISH,
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByText('Verified by China Mobile')).toBeVisible(), SLOW);
    await expect(canvas.getByText(/I have read and agree to/)).toBeVisible();
    await expect(canvas.getByRole('link', { name: /^China Mobile Authentication Terms/ })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Log in' })).toBeEnabled();
  },
};

export const EnglishConsentPrompt: Story = {
  args: ENGLISH,
  play: async ({ canvas, userEvent }) => {
    await waitFor(() => expect(canvas.getByText('Verified by China Mobile')).toBeVisible(), SLOW);
    await userEvent.click(canvas.getByRole('button', { name: 'Log in' }));
    await expect(await canvas.findByRole('alertdialog')).toHaveTextContent('please read and agree to');
    await expect(canvas.getByRole('button', { name: 'Agree and log in' })).toHaveFocus();
  },
};

/** Themed through CSS variables (the `theme` control); text inherits the page's color. */
export const DarkTheme: Story = {
  args: {
    lookup: 'mount',
    theme: 'dark',
    otherLogin: (
      <a href="#sms" style={{ color: '#8ab4f8' }}>
        其他方式登录
      </a>
    ),
  },
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByText('134****8682')).toBeVisible(), SLOW);
  },
};

/** The browser says Wi-Fi: refused before a sign is spent; `otherLogin` shows under the error. */
export const ErrorWithOtherLogin: Story = {
  args: { environment: { connectionType: 'wifi' } },
  play: async (context) => {
    await tapUntil(message('NOT_CELLULAR'))(context);
    await expect(context.canvas.getByRole('link', { name: '其他方式登录' })).toBeVisible();
  },
};

/** The carrier never sees the phone (a Wi-Fi the browser did not report): six queries, then the fallback. */
export const ResultUnavailable: Story = {
  beforeEach: withYuefu({ scenario: 'wifi' }),
  // The default schedule spends five seconds before giving up; a story needs one.
  args: { pollDelays: [150, 150, 150, 150, 150, 150] },
  play: async (context) => {
    await tapUntil(message('RESULT_UNAVAILABLE'))(context);
    await expect(context.args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'RESULT_UNAVAILABLE', resCode: '3' }),
    );
  },
};

export const TokenExpiredThenRecovered: Story = {
  beforeEach: withYuefu({ scenario: 'token-expired' }),
  play: tapUntil((locale) =>
    fill(LABELS[locale].ready, {
      phone: `134${LABELS[locale].hiddenDigits}8682`,
      attribution: LABELS[locale].mobile,
    }),
  ),
};

export const TokenExpiredTwice: Story = {
  beforeEach: withYuefu({ scenario: 'token-expired-twice' }),
  play: tapUntil(message('TOKEN_EXPIRED')),
};

export const SignEndpointDown: Story = {
  beforeEach: withYuefu({ signDown: true }),
  play: tapUntil(message('SIGN_FAILED')),
};

export const ProviderHttp500: Story = {
  beforeEach: withYuefu({ scenario: 'http-500' }),
  args: { pollDelays: [200, 200, 300] },
  play: tapUntil(message('NETWORK')),
};

export const NotTheEnvelope: Story = {
  beforeEach: withYuefu({ scenario: 'bad-envelope' }),
  args: { pollDelays: [200, 200, 300] },
  play: tapUntil(message('BAD_RESPONSE')),
};

/** The provider never answers: each query times out, and so does the flow. */
export const NoCallbackTimeout: Story = {
  beforeEach: withYuefu({ scenario: 'no-answer' }),
  args: { pollDelays: [200, 200], requestTimeoutMs: 1000 },
  play: tapUntil(message('TIMEOUT')),
};

/** An https: page with the provider's http: URL: a configuration error, said at once. */
export const MixedContent: Story = {
  args: { baseUrl: 'http://www.meiyuefu.com/getphone', environment: { pageProtocol: 'https:' } },
  play: tapUntil(message('MIXED_CONTENT')),
};

/** A custom UI through the render prop, with a cancel button. */
export const Cancelled: Story = {
  beforeEach: withYuefu({ scenario: 'slow', slowResolveMs: 4000 }),
  args: {
    children: (api) => (
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <button type="button" onClick={api.start} disabled={isLookingUp(api)}>
          一键登录
        </button>
        <button type="button" onClick={api.cancel} disabled={!isLookingUp(api)}>
          取消
        </button>
        <output>{api.status === 'error' ? api.error.localizedMessage('zh-CN') : api.status}</output>
      </div>
    ),
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: '一键登录' }));
    await waitFor(() => expect(canvas.getByRole('button', { name: '取消' })).toBeEnabled());
    await userEvent.click(canvas.getByRole('button', { name: '取消' }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('已取消'));
  },
};

/** Full custom UI: a card that shows the number and a confirm step. */
export const CustomUI: Story = {
  args: {
    children: (api) => (
      <section aria-label="快速登录" style={{ border: '1px solid #ccd', borderRadius: 12, padding: 16 }}>
        {api.status === 'ready' ? (
          <p>
            使用 <strong>{api.phone}</strong> 登录？
          </p>
        ) : (
          <button type="button" onClick={api.start} disabled={isLookingUp(api)}>
            {isLookingUp(api) ? '识别中…' : '识别本机号码'}
          </button>
        )}
      </section>
    ),
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: '识别本机号码' }));
    await waitFor(() => expect(canvas.getByText('134****8682')).toBeVisible(), SLOW);
  },
};
