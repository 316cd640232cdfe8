// report-budget: a token-expired report costs a provider query, and anyone can send one; a
// backend asks about its cached token at most once per 5 s however many arrive. The reports all
// carry the binding of the sign they report (its session's cookie as it was), so a backend that
// binds reports still has to hold the line by its cooldown. Last of the checks: its cooldown
// would keep a following report of the same token from being checked.
import { CheckBrowser } from './browser.js';
import { CHECK_APP, type CheckMock } from './checkMock.js';
import { bad, LIMITS, notRun, ok, plural } from './contract.js';
import type { CheckResult } from './results.js';
import type { SignOutcome } from './signChecks.js';

const ID = 'report-budget';

/** Runs report-budget with a sign on a live token; skipped when there is none to report. */
export async function checkReportBudget(
  mock: CheckMock,
  signUrl: string,
  sign: Pick<SignOutcome, 'opens' | 'tokenIssued'>,
): Promise<CheckResult> {
  if (!sign.opens) return notRun(ID, 'needs a sign that opens with the key, with the app’s appId');
  if (!sign.tokenIssued) return notRun(ID, 'needs a token the provider issued');
  const browser = new CheckBrowser(CHECK_APP.appId);
  const reported = (await browser.sign(signUrl)).sign;
  if (reported === undefined) return notRun(ID, 'the sign route gave no sign to report');
  if ((await mock.query(CHECK_APP.appId, reported)).resCode === '2')
    return notRun(ID, 'needs a sign on a live token, and the provider refuses its token');

  const before = mock.queries();
  const started = performance.now();
  for (let i = 0; i < LIMITS.reports; i++)
    await browser.sign(signUrl, { reason: 'token-expired', sign: reported, remember: false });
  const elapsedMs = performance.now() - started;
  const spent = mock.queries() - before;
  // One query per 5 s window the reports took: 50 reports take well under 5 s on loopback.
  const allowed = Math.ceil(Math.max(elapsedMs, 1) / LIMITS.reportWindowMs);
  const seen = `${LIMITS.reports} reports in ${(elapsedMs / 1000).toFixed(1)} s cost ${plural(spent, 'provider query', 'provider queries')}`;
  return spent <= allowed ? ok(ID, seen) : bad(ID, `${seen} (${allowed} allowed)`);
}
