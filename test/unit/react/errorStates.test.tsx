import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ONE_TAP_ERRORS, OneTapError, type OneTapErrorCode } from '../../../src/core/errors';
import type { OneTapConfig } from '../../../src/react/config';
import { OneTapLogin } from '../../../src/react/OneTapLogin';
import { fakeConfig } from '../../support/reactHarness';
import { answers } from '../../support/scriptedProvider';

// Every failure code's UI: its message in both languages, the fallback slot exactly when the
// code says to fall back, and a retry button. (ABORTED needs a cancel: see the Cancelled story.)
const CASES: [OneTapErrorCode, () => ReturnType<typeof fakeConfig>][] = [
  ['SIGN_FAILED', () => fakeConfig([answers.ok], { getSign: async () => '<html>' })],
  ['MISSING_PARAMS', () => fakeConfig([answers.missing])],
  ['TOKEN_EXPIRED', () => fakeConfig([answers.expired])],
  ['RESULT_UNAVAILABLE', () => fakeConfig([answers.notReady])],
  ['NETWORK', () => fakeConfig([() => Promise.reject(new OneTapError('NETWORK'))])],
  ['TIMEOUT', () => fakeConfig([() => Promise.reject(new OneTapError('TIMEOUT'))])],
  ['BAD_RESPONSE', () => fakeConfig(['<html>'])],
  ['NOT_CELLULAR', () => fakeConfig([answers.ok], { environment: { connectionType: 'wifi' } })],
  ['MIXED_CONTENT', () => fakeConfig([answers.ok], { environment: { pageProtocol: 'https:' } })],
  ['CSP_BLOCKED', () => fakeConfig([() => Promise.reject(new OneTapError('CSP_BLOCKED'))])],
];

describe.each(['zh-CN', 'en'] as const)('the error UI in %s', (locale) => {
  it.each(CASES)('%s', async (code, setup) => {
    const { config } = setup();
    const props: OneTapConfig = { ...config, locale };
    render(<OneTapLogin {...props} otherLogin={<a href="/sms">SMS</a>} />);
    await userEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(screen.getByRole('button')).toHaveAttribute('data-state', 'error'));
    expect(screen.getByRole('status')).toHaveTextContent(ONE_TAP_ERRORS[code][locale]);
    expect(screen.queryByRole('link', { name: 'SMS' }) !== null).toBe(ONE_TAP_ERRORS[code].fallback);
    expect(screen.getByRole('button')).toHaveTextContent(locale === 'en' ? 'Retry' : '重试');
    expect(screen.getByRole('button')).toBeEnabled();
  });
});

it('themes through className and CSS variables on the wrapper, with no global styles', () => {
  const { config } = fakeConfig([answers.ok]);
  const before = document.head.querySelectorAll('style').length;
  const { container } = render(
    <OneTapLogin
      {...config}
      className="login-one-tap"
      style={{ ['--otp-button-bg' as string]: 'rebeccapurple' }}
    />,
  );
  const wrapper = container.firstElementChild as HTMLElement;
  expect(wrapper).toHaveClass('login-one-tap');
  expect(wrapper.style.getPropertyValue('--otp-button-bg')).toBe('rebeccapurple');
  expect(screen.getByRole('button').style.background).toContain('var(--otp-button-bg');
  expect(document.head.querySelectorAll('style').length).toBe(before);
});
