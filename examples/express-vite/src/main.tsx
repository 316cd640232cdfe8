// A login page with its own authorization step, built on the hook: look the number up, show
// it masked with the carrier, ask for consent, log in, and let the server confirm.
import { type OneTapResult, useOneTapPhone } from 'one-tap-phone';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ATTRIBUTION, TERMS } from './carriers';

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not set when this page was built: see .env.example`);
  return value;
}

// Inlined by `vite build`; the AES key never is (it has no VITE_ prefix).
const appId = required(import.meta.env.VITE_ONE_TAP_APP_ID, 'VITE_ONE_TAP_APP_ID');
const baseUrl = required(import.meta.env.VITE_ONE_TAP_BASE_URL, 'VITE_ONE_TAP_BASE_URL');

type Confirmed = { phone: string; par: string; carrier: string };

/** What the browser got is for display; the server asks the provider itself. */
async function confirmOnServer({ sign }: OneTapResult): Promise<Confirmed> {
  const response = await fetch('/api/one-tap/confirm', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sign }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.code ?? `HTTP ${response.status}`);
  return body;
}

function Login() {
  const [confirmed, setConfirmed] = useState<Confirmed>();
  const [failure, setFailure] = useState<string>();
  const tap = useOneTapPhone({
    appId,
    baseUrl,
    signUrl: '/api/one-tap/sign',
    onSuccess: (result) =>
      confirmOnServer(result).then(setConfirmed, (error: Error) => setFailure(error.message)),
  });

  if (confirmed) return <p role="status">已登录 {confirmed.phone}</p>;
  const smsLogin = <a href="/login/sms">其他方式登录</a>;
  if (failure)
    return (
      <p role="alert">
        登录失败（{failure}）。{smsLogin}
      </p>
    );

  if (tap.status !== 'ready' && tap.status !== 'success') {
    const busy = tap.status !== 'idle' && tap.status !== 'error'; // signing, requesting, polling
    return (
      <>
        <button type="button" onClick={tap.start} disabled={busy}>
          {busy ? '正在获取本机号码…' : '本机号码一键登录'}
        </button>
        {tap.status === 'error' && (
          <p role="alert">
            {tap.error.localizedMessage('zh-CN')} {tap.error.fallback && smsLogin}
          </p>
        )}
      </>
    );
  }

  const carrierTerms = TERMS[tap.carrier];
  return (
    <>
      <p style={{ fontSize: 24, margin: 0 }}>{tap.phone}</p>
      <p style={{ color: 'gray', marginTop: 4 }}>{ATTRIBUTION[tap.carrier]}</p>
      <label>
        <input
          type="checkbox"
          checked={tap.consent}
          onChange={(event) => tap.setConsent(event.target.checked)}
        />
        我已阅读并同意
        {carrierTerms && <a href={carrierTerms.href}>{carrierTerms.title}</a>}
        <a href="/terms">《用户协议》</a>
      </label>
      {tap.status === 'ready' && tap.consentRequested && <p role="alert">请先勾选同意协议</p>}
      <p>
        <button type="button" onClick={tap.confirm} disabled={tap.status === 'success'}>
          {tap.status === 'success' ? '正在登录…' : '一键登录'}
        </button>
      </p>
      {smsLogin}
    </>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <main style={{ maxWidth: 360, margin: '0 auto' }}>
      <h1 style={{ fontSize: 20 }}>登录</h1>
      <Login />
    </main>
  </StrictMode>,
);
