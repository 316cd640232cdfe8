// A partner's login page as a new user writes it: no QueryClientProvider, one component of
// ours. The check drives its variants through the query string.
import { type OneTapError, OneTapLogin, type OneTapResult } from 'one-tap-phone';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const query = new URLSearchParams(location.search);
// From the first tap, for the check to time an ending.
let tappedAt: number | undefined;
addEventListener('click', () => (tappedAt ??= performance.now()), { capture: true });

function LoginPage() {
  const [result, setResult] = useState<OneTapResult>();
  const [failure, setFailure] = useState<{ error: OneTapError; ms: number }>();
  return (
    <main style={{ maxWidth: 360, margin: '0 auto', padding: 16, fontFamily: 'system-ui, sans-serif' }}>
      <OneTapLogin
        appId="wozhitest"
        signUrl={query.get('sign') ?? '/api/sign'}
        baseUrl={query.get('provider') ?? 'http://127.0.0.1:4010/getphone'}
        agreements={[{ title: '用户协议', href: '/terms' }]}
        otherLogin={<a href="/login/sms">其他方式登录</a>}
        instant={query.has('instant')}
        lookup={query.get('lookup') === 'mount' ? 'mount' : 'tap'}
        locale={query.get('locale') === 'en' ? 'en' : 'zh-CN'}
        onSuccess={(found) => {
          // `navigate`: a login that moves on with a full navigation, as many pages do after login.
          if (!query.has('navigate')) return setResult(found);
          location.assign('./done');
          return new Promise(() => undefined);
        }}
        onError={(error) => setFailure({ error, ms: Math.round(performance.now() - (tappedAt ?? 0)) })}
      />
      {result && <output data-testid="result">{JSON.stringify(result)}</output>}
      {failure && (
        <output data-testid="error" data-ms={failure.ms}>
          {`${failure.error.code}: ${failure.error.message}`}
        </output>
      )}
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<LoginPage />);
