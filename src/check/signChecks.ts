// The sign route's checks: twenty signs as twenty page loads would ask for them, each opened
// as the provider opens it, then one looked up end to end at the mock.
import { CheckBrowser, type SignAnswer } from './browser.js';
import { CHECK_APP, type CheckMock } from './checkMock.js';
import { type CheckResult, failed, passed, type SignCheckId, skipped } from './results.js';
import { openSignStrictly } from './signOpen.js';

const SIGNS = 20;
const MASKED_DEMO_PHONE = '134****8682';
const DOCS = 'docs/backends.md';

/** What each sign check's line says a passing backend does. */
export const SIGN_TITLES = {
  'sign-body': 'sign: answers GET ?appId=… with a sign the client accepts',
  'sign-key': 'sign: opens with the app’s AES key',
  'sign-fields': 'sign: holds exactly appId, reqId, timeStamp, token, compact JSON in ASCII order',
  'sign-app-id': 'sign: appId is the app’s',
  'sign-time': 'sign: timeStamp is now, in milliseconds (within a minute)',
  'sign-req-id-unique': `sign: reqIds unique over ${SIGNS} signs`,
  'sign-token-issued': 'sign: its token is one the provider issued',
  'sign-token-cached': `sign: token cached (at most 1 token request for ${SIGNS} signs)`,
  'sign-no-store': 'sign: answered with Cache-Control: no-store',
  'sign-end-to-end': 'sign: works end to end (getphone, query, resCode 0)',
  'sign-token-expired':
    'sign: after the provider expires the token, a token-expired report gets a live token',
} satisfies Record<SignCheckId, string>;

const ok = (id: SignCheckId, detail?: string) => passed(id, SIGN_TITLES[id], detail);
const bad = (id: SignCheckId, detail: string, hint: string) => failed(id, SIGN_TITLES[id], detail, hint);
const notRun = (id: SignCheckId, detail: string) => skipped(id, SIGN_TITLES[id], detail);

/** What the later checks need from the sign checks. */
export interface SignOutcome {
  results: CheckResult[];
  /** Whether a backend sign was looked up to resCode 0: the confirm checks need that. */
  endToEnd: boolean;
  /** Whether the backend's signs open with the key, with the app's appId: the expiry check needs that. */
  opens: boolean;
  /** Whether their token is one the provider issued: the expiry check needs that too. */
  tokenIssued: boolean;
}

const hasNoStore = (value: string | null) =>
  (value ?? '')
    .toLowerCase()
    .split(',')
    .some((directive) => directive.trim() === 'no-store');

/** Runs the sign route's checks; `emit` is told of each result as it is known. */
export async function checkSign(
  mock: CheckMock,
  signUrl: string,
  emit: (result: CheckResult) => void,
): Promise<SignOutcome> {
  const results: CheckResult[] = [];
  const add = (result: CheckResult) => {
    results.push(result);
    emit(result);
  };
  const skipRest = (ids: SignCheckId[], why: string) => {
    for (const id of ids) add(notRun(id, why));
  };
  const later: SignCheckId[] = [
    'sign-req-id-unique',
    'sign-token-issued',
    'sign-token-cached',
    'sign-no-store',
    'sign-end-to-end',
  ];

  const browser = new CheckBrowser(CHECK_APP.appId);
  const tokensBefore = mock.tokenRequests();
  const answers: SignAnswer[] = [];
  for (let i = 0; i < SIGNS; i++) answers.push(await browser.sign(signUrl));
  const tokenRequests = mock.tokenRequests() - tokensBefore;

  const refused = answers.find((answer) => answer.sign === undefined);
  if (refused) {
    const count = answers.filter((answer) => answer.sign !== undefined).length;
    add(
      bad(
        'sign-body',
        `${count} of ${SIGNS} answers held a sign; one was refused: ${refused.problem}`,
        refused.status >= 500
          ? `The route failed: configure the backend with the appId, AES key and base URL printed above, and make sure its token request (POST {baseUrl}/token, form body appId=…) works (${DOCS}, "The token").`
          : `Answer GET ${signUrl}?appId=${CHECK_APP.appId} with HTTP 200 and {"sign":"…"} (or the sign as plain text, or a JSON string), under 1 KB (${DOCS}, "The sign route").`,
      ),
    );
    skipRest(['sign-key', 'sign-fields', 'sign-app-id', 'sign-time', ...later], 'no sign to check');
    return { results, endToEnd: false, opens: false, tokenIssued: false };
  }
  add(ok('sign-body'));
  const signs = answers.map((answer) => answer.sign as string);

  const opened = signs.map((sign) => openSignStrictly(sign, CHECK_APP.aesKey));
  const first = opened[0];
  if (!first?.ok && first?.step === 'key') {
    add(
      bad(
        'sign-key',
        `the sign ${first.why} (appId ${CHECK_APP.appId}, key ${CHECK_APP.aesKey})`,
        `Sign with the app's AES key as printed above: its 16 UTF-8 bytes as the AES-128 key, ECB mode, PKCS#7 padding, then standard Base64 with = padding (${DOCS}, "The sign"; the test vector there).`,
      ),
    );
    skipRest(['sign-fields', 'sign-app-id', 'sign-time', ...later], 'needs a sign that opens with the key');
    return { results, endToEnd: false, opens: false, tokenIssued: false };
  }
  add(ok('sign-key'));
  if (!first?.ok) {
    add(
      bad(
        'sign-fields',
        `the sign opens, but ${first?.why}`,
        `Serialize {"appId":…,"reqId":…,"timeStamp":…,"token":…}: four string values, keys in ASCII order, no whitespace, as Java's TreeMap + Gson write it (${DOCS}, "The sign").`,
      ),
    );
    skipRest(['sign-app-id', 'sign-time', ...later], 'needs a sign holding the four fields');
    return { results, endToEnd: false, opens: false, tokenIssued: false };
  }
  add(ok('sign-fields'));
  const params = opened.flatMap((open) => (open.ok ? [open.params] : []));
  const { appId, timeStamp } = first.params;

  const appIdRight = appId === CHECK_APP.appId;
  add(
    appIdRight
      ? ok('sign-app-id')
      : bad(
          'sign-app-id',
          `the sign carries appId ${JSON.stringify(appId)}, the app is ${CHECK_APP.appId}`,
          `Put the appId the provider issued (${CHECK_APP.appId} for the mock) in the sign.`,
        ),
  );

  const skew = Number(timeStamp) - Date.now();
  add(
    /^\d{13}$/.test(timeStamp) && Math.abs(skew) <= 60_000
      ? ok('sign-time')
      : bad(
          'sign-time',
          /^\d{10}$/.test(timeStamp)
            ? `timeStamp ${timeStamp} is in seconds`
            : /^\d+$/.test(timeStamp)
              ? `timeStamp is ${Math.round(skew / 1000)} s off this machine's clock`
              : 'timeStamp is not digits',
          'Use the server clock’s milliseconds since the epoch, as a decimal string (Java System.currentTimeMillis(), Python int(time.time() * 1000)).',
        ),
  );

  const reqIds = new Set(params.map((p) => p.reqId));
  add(
    reqIds.size === params.length
      ? ok('sign-req-id-unique')
      : bad(
          'sign-req-id-unique',
          `${params.length} signs carried ${reqIds.size} distinct reqId${reqIds.size === 1 ? '' : 's'}`,
          `Make a new random reqId for every sign (at least 64 random bits, e.g. 30 digits from a CSPRNG), never a constant like the document's example: confirm tells signs apart by it (${DOCS}, "reqId").`,
        ),
  );

  if (!appIdRight) {
    skipRest(later.slice(1), 'needs the app’s appId in the sign');
    return { results, endToEnd: false, opens: false, tokenIssued: false };
  }

  const lastSign = signs[signs.length - 1] as string;
  const known = await mock.query(CHECK_APP.appId, lastSign);
  const tokenIssued = known.resCode !== '2';
  add(
    tokenIssued
      ? ok('sign-token-issued')
      : bad(
          'sign-token-issued',
          'the provider answers resCode 2 (token invalid) to a query with the sign: it did not issue that token',
          `Get the token from POST {baseUrl}/token with the form body appId=…, from the base URL printed above, and sign with its message field (${DOCS}, "The token").`,
        ),
  );

  const tokens = new Set(params.map((p) => p.token));
  add(
    tokenRequests <= 1 && tokens.size === 1
      ? ok('sign-token-cached', `${tokenRequests} token request${tokenRequests === 1 ? '' : 's'}`)
      : bad(
          'sign-token-cached',
          `${tokenRequests} token requests and ${tokens.size} distinct tokens for ${SIGNS} signs`,
          `Cache the token (about 29 minutes, less if the provider reports it expired) in memory or Redis, one fetch at a time: the provider limits token requests (${DOCS}, "The token").`,
        ),
  );

  const cached = answers.find((answer) => !hasNoStore(answer.cacheControl));
  add(
    cached === undefined
      ? ok('sign-no-store')
      : bad(
          'sign-no-store',
          `an answer came with Cache-Control: ${cached.cacheControl ?? '(none)'}`,
          'Send Cache-Control: no-store with every sign: a cached sign is one another page load (or another user behind a proxy) would reuse.',
        ),
  );

  if (!tokenIssued) {
    // Its lookup could only end in the same resCode 2: one ✗ for one fault.
    add(notRun('sign-end-to-end', 'needs a token the provider issued'));
    return { results, endToEnd: false, opens: true, tokenIssued };
  }
  const lookup = await mock.lookUp(CHECK_APP.appId, lastSign);
  const endToEnd = lookup.resCode === '0' && lookup.phone === MASKED_DEMO_PHONE;
  add(
    endToEnd
      ? ok('sign-end-to-end')
      : bad(
          'sign-end-to-end',
          `getphone and query with the sign ended in resCode ${lookup.resCode}`,
          lookup.resCode === '2'
            ? 'The provider refused the sign (resCode 2): sign with a live token of this provider.'
            : `The provider could not resolve it: see the checks above (${DOCS}).`,
        ),
  );
  return { results, endToEnd, opens: true, tokenIssued };
}
