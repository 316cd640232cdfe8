import { describe, expect, it } from 'vitest';
import { runBackendCheck } from '../../src/check/runCheck';
import { DEMO_APP } from '../../src/mock/index';
import { backends, check, failedIds, line } from '../support/checkRun';
import { startLibraryBackend } from '../support/libraryBackend';

// The contract's checks beside the routes' (docs/backends.md): binding, a sign's query budget,
// the report cooldown, a failed token request remembered, slow clients. The reference backend
// broken one of those ways fails exactly that check; the Node library passes them all. Apart
// from backendCheck.test.ts so the two files run side by side: each full run waits about 2 s
// for a backend to forget a failed token request.

describe('one-tap-phone-mock check, the contract beside the routes', { timeout: 30_000 }, () => {
  it('passes the Node library (one-tap-phone/server, bound by its bindingCookie) on every check', async () => {
    const backend = await startLibraryBackend(DEMO_APP);
    backends.push(backend);
    const report = await runBackendCheck({
      signUrl: backend.signUrl,
      confirmUrl: backend.confirmUrl,
      port: 0,
      onMockReady: (mock) => backend.configure(mock.baseUrl),
    });
    expect(report.results.filter((result) => result.status !== 'passed')).toEqual([]);
    // Its failed-token memory answers the 50 at once with the error the token request got.
    expect(line(report, 'token-failure')).toMatch(/1 token request .*50 × HTTP 502 IP_NOT_WHITELISTED/);
  });

  it('fails only the binding check for a backend that binds no sign to its session', async () => {
    const report = await check({ noBinding: true });
    expect(failedIds(report)).toEqual(['confirm-binding']);
    expect(line(report, 'confirm-binding')).toMatch(
      /it confirmed a sign posted from another session .*\. Fix: Set a fresh random id .* HttpOnly cookie/,
    );
  });

  it('fails only the binding check for a confirm route that marks a sign used before it checks the binding', async () => {
    const report = await check({ confirm: { claimBeforeBinding: true } });
    expect(failedIds(report)).toEqual(['confirm-binding']);
    expect(line(report, 'confirm-binding')).toMatch(
      /it refused the sign from another session, then answered HTTP 401 SIGN_USED to the sign's own session\. Fix: Check the binding before you claim the sign/,
    );
  });

  it('fails only the query budget for a confirm route that asks the provider on every confirm', async () => {
    const report = await check({ noQueryBudget: true });
    expect(failedIds(report)).toEqual(['confirm-query-budget']);
    expect(line(report, 'confirm-query-budget')).toMatch(
      /10 confirms of one sign that never resolves cost 10 provider queries; the last confirm got HTTP 401 RESULT_UNAVAILABLE\. Fix: Count the provider queries each sign/,
    );
  });

  it('fails only the report budget for a sign route that checks every report with the provider', async () => {
    // Its per-sign budget still holds the 50 reports to 3 queries: the cooldown is what allows 1.
    const report = await check({ noReportCooldown: true });
    expect(failedIds(report)).toEqual(['report-budget']);
    expect(line(report, 'report-budget')).toMatch(
      /50 reports in \d+\.\d s cost 3 provider queries \(1 allowed\)\. Fix: Ask the provider about a reported token at most once per 5 s/,
    );
  });

  it('fails only the token-failure check for a sign route that asks for a token again on every request after one failed', async () => {
    const report = await check({ noFailedTokenMemory: true });
    expect(failedIds(report)).toEqual(['token-failure']);
    expect(line(report, 'token-failure')).toMatch(
      /51 token requests for the report and 50 sign requests; they answered 50 × HTTP 502 TOKEN_REFUSED_1, .*\. Fix: Remember a failed token request for 2 s/,
    );
  });

  it('fails only the slow-bodies check for a backend on a fixed pool of 8 workers that wait for bodies', async () => {
    const report = await check({ workerPool: 8 });
    expect(failedIds(report)).toEqual(['slow-bodies']);
    expect(line(report, 'slow-bodies')).toMatch(
      /with 16 posts stalled mid-body, a sign request got no answer within 2 s\. Fix: Read request bodies with a timeout/,
    );
  });
});
