// confirm-binding and confirm-query-budget: a sign read by a script on the page (or anyone who
// holds it) confirms for nobody but the session it was issued to, and posting it again and again
// costs the partner at most three provider queries.
import { CheckBrowser, type ConfirmAnswer, httpStatus } from './browser.js';
import { CHECK_APP, type CheckMock } from './checkMock.js';
import { got } from './confirmChecks.js';
import { backendSign } from './confirmSigns.js';
import { bad, LIMITS, notRun, ok, plural } from './contract.js';
import type { CheckResult } from './results.js';

const is2xx = ({ status }: ConfirmAnswer) => status >= 200 && status < 300;
const is4xx = ({ status }: ConfirmAnswer) => status >= 400 && status < 500;
const post = (sign: string) => ({ body: JSON.stringify({ sign }) });
const NEEDS_SIGN = 'needs a sign of the backend that resolves at the provider (see the sign checks)';

/**
 * Two looked-up signs, each posted from a session that is not the one that asked for it: one
 * that has signed once (so it brings the backend's cookie, only not this sign's), one with no
 * cookie at all. Then the first sign's own session confirms it: a refused stranger must not
 * have spent the user's login.
 */
async function binding(mock: CheckMock, signUrl: string, confirmUrl: string): Promise<CheckResult> {
  const id = 'confirm-binding';
  const other = new CheckBrowser(CHECK_APP.appId);
  const [stolen, bare] = await Promise.all([
    backendSign(mock, signUrl),
    backendSign(mock, signUrl),
    other.sign(signUrl),
  ]);
  if (stolen.sign === undefined || bare.sign === undefined) return notRun(id, NEEDS_SIGN);
  // The ✗ for a stranger's post that was not refused; undefined when it was (4xx).
  const notRefused = (answer: ConfirmAnswer, posted: string) =>
    is4xx(answer)
      ? undefined
      : bad(id, `${is2xx(answer) ? 'it confirmed' : `${got(answer)} to`} a sign posted ${posted}`);
  const fromOther = await other.confirm(confirmUrl, post(stolen.sign));
  const otherFault = notRefused(fromOther, 'from another session (another cookie jar, which had signed too)');
  if (otherFault) return otherFault;
  const noCookie = await new CheckBrowser(CHECK_APP.appId).confirm(confirmUrl, post(bare.sign));
  const bareFault = notRefused(noCookie, 'with no cookie');
  if (bareFault) return bareFault;
  const own = await stolen.browser.confirm(confirmUrl, post(stolen.sign));
  if (!is2xx(own))
    return bad(
      id,
      `it refused the sign from another session, then ${own.status === 0 ? 'did not answer' : `answered ${httpStatus(own)}`} to the sign's own session`,
      'Check the binding before you claim the sign or query the provider: a post from another session must leave the sign confirmable by its own.',
    );
  return ok(id, `another session: ${httpStatus(fromOther)}; no cookie: ${httpStatus(noCookie)}`);
}

/** One sign never looked up (the carrier never resolves it), posted again and again from its own session. */
async function queryBudget(mock: CheckMock, signUrl: string, confirmUrl: string): Promise<CheckResult> {
  const id = 'confirm-query-budget';
  const { browser, sign } = await backendSign(mock, signUrl, false);
  if (sign === undefined) return notRun(id, NEEDS_SIGN);
  const before = mock.queries();
  let last: ConfirmAnswer = { status: 0 };
  for (let i = 0; i < LIMITS.confirms; i++) last = await browser.confirm(confirmUrl, post(sign));
  const spent = mock.queries() - before;
  const seen = `${plural(spent, 'provider query', 'provider queries')}; the last confirm got ${httpStatus(last)}`;
  return spent <= LIMITS.queriesPerSign
    ? ok(id, seen)
    : bad(id, `${LIMITS.confirms} confirms of one sign that never resolves cost ${seen}`);
}

/** Runs confirm-binding, then confirm-query-budget; `emit` is told of each. */
export async function checkBindingAndBudget(
  mock: CheckMock,
  signUrl: string,
  confirmUrl: string,
  before: { endToEnd: boolean; uniqueReqIds: boolean },
  emit: (result: CheckResult) => void,
): Promise<void> {
  if (!before.endToEnd) {
    emit(notRun('confirm-binding', NEEDS_SIGN));
    emit(notRun('confirm-query-budget', NEEDS_SIGN));
    return;
  }
  // Signs are told apart, and bound, by their reqId: with one for all, no sign can be bound.
  emit(
    before.uniqueReqIds
      ? await binding(mock, signUrl, confirmUrl)
      : notRun('confirm-binding', 'needs a new reqId for every sign (see sign-req-id-unique)'),
  );
  emit(await queryBudget(mock, signUrl, confirmUrl));
}
