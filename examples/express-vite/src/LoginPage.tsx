// The login page with its own authorization step, built on the hook: look the number up, show
// it masked with the carrier, ask for consent, log in. `confirmUrl`: after consent the hook
// posts the sign to the confirm route, which logs in the account this browser proved by SMS
// (NO_ACCOUNT, NUMBER_MISMATCH: the page offers the SMS login instead).
import { useOneTapPhone } from 'one-tap-phone';
import { beaconEvents } from 'one-tap-phone/beacon';
import { ATTRIBUTION, TERMS } from './carriers';
import { Page, ui } from './ui';

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not set when this page was built: see .env.example`);
  return value;
}

// Inlined by `vite build`; the AES key never is (it has no VITE_ prefix).
const appId = required(import.meta.env.VITE_ONE_TAP_APP_ID, 'VITE_ONE_TAP_APP_ID');
const baseUrl = required(import.meta.env.VITE_ONE_TAP_BASE_URL, 'VITE_ONE_TAP_BASE_URL');

// Each phase of each lookup to the events route, in batches (also when the page is left): the
// funnel in Prometheus (docs/operations.md). Made once: it batches across flows.
const onEvent = beaconEvents('/api/one-tap/events');

const smsLogin = (
  <a href="/login/sms" style={ui.link}>
    短信验证码登录
  </a>
);

function OneTap() {
  const tap = useOneTapPhone({
    appId,
    baseUrl,
    signUrl: '/api/one-tap/sign',
    confirmUrl: '/api/one-tap/confirm',
    onEvent,
    // The confirm route started the session: the account page shows who is logged in.
    onSuccess: () => window.location.assign('/'),
  });

  // Before a number: the tap, busy while signing, requesting, polling; an error, with the SMS link.
  if (tap.status !== 'ready' && tap.status !== 'confirming' && tap.status !== 'success') {
    const busy = tap.status !== 'idle' && tap.status !== 'error';
    return (
      <>
        <button type="button" style={ui.primary} onClick={tap.start} disabled={busy}>
          {busy ? '正在获取本机号码…' : '本机号码一键登录'}
        </button>
        {tap.status === 'error' && (
          <p role="alert" style={ui.error}>
            {tap.error.localizedMessage('zh-CN')}
          </p>
        )}
        {smsLogin}
      </>
    );
  }

  const carrierTerms = TERMS[tap.carrier];
  return (
    <>
      <p style={{ fontSize: 28, fontWeight: 600, margin: 0, textAlign: 'center' }}>{tap.phone}</p>
      <p style={{ ...ui.note, textAlign: 'center' }}>{ATTRIBUTION[tap.carrier]}</p>
      <label style={{ ...ui.note, display: 'flex', gap: 6 }}>
        <input
          type="checkbox"
          checked={tap.consent}
          onChange={(event) => tap.setConsent(event.target.checked)}
        />
        <span>
          我已阅读并同意
          {carrierTerms && <a href={carrierTerms.href}>{carrierTerms.title}</a>}
          <a href="/terms">《用户协议》</a>
        </span>
      </label>
      {tap.status === 'ready' && tap.consentRequested && (
        <p role="alert" style={ui.error}>
          请先勾选同意协议
        </p>
      )}
      <button type="button" style={ui.primary} onClick={tap.confirm} disabled={tap.status !== 'ready'}>
        {tap.status === 'ready' ? '一键登录' : '正在登录…'}
      </button>
      {smsLogin}
    </>
  );
}

export const LoginPage = () => (
  <Page title="登录">
    <OneTap />
  </Page>
);
