import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { describe, expect, inject, it, vi } from 'vitest';
import { OneTapLogin } from '../../src/react/OneTapLogin';

// The integration a partner writes, in Chromium: the one-line <OneTapLogin>, no provider of
// any kind, the demo sign endpoint and real JSONP <script> requests to the mock Yuefu.
describe('<OneTapLogin> in Chromium against the mock Yuefu', () => {
  it('shows the masked number after a tap, and logs in once the user agrees', async () => {
    const onSuccess = vi.fn();
    render(
      <StrictMode>
        <OneTapLogin
          appId="wozhitest"
          signUrl={inject('mockSignUrl')}
          baseUrl={inject('mockBaseUrl')}
          agreements={[{ title: '《用户协议》', href: '/terms' }]}
          onSuccess={onSuccess}
        />
      </StrictMode>,
    );
    await userEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(screen.getByText('134****8682')).toBeVisible(), { timeout: 5000 });
    expect(screen.getByText('中国移动提供认证服务')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: '一键登录' }));
    expect(onSuccess).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: '同意并登录' }));
    expect(onSuccess).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ phone: '134****8682', carrier: 'mobile' }),
    );
    expect(document.querySelectorAll('script[src*="__oneTapPhone"]')).toHaveLength(0);
  });

  it('recovers from a failure: the retry is a new flow', async () => {
    const onError = vi.fn();
    const { rerender } = render(
      <OneTapLogin
        appId="app-http-500"
        signUrl={inject('mockSignUrl')}
        baseUrl={inject('mockBaseUrl')}
        pollDelays={[50, 50]}
        onError={onError}
        otherLogin={<a href="/sms">短信登录</a>}
      />,
    );
    await userEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'NETWORK' })), {
      timeout: 5000,
    });
    expect(screen.getByRole('link', { name: '短信登录' })).toBeVisible();
    rerender(
      <OneTapLogin appId="wozhitest" signUrl={inject('mockSignUrl')} baseUrl={inject('mockBaseUrl')} />,
    );
    await userEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(screen.getByText('134****8682')).toBeVisible(), { timeout: 5000 });
  });
});
