import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OneTapEvent } from '../../../src/core/telemetry';
import { OneTapLogin, type OneTapLoginProps } from '../../../src/react/OneTapLogin';
import { OneTapPhoneProvider } from '../../../src/react/OneTapPhoneProvider';
import { fakeConfig } from '../../support/reactHarness';
import { answers } from '../../support/scriptedProvider';

// The default <OneTapLogin>: the authorization step carriers require before a login.
const AGREEMENTS = [{ title: '《用户协议》', href: '/terms' }];
const answerWith = (phone: string) => ({ ...answers.ok, object: { ...answers.ok.object, phone } });

function renderStep(props: Partial<OneTapLoginProps> = {}, steps: unknown[] = [answers.ok]) {
  const { config, getSign, provider } = fakeConfig(steps);
  const onSuccess = vi.fn();
  const view = render(
    <OneTapLogin
      {...config}
      agreements={AGREEMENTS}
      otherLogin={<a href="/sms">其他方式登录</a>}
      onSuccess={onSuccess}
      {...props}
    />,
  );
  return { ...view, onSuccess, getSign, provider };
}

async function tapToStep(phone = '134****8682') {
  await userEvent.click(screen.getByRole('button', { name: '本机号码一键登录' }));
  await waitFor(() => expect(screen.getByText(phone)).toBeInTheDocument());
}

const loginButton = () => screen.getByRole('button', { name: '一键登录' });

describe('the authorization step', () => {
  it('shows the masked number, who authenticates it, the terms and one unchecked box, and waits', async () => {
    const { onSuccess } = renderStep();
    await tapToStep();
    expect(screen.getByText('中国移动提供认证服务')).toBeInTheDocument();
    expect(screen.getAllByRole('checkbox')).toHaveLength(1);
    expect(screen.getByRole('checkbox')).not.toBeChecked();
    expect(screen.getByRole('checkbox')).toHaveAccessibleName(
      '我已阅读并同意《中国移动认证服务条款》（在新标签页中打开）和《用户协议》（在新标签页中打开）',
    );
    for (const title of ['《中国移动认证服务条款》', '《用户协议》']) {
      // The link says it opens a new tab (visually hidden text).
      const link = screen.getByRole('link', { name: `${title}（在新标签页中打开）` });
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    }
    expect(screen.getByRole('link', { name: /^《中国移动认证服务条款》/ })).toHaveAttribute(
      'href',
      'https://wap.cmpassport.com/resources/html/contract.html',
    );
    expect(loginButton()).toHaveTextContent('登录');
    expect(screen.getByRole('link', { name: '其他方式登录' })).toBeInTheDocument();
    // Heard as 134, four hidden digits, 8682; the stars are hidden from screen readers.
    expect(screen.getByRole('status')).toHaveTextContent(
      '本机号码 134，四位隐藏数字，8682，中国移动提供认证服务',
    );
    expect(screen.getByText('134****8682')).toHaveAttribute('aria-hidden', 'true');
    expect(screen.getByText('134，四位隐藏数字，8682')).toBeInTheDocument();
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it.each([
    ['130****1234', '中国联通提供认证服务', '《中国联通认证服务协议》'],
    ['189****1234', '天翼账号提供认证服务', '《天翼账号服务与隐私协议》'],
  ])('names the carrier of %s and links its terms', async (phone, attribution, terms) => {
    renderStep({}, [answerWith(phone)]);
    await tapToStep(phone);
    expect(screen.getByText(attribution)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: `${terms}（在新标签页中打开）` })).toBeInTheDocument();
  });

  it('for an unknown carrier, says so neutrally and lists only the partner’s agreements', async () => {
    renderStep({}, [answerWith('170****1234')]);
    await tapToStep('170****1234');
    expect(screen.getByText('由运营商提供认证服务')).toBeInTheDocument();
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual([
      '《用户协议》（在新标签页中打开）',
      '其他方式登录',
    ]);
  });

  it('takes the partner’s carrierTerms over the defaults', async () => {
    renderStep({ carrierTerms: { mobile: { title: '《移动条款》', href: '/cm' } } });
    await tapToStep();
    expect(screen.getByRole('link', { name: /^《移动条款》/ })).toHaveAttribute('href', '/cm');
  });

  describe('a login without consent', () => {
    it('calls no onSuccess and asks, with focus on 同意并登录', async () => {
      const { onSuccess } = renderStep();
      await tapToStep();
      await userEvent.click(loginButton());
      const prompt = screen.getByRole('alertdialog');
      expect(prompt).toHaveAccessibleName(
        '登录前请阅读并同意《中国移动认证服务条款》（在新标签页中打开）和《用户协议》（在新标签页中打开）',
      );
      expect(screen.getByRole('button', { name: '同意并登录' })).toHaveFocus();
      expect(onSuccess).not.toHaveBeenCalled();
    });

    it('closes the prompt on Escape, gives focus back to the login button, and still refuses', async () => {
      const { onSuccess } = renderStep();
      await tapToStep();
      await userEvent.click(loginButton());
      await userEvent.keyboard('{Escape}');
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(loginButton()).toHaveFocus();
      expect(screen.getByRole('checkbox')).not.toBeChecked();
      expect(onSuccess).not.toHaveBeenCalled();
    });

    it('同意并登录 consents and logs in in one tap', async () => {
      const { onSuccess } = renderStep();
      await tapToStep();
      await userEvent.click(loginButton());
      await userEvent.click(screen.getByRole('button', { name: '同意并登录' }));
      expect(onSuccess).toHaveBeenCalledExactlyOnceWith({
        phone: '134****8682',
        par: answers.ok.object.par,
        sign: expect.any(String),
        carrier: 'mobile',
      });
      expect(screen.queryByRole('alertdialog')).toBeNull();
      const loggingIn = screen.getByRole('button', { name: '正在登录…' });
      expect(loggingIn).toHaveAttribute('aria-disabled', 'true');
      expect(loggingIn).toHaveFocus(); // the prompt went; focus stayed in the login
    });

    it('starts over when onSuccess’s promise rejects (the server refused the sign)', async () => {
      const { onSuccess } = renderStep();
      onSuccess.mockRejectedValueOnce(new Error('SIGN_EXPIRED'));
      await tapToStep();
      await userEvent.click(screen.getByRole('checkbox'));
      await userEvent.click(loginButton());
      await waitFor(() =>
        expect(screen.getByRole('button', { name: '本机号码一键登录' })).toBeInTheDocument(),
      );
      expect(screen.queryByRole('checkbox')).toBeNull();
      expect(onSuccess).toHaveBeenCalledOnce();
    });
  });

  it('logs in once after the box is checked, and a second tap does nothing more', async () => {
    const { onSuccess } = renderStep();
    await tapToStep();
    await userEvent.click(screen.getByRole('checkbox'));
    await userEvent.click(loginButton());
    await userEvent.click(screen.getByRole('button', { name: '正在登录…' }));
    expect(onSuccess).toHaveBeenCalledOnce();
    expect(onSuccess.mock.calls[0]?.[0]).toMatchObject({ phone: '134****8682', carrier: 'mobile' });
  });

  it('with lookup="mount" shows the number before any tap, once under StrictMode', async () => {
    const { config, getSign, provider } = fakeConfig([answers.ok]);
    render(
      <StrictMode>
        <OneTapLogin {...config} lookup="mount" agreements={AGREEMENTS} />
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByText('134****8682')).toBeInTheDocument());
    expect(getSign).toHaveBeenCalledTimes(1);
    expect(provider.requests.filter((r) => r.kind === 'getphone')).toHaveLength(1);
  });

  it('under StrictMode with lookup="mount" runs one flow: one flowId, no cancelled flow before it', async () => {
    const { config } = fakeConfig([answers.ok]);
    const events: OneTapEvent[] = [];
    render(
      <StrictMode>
        <OneTapLogin {...config} lookup="mount" onEvent={(event) => events.push(event)} />
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByText('134****8682')).toBeInTheDocument());
    expect(new Set(events.map((e) => e.flowId)).size).toBe(1);
    expect(events.map((e) => e.status)).toEqual(['signing', 'requesting', 'polling', 'ready']);
  });

  it('two logins on one page never share a sign: a partner confirms each sign once', async () => {
    let issued = 0;
    const getSign = vi.fn(async () => `${'A'.repeat(60)}${String(++issued).padStart(4, '0')}`);
    const { config } = fakeConfig([answers.ok], { getSign, instant: true });
    const onSuccess = vi.fn();
    render(
      <OneTapPhoneProvider {...config}>
        <OneTapLogin lookup="mount" onSuccess={onSuccess} />
        <OneTapLogin lookup="mount" onSuccess={onSuccess} />
      </OneTapPhoneProvider>,
    );
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(2));
    const signs = onSuccess.mock.calls.map(([result]) => result.sign);
    expect(new Set(signs).size).toBe(2);
  });

  describe('the prefetched sign', () => {
    afterEach(() => vi.useRealTimers());

    it.each([
      [19_000, 1],
      [21_000, 2],
    ])('is used at a tap %i ms later only if under 20 s old (sign requests: %i)', async (waited, signs) => {
      vi.useFakeTimers({ toFake: ['Date'] }); // react-query dates its cache with Date.now()
      const { config, getSign } = fakeConfig([answers.ok], { instant: true });
      const onSuccess = vi.fn();
      render(<OneTapLogin {...config} onSuccess={onSuccess} />);
      await waitFor(() => expect(getSign).toHaveBeenCalledTimes(1)); // the prefetch
      vi.setSystemTime(Date.now() + waited);
      await userEvent.click(screen.getByRole('button'));
      await waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
      expect(getSign).toHaveBeenCalledTimes(signs);
    });
  });

  it('with instant calls onSuccess after one tap, with no checkbox', async () => {
    const { onSuccess } = renderStep({ instant: true });
    await userEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    expect(screen.queryByRole('checkbox')).toBeNull();
  });

  it('speaks English with locale="en": China Mobile, and agree', async () => {
    renderStep({ locale: 'en', agreements: [{ title: 'Terms of Service', href: '/terms' }] });
    await userEvent.click(screen.getByRole('button', { name: 'Sign in with this phone’s number' }));
    await waitFor(() => expect(screen.getByText('Verified by China Mobile')).toBeInTheDocument());
    expect(screen.getByRole('checkbox')).toHaveAccessibleName(
      /^I have read and agree to China Mobile Authentication Terms ?\(opens in a new tab\) and Terms of Service ?\(opens in a new tab\)$/,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('To log in, please read and agree to');
    expect(screen.getByRole('button', { name: 'Agree and log in' })).toHaveFocus();
  });

  it('reports each phase to onEvent with one flowId and no phone number or sign', async () => {
    const events: OneTapEvent[] = [];
    renderStep({ onEvent: (event) => events.push(event) });
    await tapToStep();
    await userEvent.click(screen.getByRole('checkbox'));
    await userEvent.click(loginButton());
    expect(events.map((e) => e.status)).toEqual(['signing', 'requesting', 'polling', 'ready', 'success']);
    expect(new Set(events.map((e) => e.flowId)).size).toBe(1);
    expect(JSON.stringify(events)).not.toMatch(/8682|haR4hJb/);
  });

  it('has no axe violations on the step and with the prompt open', async () => {
    const { container } = renderStep();
    await tapToStep();
    const check = async () => {
      const results = await axe.run(container, { rules: { region: { enabled: false } } });
      expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    };
    await check();
    await userEvent.click(loginButton());
    await check();
  });
});

describe('a configuration mistake', () => {
  it.each([
    [{ appId: undefined }, 'one-tap-phone: appId is required'],
    [
      { signUrl: undefined, getSign: undefined },
      'one-tap-phone: give signUrl (your sign endpoint) or getSign',
    ],
    [{ baseUrl: 'www.meiyuefu.com/getphone' }, 'one-tap-phone: baseUrl must be an absolute http(s) URL'],
  ])('fails at render with a message that names it: %j', (mistake, message) => {
    const { config } = fakeConfig([answers.ok]);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<OneTapLogin {...config} {...(mistake as object)} />)).toThrow(message);
    errors.mockRestore();
  });
});
