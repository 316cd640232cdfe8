import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { OneTapLogin } from '../src/react/OneTapLogin';
import { ON_A_PHONE } from './support/phone';
import { MOCK_BASE_URL, MOCK_SIGN_URL, withYuefu } from './support/yuefu';

/** `<OneTapLogin debug>` on a phone's screen, over the mock Yuefu's scenarios. */
const meta = {
  title: 'OneTapLogin/Debug panel',
  component: OneTapLogin,
  args: {
    appId: 'wozhitest',
    signUrl: MOCK_SIGN_URL,
    baseUrl: MOCK_BASE_URL,
    locale: 'zh-CN',
    debug: true,
    onSuccess: fn(),
    onError: fn(),
    otherLogin: <a href="#sms">其他方式登录</a>,
  },
  argTypes: {
    debug: { control: 'boolean' },
    locale: { control: 'inline-radio', options: ['zh-CN', 'en'] },
    otherLogin: { control: false },
    children: { control: false },
  },
  ...ON_A_PHONE,
  beforeEach: withYuefu(),
} satisfies Meta<typeof OneTapLogin>;

export default meta;
type Story = StoryObj<typeof meta>;
type Play = NonNullable<Story['play']>;

const SLOW = { timeout: 12_000 };
/** Six queries, as by default, closer together: the story ends in a second, not five. */
const FAST_POLLS = [150, 150, 150, 150, 150, 150];

/** Taps, and waits for the panel to list `text`. */
function tapUntilPanel(text: string | RegExp): Play {
  return async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: /本机号码一键登录|Sign in/ }));
    const panel = await canvas.findByRole('region', { name: /one-tap-phone/ }, SLOW);
    await waitFor(() => expect(panel).toHaveTextContent(text), SLOW);
  };
}

/** A login: the sign, getphone, the queries until resCode 0, then the step. */
export const Success: Story = {
  play: tapUntilPanel(/query 第 \d 次: resCode 0.*取到号码: mobile/),
};

/** The carrier never tells the number (on Wi-Fi, say): six queries, then RESULT_UNAVAILABLE and what to do. */
export const NeverReady: Story = {
  args: { pollDelays: FAST_POLLS },
  beforeEach: withYuefu({ scenario: 'wifi' }),
  play: tapUntilPanel('错误: RESULT_UNAVAILABLE'),
};

/** resCode 2: a second sign (after token expired), its queries counted anew, and the number. */
export const TokenExpiredThenRecovered: Story = {
  beforeEach: withYuefu({ scenario: 'token-expired' }),
  play: tapUntilPanel(/query 第 1 次: resCode 2.*令牌过期后重签.*取到号码/),
};

/** The partner's sign endpoint answers 503: its status and code, and what to look at. */
export const SignEndpointDown: Story = {
  beforeEach: withYuefu({ signDown: true }),
  play: tapUntilPanel('HTTP 503 PROVIDER_UNAVAILABLE'),
};

export const SuccessEnglish: Story = {
  args: { locale: 'en', otherLogin: <a href="#sms">Other ways to log in</a> },
  play: tapUntilPanel(/query \d: resCode 0.*ready: mobile/),
};

export const NeverReadyEnglish: Story = {
  args: { locale: 'en', otherLogin: <a href="#sms">Other ways to log in</a>, pollDelays: FAST_POLLS },
  beforeEach: withYuefu({ scenario: 'wifi' }),
  play: tapUntilPanel('error: RESULT_UNAVAILABLE'),
};
