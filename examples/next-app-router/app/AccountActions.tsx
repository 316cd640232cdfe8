'use client';

// Log out ends the session but keeps the remembered account, so one-tap logs it in again with
// no SMS code; forget drops that too, and the next one-tap here is NO_ACCOUNT.
import { useState } from 'react';
import { messageOf, postJson } from './postJson';
import { ui } from './ui';

export function AccountActions() {
  const [error, setError] = useState<string>();
  const leave = (path: string) => () =>
    postJson(path).then(
      () => window.location.assign('/login'),
      (failure) => setError(messageOf(failure)),
    );
  return (
    <>
      <button type="button" style={ui.secondary} onClick={leave('/api/logout')}>
        退出登录
      </button>
      <p style={ui.note}>退出后，这台设备仍记得此账号：本机号码一键登录即可再次登录。</p>
      <button type="button" style={ui.secondary} onClick={leave('/api/forget')}>
        忘记此浏览器
      </button>
      <p style={ui.note}>忘记后，这台设备不再记得此账号：下次需用短信验证码登录。</p>
      {error && (
        <p role="alert" style={ui.error}>
          {error}
        </p>
      )}
    </>
  );
}
