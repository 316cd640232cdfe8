// A partner's login page as a new user writes it: no QueryClientProvider, one line of ours.
import { OneTapLogin } from 'one-tap-phone';
import { createRoot } from 'react-dom/client';

const mock = new URLSearchParams(location.search).get('mock') ?? 'http://127.0.0.1:4010';

createRoot(document.getElementById('root') as HTMLElement).render(
  <OneTapLogin
    appId="wozhitest"
    signUrl={`${mock}/demo/sign`}
    baseUrl={`${mock}/getphone`}
    onSuccess={(r) => console.log('logged in', r.par)}
  />,
);
