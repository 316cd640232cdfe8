import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CSSProperties } from 'react';
import { expect, fn, waitFor } from 'storybook/test';
import { isLookingUp } from '../src/core/state';
import { OneTapLogin } from '../src/react/OneTapLogin';
import { MOCK_BASE_URL, MOCK_SIGN_URL, withYuefu } from './support/yuefu';

const meta = {
  title: 'OneTapLogin',
  component: OneTapLogin,
  args: {
    appId: 'wozhitest',
    signUrl: MOCK_SIGN_URL,
    baseUrl: MOCK_BASE_URL,
    locale: 'zh-CN',
    onSuccess: fn(),
    onError: fn(),
    fallback: <a href="#sms">短信验证码登录</a>,
  },
  argTypes: {
    locale: { control: 'inline-radio', options: ['zh-CN', 'en'] },
    fallback: { control: false },
    children: { control: false },
  },
  beforeEach: withYuefu(),
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 360, padding: 16 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof OneTapLogin>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 12_000 };

/** Taps and waits for the button or the status line to say `text`. */
type Play = NonNullable<Story['play']>;

function tapUntil(text: string | RegExp, where: 'button' | 'status' = 'status'): Play {
  return async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button'));
    await waitFor(() => expect(canvas.getByRole(where)).toHaveTextContent(text), SLOW);
  };
}

/** On mobile data: tap, and the masked number appears. */
export const Default: Story = {
  play: async (context) => {
    await tapUntil('本机号码 134****8682', 'button')(context);
    await expect(context.args.onSuccess).toHaveBeenCalledWith(
      expect.objectContaining({ phone: '134****8682' }),
    );
  },
};

export const SlowCarrier: Story = {
  beforeEach: withYuefu({ scenario: 'slow', slowResolveMs: 2500 }),
  play: tapUntil('本机号码 134****8682', 'button'),
};

/** The browser says Wi-Fi: refused before a sign is spent; the fallback slot shows. */
export const OnWifi: Story = {
  args: { environment: { connectionType: 'wifi' } },
  play: async (context) => {
    await tapUntil('请关闭 Wi-Fi')(context);
    await expect(context.canvas.getByRole('link', { name: '短信验证码登录' })).toBeVisible();
  },
};

/** The carrier never sees the phone (a Wi-Fi the browser did not report): six queries, then the fallback. */
export const ResultUnavailable: Story = {
  beforeEach: withYuefu({ scenario: 'wifi' }),
  // The default schedule spends five seconds before giving up; a story needs one.
  args: { pollDelays: [150, 150, 150, 150, 150, 150] },
  play: async (context) => {
    await tapUntil('无法识别本机号码')(context);
    await expect(context.args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'RESULT_UNAVAILABLE', resCode: '3' }),
    );
  },
};

export const TokenExpiredThenRecovered: Story = {
  beforeEach: withYuefu({ scenario: 'token-expired' }),
  play: tapUntil('本机号码 134****8682', 'button'),
};

export const TokenExpiredTwice: Story = {
  beforeEach: withYuefu({ scenario: 'token-expired-twice' }),
  play: tapUntil('登录凭证已过期'),
};

export const SignEndpointDown: Story = {
  beforeEach: withYuefu({ signDown: true }),
  play: tapUntil('获取签名失败'),
};

export const ProviderHttp500: Story = {
  beforeEach: withYuefu({ scenario: 'http-500' }),
  args: { pollDelays: [200, 200, 300] },
  play: tapUntil('网络异常'),
};

export const NotTheEnvelope: Story = {
  beforeEach: withYuefu({ scenario: 'bad-envelope' }),
  args: { pollDelays: [200, 200, 300] },
  play: tapUntil('取号服务返回异常'),
};

/** The provider never answers: each query times out, and so does the flow. */
export const NoCallbackTimeout: Story = {
  beforeEach: withYuefu({ scenario: 'no-answer' }),
  args: { pollDelays: [200, 200], requestTimeoutMs: 1000 },
  play: tapUntil('取号超时'),
};

/** An https: page with the provider's http: URL: a configuration error, said at once. */
export const MixedContent: Story = {
  args: { baseUrl: 'http://www.meiyuefu.com/getphone', environment: { pageProtocol: 'https:' } },
  play: tapUntil('取号服务配置错误'),
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

export const English: Story = {
  args: { locale: 'en', fallback: <a href="#sms">Use an SMS code</a> },
  play: tapUntil('This phone: 134****8682', 'button'),
};

/** Themed through CSS variables; the status line inherits the page's color. */
export const DarkTheme: Story = {
  args: {
    style: {
      '--otp-button-bg': '#e8eefc',
      '--otp-button-color': '#0b1b3a',
      '--otp-error-color': '#ffb4ab',
      '--otp-radius': '999px',
    } as CSSProperties,
  },
  decorators: [
    (Story) => (
      <div style={{ background: '#0b1b3a', color: '#e8eefc', padding: 24, borderRadius: 12 }}>
        <Story />
      </div>
    ),
  ],
  play: tapUntil('本机号码 134****8682', 'button'),
};

/** Full custom UI: a card that shows the number and a confirm step. */
export const CustomUI: Story = {
  args: {
    children: (api) => (
      <section aria-label="快速登录" style={{ border: '1px solid #ccd', borderRadius: 12, padding: 16 }}>
        {api.status === 'success' ? (
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
