// The benchmark's page for our side: the one-line integration, timing the tap to the number.
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
    onSuccess={() => (window.bench.phoneAt = performance.now())}
    onError={(e) => (window.bench.error = e.code)}
  />,
);
