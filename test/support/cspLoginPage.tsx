// A partner's login page, bundled for Chromium by cspPageServer.ts: <OneTapLogin>, or a custom
// UI on the hook alone (`?ui=hook`), configured from the query string. What happened is left on
// `window.outcome` for the test to read: the number, or the error's code and message, with the
// ms from the tap.
import { createRoot } from 'react-dom/client';
import type { OneTapError } from '../../src/core/errors';
import { isLookingUp, type OneTapResult } from '../../src/core/state';
import { OneTapLogin } from '../../src/react/OneTapLogin';
import { useOneTapPhone } from '../../src/react/useOneTapPhone';
import { SIGN_VECTOR } from './fixtures';

interface Outcome {
  phone?: string;
  code?: string;
  message?: string;
  /** From the tap (the first click on the page) to the number or the error. */
  ms?: number;
}

const page = window as unknown as { outcome?: Outcome; tappedAt?: number };
const query = new URLSearchParams(location.search);
addEventListener('click', () => (page.tappedAt ??= performance.now()), { capture: true });
const since = () => Math.round(performance.now() - (page.tappedAt ?? 0));

const config = {
  appId: 'csp-page',
  baseUrl: query.get('provider') ?? '',
  getSign: async () => SIGN_VECTOR.sign,
  pollDelays: (query.get('polls') ?? '50,50,50,50,50,50').split(',').map(Number),
  instant: query.has('instant'),
};

/** A login that moves on: a full navigation, as pages that reload their session state do. */
function onSuccess({ phone }: OneTapResult) {
  page.outcome = { phone, ms: since() };
  if (query.has('navigate')) {
    location.assign('/done');
    return new Promise(() => undefined); // the page is leaving
  }
  return undefined;
}

const onError = ({ code, message }: OneTapError) => {
  page.outcome = { code, message, ms: since() };
};

function HookOnly() {
  const api = useOneTapPhone({ ...config, onSuccess, onError });
  const busy = isLookingUp(api) || api.status === 'success';
  const ready = api.status === 'ready' ? api : undefined;
  return (
    <button
      type="button"
      aria-busy={busy}
      data-state={api.status}
      onClick={() => {
        if (!ready) return void api.lookup();
        api.setConsent(true);
        void api.confirm();
      }}
    >
      {ready ? `log in as ${ready.phone}` : 'look up'}
    </button>
  );
}

const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  query.get('ui') === 'hook' ? (
    <HookOnly />
  ) : (
    <OneTapLogin
      {...config}
      lookup={query.get('lookup') === 'mount' ? 'mount' : 'tap'}
      onSuccess={onSuccess}
      onError={onError}
    />
  ),
);
