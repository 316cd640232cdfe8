// The signed-in page: the account (masked), log out, and forget this browser. Log out ends the
// session but keeps the remembered account, so one-tap logs it in again with no SMS code;
// forget drops that too, and the next one-tap here is NO_ACCOUNT.
import { useEffect, useState } from 'react';
import { messageOf, postJson } from './api';
import { Page, ui } from './ui';

export function AccountPage() {
  const [phone, setPhone] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    fetch('/api/me')
      .then(async (response) => {
        if (response.status === 401) return window.location.replace('/login');
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        setPhone((await response.json()).account.phone);
      })
      .catch(() => setError('出错了，请刷新重试'));
  }, []);

  const leave = (path: string) => () =>
    postJson(path).then(
      () => window.location.assign('/login'),
      (failure) => setError(messageOf(failure)),
    );

  if (error)
    return (
      <Page title="我的账号">
        <p role="alert" style={ui.error}>
          {error}
        </p>
      </Page>
    );
  if (!phone) return <Page title="我的账号">{null}</Page>;
  return (
    <Page title="我的账号">
      <p role="status" style={{ margin: 0, fontSize: 18 }}>
        已登录 {phone}
      </p>
      <button type="button" style={ui.secondary} onClick={leave('/api/logout')}>
        退出登录
      </button>
      <p style={ui.note}>退出后，这台设备仍记得此账号：本机号码一键登录即可再次登录。</p>
      <button type="button" style={ui.secondary} onClick={leave('/api/forget')}>
        忘记此浏览器
      </button>
      <p style={ui.note}>忘记后，这台设备不再记得此账号：下次需用短信验证码登录。</p>
    </Page>
  );
}
