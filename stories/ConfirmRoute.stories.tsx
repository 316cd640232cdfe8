import type { Meta, StoryObj } from '@storybook/react-vite';
import { HttpResponse, http } from 'msw';
import { expect, fn, waitFor } from 'storybook/test';
import { ONE_TAP_ERRORS } from '../src/core/errors';
import { LABELS } from '../src/react/labels';
import { OneTapLogin, type OneTapLoginProps } from '../src/react/OneTapLogin';
import { ON_A_PHONE } from './support/phone';
import { MOCK_BASE_URL, MOCK_SIGN_URL, withYuefu } from './support/yuefu';

// <OneTapLogin confirmUrl>: the page finishes the login on the partner's confirm route, mocked
// here with MSW as one-tap-phone/server's createConfirmHandler answers. One story per ending;
// `locale` works from the Controls (or `&args=locale:en`), the play functions follow it.

const CONFIRM_URL = '/api/one-tap/confirm';
/** What the partner's route answers a login with: whatever its onConfirmed returns. */
const ANSWER = { account: { id: 'a-1024' }, next: '/account' };

type Answer = () => Response;
const refusal =
  (status: number, code: string): Answer =>
  () =>
    HttpResponse.json({ error: { code, message: 'fixed text' } }, { status });
const loggedIn: Answer = () => HttpResponse.json(ANSWER);

/**
 * The story's mock Yuefu, and its confirm route answering each POST with the next of `answers`
 * (the last repeats). The route refuses what the real one refuses (not JSON, no sign, no
 * same-origin credentials) with 400, so a story passes only on the request the library must send.
 */
function withConfirmRoute(...answers: Answer[]) {
  return (context: Parameters<ReturnType<typeof withYuefu>>[0]) => {
    withYuefu()(context);
    let calls = 0;
    const route = http.post(CONFIRM_URL, async ({ request }) => {
      const body = (await request.json().catch(() => undefined)) as { sign?: unknown } | undefined;
      const json = request.headers.get('content-type') === 'application/json';
      if (!json || typeof body?.sign !== 'string' || request.credentials !== 'same-origin') {
        return refusal(400, 'BAD_REQUEST')();
      }
      return (answers[Math.min(calls++, answers.length - 1)] as Answer)();
    });
    context.msw.use(route as never);
  };
}

type StoryArgs = OneTapLoginProps;

const meta = {
  title: 'OneTapLogin/Confirm route',
  component: OneTapLogin,
  render: (props) => (
    <OneTapLogin
      {...props}
      otherLogin={<a href="#sms">{props.locale === 'en' ? 'Log in with an SMS code' : '短信验证码登录'}</a>}
    />
  ),
  args: {
    appId: 'wozhitest',
    signUrl: MOCK_SIGN_URL,
    baseUrl: MOCK_BASE_URL,
    confirmUrl: CONFIRM_URL,
    locale: 'zh-CN',
    onSuccess: fn(),
    onError: fn(),
    agreements: [{ title: '《用户协议》', href: '#terms' }],
  },
  argTypes: {
    locale: { control: 'inline-radio', options: ['zh-CN', 'en'] },
    confirmUrl: { control: 'text' },
    otherLogin: { control: false },
    children: { control: false },
  },
  ...ON_A_PHONE,
} satisfies Meta<StoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;
type Context = Parameters<NonNullable<Story['play']>>[0];

const SLOW = { timeout: 12_000 };

/** Taps, agrees to the terms and logs in, as a user does, in the story's language. */
async function logIn({ canvas, userEvent, args }: Context) {
  const labels = LABELS[args.locale ?? 'zh-CN'];
  await userEvent.click(await canvas.findByRole('button', { name: labels.idle }));
  await userEvent.click(await canvas.findByRole('checkbox', {}, SLOW));
  await userEvent.click(canvas.getByRole('button', { name: labels.login }));
}

/** Logs in and waits for the status line to say `code`'s text; the other-login slot shows exactly when it falls back. */
async function endsIn(code: keyof typeof ONE_TAP_ERRORS, context: Context) {
  const { canvas, args } = context;
  await logIn(context);
  const text = ONE_TAP_ERRORS[code][args.locale ?? 'zh-CN'];
  await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent(text), SLOW);
  await expect(canvas.queryByRole('link', { name: /SMS|短信/ }) !== null).toBe(ONE_TAP_ERRORS[code].fallback);
  await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ code }));
  await expect(args.onSuccess).not.toHaveBeenCalled();
}

/** The route logs the account in: onSuccess gets its answer, the button says 正在登录… while the page moves on. */
export const Success: Story = {
  beforeEach: withConfirmRoute(loggedIn),
  play: async (context) => {
    const { canvas, args } = context;
    await logIn(context);
    await waitFor(() => expect(args.onSuccess).toHaveBeenCalledOnce(), SLOW);
    await expect(args.onSuccess).toHaveBeenCalledWith(
      expect.objectContaining({ phone: '134****8682', carrier: 'mobile', answer: ANSWER }),
    );
    const button = canvas.getByRole('button', { name: LABELS[args.locale ?? 'zh-CN'].loggingIn });
    await expect(button).toHaveAttribute('data-state', 'success');
  },
};

/** This browser names no account (a new user, or a forgotten browser): SMS, with the other-login slot. */
export const NoAccount: Story = {
  beforeEach: withConfirmRoute(refusal(401, 'NO_ACCOUNT')),
  play: (context) => endsIn('NO_ACCOUNT', context),
};

/** The number the carrier confirmed is not the remembered account's: SMS. */
export const NumberMismatch: Story = {
  beforeEach: withConfirmRoute(refusal(401, 'NUMBER_MISMATCH')),
  play: (context) => endsIn('NUMBER_MISMATCH', context),
};

/** The route had confirmed this login already (a double submit): Retry looks up afresh and logs in. */
export const SignUsed: Story = {
  beforeEach: withConfirmRoute(refusal(401, 'SIGN_USED'), loggedIn),
  play: async (context) => {
    const { canvas, userEvent, args } = context;
    const labels = LABELS[args.locale ?? 'zh-CN'];
    await endsIn('SIGN_USED', context);
    await userEvent.click(canvas.getByRole('button', { name: labels.retry }));
    // Consent is kept: the step comes back agreed, and one more tap logs in.
    await userEvent.click(await canvas.findByRole('button', { name: labels.login }, SLOW));
    await waitFor(() => expect(args.onSuccess).toHaveBeenCalledOnce(), SLOW);
    await expect(args.onSuccess).toHaveBeenCalledWith(expect.objectContaining({ answer: ANSWER }));
  },
};

/** The route's limit refused (429): a retry, later; no other-login slot. */
export const RateLimited: Story = {
  beforeEach: withConfirmRoute(refusal(429, 'RATE_LIMITED')),
  play: async (context) => {
    await endsIn('RATE_LIMITED', context);
    const retry = context.canvas.getByRole('button', { name: LABELS[context.args.locale ?? 'zh-CN'].retry });
    await expect(retry).not.toHaveAttribute('aria-disabled', 'true');
  },
};

/** NO_ACCOUNT in English (`locale="en"`). */
export const NoAccountEnglish: Story = { ...NoAccount, args: { locale: 'en' } };

/** NUMBER_MISMATCH in English. */
export const NumberMismatchEnglish: Story = { ...NumberMismatch, args: { locale: 'en' } };
