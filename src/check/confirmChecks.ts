// The confirm route's checks: what a login may trust. A sign the page looked up is confirmed
// once; everything an attacker can post (a replay, another app's result, an old sign, junk, a
// cross-site form) is refused with a 4xx, which also says "not a server fault" to monitoring.
import { CheckBrowser, type ConfirmAnswer, httpStatus } from './browser.js';
import { CHECK_APP, type CheckMock, OTHER_APP } from './checkMock.js';
import {
  backendSign,
  builtSign,
  garbage,
  reissuedStale,
  type SessionSign,
  STALE_MS,
} from './confirmSigns.js';
import { type CheckResult, type ConfirmCheckId, failed, passed, skipped } from './results.js';

const DOCS = 'docs/backends.md, "The confirm route"';

/** What each confirm check's line says a passing backend does. */
export const CONFIRM_TITLES = {
  'confirm-looked-up': 'confirm: a looked-up sign, posted as the page posts it, is confirmed (2xx)',
  'confirm-replay': 'confirm: the same sign again is refused (4xx)',
  'confirm-other-app': 'confirm: a sign of another app is refused (4xx)',
  'confirm-stale': 'confirm: a sign dated three minutes ago is refused (4xx)',
  'confirm-garbage': 'confirm: garbage is refused with 4xx, never 5xx',
  'confirm-text-plain': 'confirm: a text/plain post is refused (4xx)',
  'confirm-cross-site': 'confirm: a cross-site post is refused (4xx)',
} satisfies Record<ConfirmCheckId, string>;

const ok = (id: ConfirmCheckId, answer?: ConfirmAnswer) =>
  passed(id, CONFIRM_TITLES[id], answer && httpStatus(answer));
const bad = (id: ConfirmCheckId, detail: string, hint: string) =>
  failed(id, CONFIRM_TITLES[id], detail, hint);
const notRun = (id: ConfirmCheckId, detail: string) => skipped(id, CONFIRM_TITLES[id], detail);
const is4xx = ({ status }: ConfirmAnswer) => status >= 400 && status < 500;
const is2xx = ({ status }: ConfirmAnswer) => status >= 200 && status < 300;
/** What a line says the route answered. */
export const got = (answer: ConfirmAnswer) =>
  answer.status === 0
    ? 'it did not answer (the connection failed, or no answer in 10 s)'
    : `it answered ${httpStatus(answer)}`;

const HINTS = {
  'confirm-looked-up': `Open the sign with your key, check its appId, that you issued its reqId and that it is under 2 minutes old, then query the provider with it and answer 2xx on resCode 0 (${DOCS}).`,
  'confirm-replay': `Remember each confirmed sign (its reqId) until it is too old to confirm, claim it atomically (Redis SET NX, an INSERT on a unique key), and refuse a second confirm with 4xx (${DOCS}).`,
  'confirm-other-app': `Open the sign with your own key and refuse (4xx) one that does not open or carries another appId: a decryption error is the caller's fault, not a 5xx (${DOCS}).`,
  'confirm-stale': `Refuse a sign whose timeStamp is older than 2 minutes, even when you issued its reqId: the provider answers an old sign's query again and again (${DOCS}).`,
  'confirm-garbage': `Validate the body before anything else: a JSON object with a string sign of at most 1 KB that opens with your key; anything else is 400 (or 413/415), never a 500 (${DOCS}).`,
  'confirm-text-plain': `Answer 415 unless Content-Type is application/json: a cross-site <form enctype="text/plain"> posts JSON-looking text with no CORS preflight and logs the victim into the attacker's account (${DOCS}).`,
  'confirm-cross-site': `Answer 403 when Sec-Fetch-Site is cross-site (or, where a browser sends no Sec-Fetch-Site, when Origin is not your own): it is login CSRF (${DOCS}).`,
} satisfies Record<ConfirmCheckId, string>;

/** For a stale sign whose reqId the backend never issued: refusing it proves no age check yet. */
const STALE_NOT_ISSUED_HINT = `Refuse a sign whose reqId you never issued, and one whose timeStamp is older than 2 minutes: the provider answers an old sign's query again and again (${DOCS}).`;

/**
 * Runs the confirm route's checks. `endToEnd` says whether the backend's signs resolve at the
 * mock: without it the checks that need one are skipped, the rest still run.
 */
export async function checkConfirm(
  mock: CheckMock,
  signUrl: string,
  confirmUrl: string,
  endToEnd: boolean,
  emit: (result: CheckResult) => void,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add = (result: CheckResult) => {
    results.push(result);
    emit(result);
  };
  const post = (sign: string | undefined) => JSON.stringify({ sign });

  // Looked up all at once: each waits on the mock's carrier, not on the others.
  const none: SessionSign = { browser: new CheckBrowser(CHECK_APP.appId), sign: undefined };
  const [good, plain, crossSite, otherApp, stale, staleIssued] = await Promise.all([
    endToEnd ? backendSign(mock, signUrl) : none,
    endToEnd ? backendSign(mock, signUrl) : none,
    endToEnd ? backendSign(mock, signUrl) : none,
    builtSign(mock, signUrl, OTHER_APP, 0),
    builtSign(mock, signUrl, CHECK_APP, STALE_MS),
    endToEnd ? reissuedStale(mock, signUrl) : none,
  ]);

  const needsSign = 'needs a sign of the backend that resolves at the provider (see the sign checks)';
  if (good.sign === undefined) {
    add(notRun('confirm-looked-up', needsSign));
    add(notRun('confirm-replay', needsSign));
  } else {
    const first = await good.browser.confirm(confirmUrl, { body: post(good.sign) });
    const accepted = is2xx(first);
    add(
      accepted
        ? ok('confirm-looked-up', first)
        : bad('confirm-looked-up', got(first), HINTS['confirm-looked-up']),
    );
    if (!accepted) {
      add(notRun('confirm-replay', 'needs a confirmed sign'));
    } else {
      const again = await good.browser.confirm(confirmUrl, { body: post(good.sign) });
      add(
        is4xx(again)
          ? ok('confirm-replay', again)
          : bad(
              'confirm-replay',
              is2xx(again) ? 'it confirmed the same sign twice' : got(again),
              HINTS['confirm-replay'],
            ),
      );
    }
  }

  const refusal = async (id: ConfirmCheckId, answer: Promise<ConfirmAnswer>, accepted: string) => {
    const seen = await answer;
    add(is4xx(seen) ? ok(id, seen) : bad(id, is2xx(seen) ? accepted : got(seen), HINTS[id]));
  };
  await refusal(
    'confirm-other-app',
    otherApp.browser.confirm(confirmUrl, { body: post(otherApp.sign) }),
    `it confirmed a sign of app ${OTHER_APP.appId} (another key) that the provider resolved`,
  );
  // Two stale signs: one the check built (a reqId the backend never issued), and one the backend
  // issued, dated back. A backend that only refuses unknown reqIds passes the first, not the second.
  const built = await stale.browser.confirm(confirmUrl, { body: post(stale.sign) });
  if (!is4xx(built)) {
    const detail = is2xx(built)
      ? 'it confirmed a sign dated three minutes ago whose reqId it never issued, with the app’s key and a live token'
      : `${got(built)} to a sign dated three minutes ago whose reqId it never issued`;
    add(bad('confirm-stale', detail, STALE_NOT_ISSUED_HINT));
  } else if (staleIssued.sign === undefined) {
    add(notRun('confirm-stale', needsSign));
  } else {
    const seen = await staleIssued.browser.confirm(confirmUrl, { body: post(staleIssued.sign) });
    const detail = is2xx(seen)
      ? 'it confirmed a sign it issued, sealed again with timeStamp three minutes back (same appId, reqId and token) and looked up'
      : `${got(seen)} to a sign it issued, sealed again with timeStamp three minutes back`;
    add(is4xx(seen) ? ok('confirm-stale', seen) : bad('confirm-stale', detail, HINTS['confirm-stale']));
  }

  const junk = new CheckBrowser(CHECK_APP.appId);
  let wrong: string | undefined;
  for (const { what, body } of garbage()) {
    const seen = await junk.confirm(confirmUrl, { body });
    if (!is4xx(seen)) {
      wrong = `${got(seen)} to a ${what}`;
      break;
    }
  }
  add(wrong === undefined ? ok('confirm-garbage') : bad('confirm-garbage', wrong, HINTS['confirm-garbage']));

  if (plain.sign === undefined) add(notRun('confirm-text-plain', needsSign));
  else
    await refusal(
      'confirm-text-plain',
      plain.browser.confirm(confirmUrl, { body: post(plain.sign), contentType: 'text/plain;charset=UTF-8' }),
      'it confirmed a looked-up sign posted as text/plain',
    );
  if (crossSite.sign === undefined) add(notRun('confirm-cross-site', needsSign));
  else
    await refusal(
      'confirm-cross-site',
      crossSite.browser.confirm(confirmUrl, { body: post(crossSite.sign), crossSite: true }),
      'it confirmed a looked-up sign posted from another site (Origin https://attacker.example, Sec-Fetch-Site: cross-site)',
    );
  return results;
}
