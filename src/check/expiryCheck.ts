// The token-expired report: the provider expires the token the backend cached, the client's
// next sign request says so with the refused sign, and the backend must answer with a sign on
// a live token. Last of all the checks: it leaves the backend's token dead if it fails.
import { CheckBrowser } from './browser.js';
import { CHECK_APP, type CheckMock } from './checkMock.js';
import { type CheckResult, failed, passed, skipped } from './results.js';
import { SIGN_TITLES, type SignOutcome } from './signChecks.js';
import { openSignStrictly } from './signOpen.js';

const ID = 'sign-token-expired';
const HINT =
  'On GET …?reason=token-expired&sign=S, open S with your key; if it is a sign you issued on the token you cache, query the provider with it (GET {baseUrl}/query?appId=…&sign=S), and on resCode 2 drop the cached token and fetch a new one before signing (docs/backends.md, "When the client reports an expired token").';

/**
 * Runs the check; skipped unless the backend's signs open with the key and carry a token the
 * provider issued (a token never live cannot be shown to expire).
 */
export async function checkTokenExpired(
  mock: CheckMock,
  signUrl: string,
  sign: Pick<SignOutcome, 'opens' | 'tokenIssued'>,
): Promise<CheckResult> {
  const title = SIGN_TITLES[ID];
  if (!sign.opens) return skipped(ID, title, 'needs a sign that opens with the key, with the app’s appId');
  if (!sign.tokenIssued) return skipped(ID, title, 'needs a token the provider issued');
  const browser = new CheckBrowser(CHECK_APP.appId);
  const before = await browser.sign(signUrl);
  if (before.sign === undefined)
    return failed(ID, title, `the sign route answered no sign: ${before.problem}`, HINT);

  mock.expireTokens();
  const refused = await mock.query(CHECK_APP.appId, before.sign);
  if (refused.resCode !== '2')
    throw new Error(`the mock did not expire the token (resCode ${refused.resCode})`);

  const after = await browser.sign(signUrl, { reason: 'token-expired', sign: before.sign });
  if (after.sign === undefined) return failed(ID, title, `the report got no sign: ${after.problem}`, HINT);
  const opened = openSignStrictly(after.sign, CHECK_APP.aesKey);
  const live = (await mock.query(CHECK_APP.appId, after.sign)).resCode !== '2';
  if (live) return passed(ID, title);
  const oldToken = openSignStrictly(before.sign, CHECK_APP.aesKey);
  const same = opened.ok && oldToken.ok && opened.params.token === oldToken.params.token;
  return failed(
    ID,
    title,
    same
      ? 'the sign after the report still carries the token the provider expired'
      : 'the sign after the report carries a token the provider refuses',
    HINT,
  );
}
