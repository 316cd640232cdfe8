// The SMS login: the way in for a new user, for a browser that proved no account, and for a
// SIM that is not the account's. The server sends the code (a stand-in that prints it, in this
// example), proves the number, finds or makes the account and remembers it on this browser.
import { type FormEvent, useEffect, useState } from 'react';
import { messageOf, postJson } from './api';
import { Page, ui } from './ui';

const RESEND_SECONDS = 60; // the server allows one code per number a minute

export function SmsPage() {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const [developmentCode, setDevelopmentCode] = useState<string>();
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function send() {
    setError(undefined);
    setBusy(true);
    try {
      const answer = await postJson<{ developmentCode?: string }>('/api/sms/send', { phone });
      setSent(true);
      setDevelopmentCode(answer.developmentCode);
      setWait(RESEND_SECONDS);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  async function logIn(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await postJson('/api/sms/verify', { phone, code });
      window.location.assign('/');
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }

  return (
    <Page title="短信验证码登录">
      <form onSubmit={logIn} style={{ display: 'grid', gap: 12 }}>
        <label style={ui.label}>
          手机号
          <input
            style={ui.input}
            type="tel"
            inputMode="numeric"
            autoComplete="tel-national"
            maxLength={11}
            value={phone}
            onChange={(event) => setPhone(event.target.value.replace(/\D/g, ''))}
          />
        </label>
        <div style={ui.row}>
          <label style={{ ...ui.label, flex: 1 }}>
            验证码
            <input
              style={ui.input}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(event) => setCode(event.target.value.replace(/\D/g, ''))}
            />
          </label>
          <button
            type="button"
            style={{ ...ui.secondary, width: 'auto', whiteSpace: 'nowrap' }}
            onClick={send}
            disabled={busy || wait > 0 || phone.length !== 11}
          >
            {wait > 0 ? `${wait} 秒后重发` : sent ? '重新获取' : '获取验证码'}
          </button>
        </div>
        {developmentCode && (
          <p
            role="status"
            style={{ ...ui.note, color: '#3d2f00', background: '#fff8e6', padding: 8, borderRadius: 8 }}
          >
            开发环境：验证码 {developmentCode}（生产环境只发到手机）
          </p>
        )}
        {sent && !developmentCode && (
          <p role="status" style={ui.note}>
            验证码已发送
          </p>
        )}
        {error && (
          <p role="alert" style={ui.error}>
            {error}
          </p>
        )}
        <button type="submit" style={ui.primary} disabled={busy || code.length !== 6}>
          登录
        </button>
      </form>
      <a href="/login" style={ui.link}>
        本机号码一键登录
      </a>
    </Page>
  );
}
