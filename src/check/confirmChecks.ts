// The confirm route's checks: what a login may trust. A sign the page looked up is confirmed
// once; everything an attacker can post (a replay, another app's result, an old sign, junk, a
// cross-site form) is refused with a 4xx, which also says "not a server fault" to monitoring.
import { createCipheriv, randomBytes } from 'node:crypto';
import { buildSign } from '../server/node.js';
import { CheckBrowser } from './browser.js';
import { CHECK_APP, type CheckMock, OTHER_APP } from './checkMock.js';
import { type CheckResult, type ConfirmCheckId, failed, passed, skipped } from './results.js';
import { openSignStrictly } from './signOpen.js';

const DOCS = 'docs/backends.md, "The confirm route"';
const STALE_MS = 3 * 60_000;

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

const ok = (id: ConfirmCheckId) => passed(id, CONFIRM_TITLES[id]);
const bad = (id: ConfirmCheckId, detail: string, hint: string) =>
  failed(id, CONFIRM_TITLES[id], detail, hint);
const notRun = (id: ConfirmCheckId, detail: string) => skipped(id, CONFIRM_TITLES[id], detail);
const is4xx = (status: number) => status >= 400 && status < 500;
const got = (status: number) =>
  status === 0
    ? 'it did not answer (the connection failed, or no answer in 10 s)'
    : `it answered HTTP ${status}`;

const HINTS = {
  'confirm-looked-up': `open the sign with your key, check its appId, that you issued its reqId and that it is under 2 minutes old, then query the provider with it and answer 2xx on resCode 0 (${DOCS})`,
  'confirm-replay': `remember each confirmed sign (its reqId) until it is too old to confirm, claim it atomically (Redis SET NX, an INSERT on a unique key), and refuse a second confirm with 4xx (${DOCS})`,
  'confirm-other-app': `open the sign with your own key and refuse (4xx) one that does not open or carries another appId; a decryption error is the caller's fault, not a 5xx (${DOCS})`,
  'confirm-stale': `refuse a sign whose timeStamp is older than 2 minutes, even when you issued its reqId: the provider answers an old sign's query again and again (${DOCS})`,
  'confirm-garbage': `validate the body before anything else: a JSON object with a string sign of at most 1 KB that opens with your key; anything else is 400 (or 413/415), never a 500 (${DOCS})`,
  'confirm-text-plain': `answer 415 unless Content-Type is application/json: a cross-site <form enctype="text/plain"> posts JSON-looking text with no CORS preflight and logs the victim into the attacker's account (${DOCS})`,
  'confirm-cross-site': `answer 403 when Sec-Fetch-Site is cross-site (or, where a browser sends no Sec-Fetch-Site, when Origin is not your own): login CSRF (${DOCS})`,
} satisfies Record<ConfirmCheckId, string>;

/** For a stale sign whose reqId the backend never issued: refusing it proves no age check yet. */
const STALE_NOT_ISSUED_HINT = `refuse a sign whose reqId you never issued, and one whose timeStamp is older than 2 minutes: the provider answers an old sign's query again and again (${DOCS})`;

/** A sign that opens with `aesKey` to JSON that is not the four fields. */
function foreignJsonSign(aesKey: string): string {
  const cipher = createCipheriv('aes-128-ecb', Buffer.from(aesKey, 'utf8'), null);
  return Buffer.concat([cipher.update('{"appId":1,"hello":"world"}', 'utf8'), cipher.final()]).toString(
    'base64',
  );
}

/** Bodies no confirm route should answer with 2xx or 5xx. */
const garbage = (): { what: string; body: string }[] => [
  { what: 'body that is not JSON', body: 'not json' },
  { what: 'JSON array', body: '[]' },
  { what: 'body without a sign', body: '{}' },
  { what: 'sign that is a number', body: '{"sign":42}' },
  { what: 'sign that is not Base64', body: '{"sign":"not a sign!"}' },
  { what: 'sign of random bytes', body: JSON.stringify({ sign: randomBytes(96).toString('base64') }) },
  {
    what: 'sign holding other JSON under your key',
    body: JSON.stringify({ sign: foreignJsonSign(CHECK_APP.aesKey) }),
  },
  // 4 KB: over the 1 KB a sign can be, under what a socket buffers (a route may answer 413 unread).
  { what: 'sign of 4 KB', body: JSON.stringify({ sign: 'A'.repeat(4096) }) },
];

/** A sign from the backend's sign route, looked up to resCode 0 at the mock, in its own session. */
async function lookedUp(mock: CheckMock, signUrl: string) {
  const browser = new CheckBrowser(CHECK_APP.appId);
  const { sign } = await browser.sign(signUrl);
  const found = sign !== undefined && (await mock.lookUp(CHECK_APP.appId, sign)).resCode === '0';
  return { browser, sign: found ? sign : undefined };
}

/** A sign the check builds itself, looked up at the mock, posted from a session that has signed once. */
async function builtSign(
  mock: CheckMock,
  signUrl: string,
  app: { appId: string; aesKey: string },
  ageMs: number,
) {
  const browser = new CheckBrowser(CHECK_APP.appId);
  await browser.sign(signUrl); // for any session cookie the backend binds signs to
  const token = await mock.token(app.appId);
  const sign = await buildSign(
    { appId: app.appId, token, timeStamp: String(Date.now() - ageMs) },
    app.aesKey,
  );
  const { resCode } = await mock.lookUp(app.appId, sign);
  if (resCode !== '0') throw new Error(`the mock did not resolve the check's own sign (resCode ${resCode})`);
  return { browser, sign };
}

/**
 * A sign the backend issued, opened with the app's key and sealed again with its timeStamp
 * {@link STALE_MS} back and the same appId, reqId and token, then looked up at the mock; kept
 * with the session that asked for it, so that a backend that binds its signs to a session
 * cookie finds the binding right and only the age is left to refuse. Undefined `sign`: the
 * backend's sign does not open into the app's fields, or the mock does not resolve it.
 */
async function reissuedStale(mock: CheckMock, signUrl: string) {
  const browser = new CheckBrowser(CHECK_APP.appId);
  const { sign } = await browser.sign(signUrl);
  const opened = sign === undefined ? undefined : openSignStrictly(sign, CHECK_APP.aesKey);
  if (!opened?.ok || opened.params.appId !== CHECK_APP.appId) return { browser, sign: undefined };
  const stale = await buildSign(
    { ...opened.params, timeStamp: String(Date.now() - STALE_MS) },
    CHECK_APP.aesKey,
  );
  const found = (await mock.lookUp(CHECK_APP.appId, stale)).resCode === '0';
  return { browser, sign: found ? stale : undefined };
}

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
  const post = (sign: string) => JSON.stringify({ sign });

  // Looked up all at once: each waits on the mock's carrier, not on the others.
  const none = { browser: new CheckBrowser(CHECK_APP.appId), sign: undefined };
  const [good, plain, crossSite, otherApp, stale, staleIssued] = await Promise.all([
    endToEnd ? lookedUp(mock, signUrl) : none,
    endToEnd ? lookedUp(mock, signUrl) : none,
    endToEnd ? lookedUp(mock, signUrl) : none,
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
    const accepted = first >= 200 && first < 300;
    add(
      accepted ? ok('confirm-looked-up') : bad('confirm-looked-up', got(first), HINTS['confirm-looked-up']),
    );
    if (!accepted) {
      add(notRun('confirm-replay', 'needs a confirmed sign'));
    } else {
      const again = await good.browser.confirm(confirmUrl, { body: post(good.sign) });
      add(
        is4xx(again)
          ? ok('confirm-replay')
          : bad(
              'confirm-replay',
              again < 300 ? 'it confirmed the same sign twice' : got(again),
              HINTS['confirm-replay'],
            ),
      );
    }
  }

  const refusal = async (id: ConfirmCheckId, status: Promise<number>, accepted: string) => {
    const code = await status;
    add(is4xx(code) ? ok(id) : bad(id, code < 300 ? accepted : got(code), HINTS[id]));
  };
  await refusal(
    'confirm-other-app',
    otherApp.browser.confirm(confirmUrl, { body: post(otherApp.sign) }),
    `it confirmed a sign of app ${OTHER_APP.appId} (another key) that the provider resolved`,
  );
  // Two stale signs: one the check built (a reqId the backend never issued), and one the backend
  // issued, dated back. A backend that only refuses unknown reqIds passes the first, not the second.
  const builtStatus = await stale.browser.confirm(confirmUrl, { body: post(stale.sign) });
  if (!is4xx(builtStatus)) {
    const detail =
      builtStatus < 300
        ? 'it confirmed a sign dated three minutes ago whose reqId it never issued, with the app’s key and a live token'
        : `${got(builtStatus)} to a sign dated three minutes ago whose reqId it never issued`;
    add(bad('confirm-stale', detail, STALE_NOT_ISSUED_HINT));
  } else if (staleIssued.sign === undefined) {
    add(notRun('confirm-stale', needsSign));
  } else {
    const code = await staleIssued.browser.confirm(confirmUrl, { body: post(staleIssued.sign) });
    const detail =
      code < 300
        ? 'it confirmed a sign it issued, sealed again with timeStamp three minutes back (same appId, reqId and token) and looked up'
        : `${got(code)} to a sign it issued, sealed again with timeStamp three minutes back`;
    add(is4xx(code) ? ok('confirm-stale') : bad('confirm-stale', detail, HINTS['confirm-stale']));
  }

  const junk = new CheckBrowser(CHECK_APP.appId);
  let wrong: string | undefined;
  for (const { what, body } of garbage()) {
    const status = await junk.confirm(confirmUrl, { body });
    if (!is4xx(status)) {
      wrong = `${got(status)} to a ${what}`;
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
