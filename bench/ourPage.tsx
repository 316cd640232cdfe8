// The benchmark's page for our side: the default login (the authorization step), timing the
// tap to the number on screen (the store's `ready`, seen through onEvent).
import { createRoot } from 'react-dom/client';
import { OneTapLogin } from '../src/index.js';

declare global {
  interface Window {
    bench: { tappedAt?: number; phoneAt?: number; error?: string };
  }
}

const params = new URLSearchParams(location.search);
const mock = params.get('mock') as string;
window.bench = {};
document.addEventListener('click', () => (window.bench.tappedAt = performance.now()), { capture: true });

createRoot(document.getElementById('root') as HTMLElement).render(
  <OneTapLogin
    appId={params.get('appId') as string}
    signUrl={`${mock}/demo/sign`}
    baseUrl={`${mock}/getphone`}
    onEvent={(event) => {
      if (event.status === 'ready') window.bench.phoneAt = performance.now();
    }}
    onError={(e) => (window.bench.error = e.code)}
  />,
);
