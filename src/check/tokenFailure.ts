// token-failure: while the provider refuses tokens (an app disabled, a server IP not on its
// whitelist), every sign request fails; a backend that asks again for each one lets any client
// drive the provider's token endpoint at its own rate, and that is how a partner's IP gets
// blocked. It runs after sign-token-expired: a token-expired report is the one way the check can
// make a backend drop its cached token and ask for a new one.
import { CheckBrowser, httpStatus, type SignAnswer } from './browser.js';
import { CHECK_APP, type CheckMock } from './checkMock.js';
import { bad, LIMITS, notRun, ok, plural } from './contract.js';
import type { CheckResult } from './results.js';

const ID = 'token-failure';
/** How long a backend may take to sign again once the provider issues tokens again. */
const RECOVER_MS = 5000;

/** Polls the sign route until it answers a sign; whether one came within `ms`. */
async function signsAgain(signUrl: string, ms: number): Promise<boolean> {
  const browser = new CheckBrowser(CHECK_APP.appId);
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if ((await browser.sign(signUrl, { timeoutMs: 2000 })).sign !== undefined) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** What the sign requests answered, by status and code, most frequent first: `50 × HTTP 502 IP_NOT_WHITELISTED`. */
function tally(answers: readonly SignAnswer[]): string {
  const counts = new Map<string, number>();
  for (const answer of answers) {
    const seen = answer.status === 0 ? 'no answer' : httpStatus(answer);
    counts.set(seen, (counts.get(seen) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([seen, count]) => `${count} × ${seen}`)
    .join(', ');
}

/**
 * Runs token-failure: a sign, every token expired and token requests refused, a report of that
 * sign (the backend drops its token and asks for one), then 50 sign requests. The mock issues
 * tokens again before it resolves, and the backend must sign again within 5 s.
 */
export async function checkTokenFailure(
  mock: CheckMock,
  signUrl: string,
  before: { expiry: CheckResult; cached: boolean },
): Promise<CheckResult> {
  // Without a token cache each sign asks for a token anyway: one ✗ (sign-token-cached) for one fault.
  if (!before.cached) return notRun(ID, 'needs a backend that caches its token (sign-token-cached)');
  if (before.expiry.status !== 'passed')
    return notRun(ID, 'needs a backend that drops an expired token on a report (sign-token-expired)');
  const browser = new CheckBrowser(CHECK_APP.appId);
  const first = await browser.sign(signUrl);
  if (first.sign === undefined) return bad(ID, `the sign route gave no sign to start from: ${first.problem}`);

  const tokensBefore = mock.tokenRequests();
  const answers: SignAnswer[] = [];
  let slowest = 0;
  mock.expireTokens();
  mock.refuseTokens(true);
  try {
    await browser.sign(signUrl, { reason: 'token-expired', sign: first.sign });
    for (let i = 0; i < LIMITS.signsWhileRefused; i++) {
      const started = performance.now();
      answers.push(await browser.sign(signUrl, { timeoutMs: 5000 }));
      slowest = Math.max(slowest, performance.now() - started);
    }
  } finally {
    mock.refuseTokens(false);
  }
  const spent = mock.tokenRequests() - tokensBefore;
  const recovered = await signsAgain(signUrl, RECOVER_MS);

  const requests = `${plural(spent, 'token request')} for the report and ${LIMITS.signsWhileRefused} sign requests`;
  const signed = answers.filter((answer) => answer.sign !== undefined).length;
  const answered = `they answered ${tally(answers)}, the slowest in ${Math.round(slowest)} ms`;
  if (spent === 0)
    return bad(
      ID,
      `the report made it ask for no token, and ${answered}: it kept the token the provider expired`,
    );
  if (signed > 0)
    return bad(
      ID,
      `${signed} of the sign requests got a sign while the provider refused every token (${requests})`,
    );
  if (spent > LIMITS.tokenRequestsWhileRefused) return bad(ID, `${requests}; ${answered}`);
  if (slowest > LIMITS.fastMs || answers.some((answer) => answer.status === 0))
    return bad(ID, `${requests}, but ${answered}`);
  if (!recovered)
    return bad(
      ID,
      `${requests}, but once the provider issued tokens again it gave no sign within ${RECOVER_MS / 1000} s`,
      'Remember a failed token request for a few seconds only (2 s), then ask the provider again.',
    );
  return ok(ID, `${requests}; ${answered}`);
}
