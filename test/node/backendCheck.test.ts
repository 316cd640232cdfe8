import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { OTHER_APP } from '../../src/check/checkMock';
import { type CheckCliIo, checkMain } from '../../src/check/cli';
import { CHECK_IDS } from '../../src/check/results';
import { runBackendCheck } from '../../src/check/runCheck';
import { DEMO_APP } from '../../src/mock/index';
import { backendFor, backends, check, failedIds, line, type Setup } from '../support/checkRun';
import { type PartnerBackend, startPartnerBackend } from '../support/partnerBackend';
import { freePort } from '../support/redisServer';

// `one-tap-phone-mock check` against a partner backend written from docs/backends.md on bare
// node:http + node:crypto (test/support/partnerBackend.ts): right, it passes every check; broken
// one way at a time, exactly the check for that way fails, and its line says what to change.

describe('one-tap-phone-mock check', { timeout: 30_000 }, () => {
  it('passes a backend that does what docs/backends.md says, every check', async () => {
    const report = await check();
    expect(report.results.map((result) => result.id)).toEqual([...CHECK_IDS]);
    expect(report.results.filter((result) => result.status !== 'passed')).toEqual([]);
    expect(report).toMatchObject({ passed: CHECK_IDS.length, failed: 0 });
    // A refusal's line names its status and the code it carried.
    expect(line(report, 'confirm-replay')).toMatch(/^✓ .* \(HTTP 401 SIGN_USED\)$/);
    expect(line(report, 'confirm-binding')).toContain(
      'another session: HTTP 401 SIGN_BOUND_ELSEWHERE; no cookie: HTTP 401 SIGN_BOUND_ELSEWHERE',
    );
    expect(line(report, 'token-failure')).toMatch(/50 × HTTP 502 TOKEN_REFUSED_1/);
  });

  it('fails only "reqIds unique" for a backend that signs every request with one reqId', async () => {
    const report = await check({ fixedReqId: '5450312' });
    expect(failedIds(report)).toEqual(['sign-req-id-unique']);
    expect(line(report, 'sign-req-id-unique')).toMatch(
      /^✗ .*20 signs carried 1 distinct reqId\. Fix: .*random reqId/,
    );
  });

  it('fails only "Cache-Control: no-store" for a backend that sends no cache header', async () => {
    const report = await check({ noCacheHeader: true });
    expect(failedIds(report)).toEqual(['sign-no-store']);
    expect(line(report, 'sign-no-store')).toMatch(
      /Cache-Control: \(none\)\. Fix: Send Cache-Control: no-store/,
    );
  });

  it('fails only the key check, naming the app and its key, for a backend with the wrong key', async () => {
    const report = await check({ aesKey: 'another-16-bytes' });
    expect(failedIds(report)).toEqual(['sign-key']);
    expect(line(report, 'sign-key')).toContain(`key ${DEMO_APP.aesKey}`);
    expect(line(report, 'sign-key')).toMatch(/Fix: Sign with the app's AES key/);
    // The confirm checks that post signs the check builds itself still run: they need no sign of
    // the backend's. The stale check needs one too (a sign it issued, dated back): not checked.
    expect(report.results.filter((result) => result.status === 'passed').map((r) => r.id)).toEqual([
      'sign-body',
      'confirm-other-app',
      'confirm-garbage',
      'slow-bodies',
    ]);
    expect(line(report, 'confirm-stale')).toMatch(/^- .*not checked, needs a sign of the backend/);
  });

  it('fails the sign route of a backend whose provider URL is wrong, pointing at its configuration', async () => {
    const backend = await startPartnerBackend({
      appId: DEMO_APP.appId,
      aesKey: DEMO_APP.aesKey,
      baseUrl: () => 'http://127.0.0.1:9/getphone', // the discard port: nothing listens
    });
    backends.push(backend);
    const report = await runBackendCheck({ signUrl: backend.signUrl, port: 0 });
    expect(failedIds(report)).toEqual(['sign-body']);
    expect(line(report, 'sign-body')).toMatch(
      /it answered HTTP 500 INTERNAL\. Fix: The route failed: .*base URL printed above/,
    );
  });

  it('fails only the appId check for a backend that puts another appId in its sign', async () => {
    const report = await check({ signAppId: 'wozhitest2' });
    expect(failedIds(report)).toEqual(['sign-app-id']);
    expect(line(report, 'sign-app-id')).toMatch(
      /the sign carries appId "wozhitest2", the app is wozhitest\. Fix: Put the appId the provider issued/,
    );
  });

  it('fails only the timeStamp check for a backend whose clock is 90 s slow', async () => {
    const report = await check({ timeStampOffsetMs: -90_000 });
    expect(failedIds(report)).toEqual(['sign-time']);
    expect(line(report, 'sign-time')).toMatch(
      /timeStamp is -9\d s off this machine's clock\. Fix: Use the server clock’s milliseconds/,
    );
  });

  it('fails only the issued-token check for a backend that signs with a token the provider never issued', async () => {
    const report = await check({ forgedToken: 'f'.repeat(32) });
    expect(failedIds(report)).toEqual(['sign-token-issued']);
    expect(line(report, 'sign-token-issued')).toMatch(
      /resCode 2 \(token invalid\).*did not issue that token\. Fix: Get the token from POST \{baseUrl\}\/token/,
    );
  });

  it('fails only the token cache check for a backend that asks for a token on every sign', async () => {
    const report = await check({ noTokenCache: true });
    expect(failedIds(report)).toEqual(['sign-token-cached']);
    expect(line(report, 'sign-token-cached')).toMatch(
      /20 token requests and 20 distinct tokens for 20 signs\. Fix: Cache the token/,
    );
  });

  it('fails only the token-expired check for a backend that never drops its token', async () => {
    const report = await check({ keepExpiredToken: true });
    expect(failedIds(report)).toEqual(['sign-token-expired']);
    expect(line(report, 'sign-token-expired')).toMatch(
      /still carries the token the provider expired\. Fix: On GET …\?reason=token-expired&sign=S, open S/,
    );
  });

  it('fails only the replay check for a confirm route that confirms a sign twice', async () => {
    const report = await check({ confirm: { acceptReplays: true } });
    expect(failedIds(report)).toEqual(['confirm-replay']);
    expect(line(report, 'confirm-replay')).toMatch(
      /it confirmed the same sign twice\. Fix: Remember each confirmed sign/,
    );
  });

  it('fails only the stale check for a confirm route that refuses unknown reqIds but never looks at the age', async () => {
    const report = await check({ confirm: { noAgeCheck: true } });
    expect(failedIds(report)).toEqual(['confirm-stale']);
    expect(line(report, 'confirm-stale')).toMatch(
      /it confirmed a sign it issued, sealed again with timeStamp three minutes back .*\. Fix: Refuse a sign whose timeStamp is older than 2 minutes, even when you issued its reqId/,
    );
  });

  it('fails only the other-app check for a confirm route that also takes another app’s signs on the provider’s word', async () => {
    const report = await check({ confirm: { acceptOtherApp: OTHER_APP } });
    expect(failedIds(report)).toEqual(['confirm-other-app']);
    expect(line(report, 'confirm-other-app')).toMatch(
      /it confirmed a sign of app checkotherapp .*\. Fix: Open the sign with your own key and refuse \(4xx\)/,
    );
  });

  it('fails only the garbage check for a confirm route that answers 500 to a body that is not JSON', async () => {
    const report = await check({ confirm: { crashOnGarbage: true } });
    expect(failedIds(report)).toEqual(['confirm-garbage']);
    expect(line(report, 'confirm-garbage')).toMatch(
      /it answered HTTP 500 INTERNAL to a body that is not JSON\. Fix: Validate the body before anything else/,
    );
  });

  it('fails only the text/plain check for a confirm route that reads any body as JSON', async () => {
    const report = await check({ confirm: { acceptTextPlain: true } });
    expect(failedIds(report)).toEqual(['confirm-text-plain']);
    expect(line(report, 'confirm-text-plain')).toMatch(/posted as text\/plain\. Fix: Answer 415/);
  });

  it('fails only the cross-site check for a confirm route that takes a post from any site', async () => {
    const report = await check({ confirm: { acceptCrossSite: true } });
    expect(failedIds(report)).toEqual(['confirm-cross-site']);
    expect(line(report, 'confirm-cross-site')).toMatch(/Fix: Answer 403 when Sec-Fetch-Site is cross-site/);
  });
});

/** checkMain with its output captured; the backend is pointed at the mock once the banner is out. */
async function cli(setup: Setup, args: (backend: PartnerBackend) => string[]) {
  const { backend, setBaseUrl } = await backendFor(setup);
  let out = '';
  let err = '';
  const io: CheckCliIo = {
    out: (text) => {
      out += text;
      const baseUrl = /^ {2}baseUrl +(\S+)$/m.exec(out)?.[1];
      if (baseUrl) setBaseUrl(baseUrl);
    },
    err: (text) => (err += text),
  };
  const code = await checkMain([...args(backend), '--port', '0'], io);
  return { code, out, err, lines: out.trimEnd().split('\n') };
}

describe('one-tap-phone-mock check, the command', { timeout: 30_000 }, () => {
  it('exits 1 naming reqId, no-store and the expired token, and nothing else, for a backend as the provider document writes it', async () => {
    const { code, lines } = await cli(
      { fixedReqId: '5450312', noCacheHeader: true, keepExpiredToken: true, confirm: false },
      (backend) => ['--sign-url', backend.signUrl],
    );
    expect(code).toBe(1);
    const crosses = lines.filter((text) => text.startsWith('✗'));
    expect(crosses).toHaveLength(3);
    expect(crosses[0]).toContain('reqIds unique');
    expect(crosses[1]).toContain('Cache-Control: no-store');
    expect(crosses[2]).toContain('token-expired report');
    // The sign itself is right: it opens, holds the four fields, and resolves end to end.
    for (const title of [
      'sign the client accepts',
      'opens with the app’s AES key',
      'exactly appId',
      'end to end',
    ])
      expect(lines.find((text) => text.includes(title))).toMatch(/^✓/);
    expect(lines.filter((text) => text.startsWith('- confirm:'))).toHaveLength(9);
    expect(lines.at(-1)).toBe('8 passed, 3 failed');
  });

  it('exits 1 naming the key for a backend with the wrong key', async () => {
    const { code, lines } = await cli({ aesKey: 'another-16-bytes' }, (backend) => [
      '--sign-url',
      backend.signUrl,
      '--confirm-url',
      backend.confirmUrl,
    ]);
    expect(code).toBe(1);
    expect(lines.filter((text) => text.startsWith('✗'))).toEqual([
      expect.stringContaining(`key ${DEMO_APP.aesKey}`),
    ]);
    expect(lines.at(-1)).toBe('4 passed, 1 failed');
  });

  it('exits 0 with --json, the report alone on stdout and the credentials on stderr', async () => {
    const { backend, setBaseUrl } = await backendFor();
    let out = '';
    let err = '';
    const code = await checkMain(
      ['--sign-url', backend.signUrl, '--confirm-url', backend.confirmUrl, '--port', '0', '--json'],
      {
        out: (text) => (out += text),
        err: (text) => {
          err += text;
          const baseUrl = /^ {2}baseUrl +(\S+)$/m.exec(err)?.[1];
          if (baseUrl) setBaseUrl(baseUrl);
        },
      },
    );
    expect(code).toBe(0);
    expect(err).toContain(`aesKey   ${DEMO_APP.aesKey}`);
    const report = JSON.parse(out) as {
      passed: number;
      failed: number;
      checks: { id: string; status: string }[];
    };
    expect(report).toMatchObject({ passed: CHECK_IDS.length, failed: 0 });
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
  });

  it('docs/backends.md lists every check by its id, in the order they run, and exit status 3', () => {
    const docs = readFileSync(new URL('../../docs/backends.md', import.meta.url), 'utf8');
    const section = docs.slice(docs.indexOf('## Check your backend'), docs.indexOf('### In CI'));
    expect([...section.matchAll(/^\| `([a-z][a-z-]+)` \|/gm)].map((match) => match[1])).toEqual([
      ...CHECK_IDS,
    ]);
    expect(section).toContain("3 when the mock's\nport is in use");
  });

  it('--help names every flag, and a missing --sign-url is a usage error (exit 2)', async () => {
    let help = '';
    expect(await checkMain(['--help'], { out: (text) => (help += text), err: () => {} })).toBe(0);
    for (const flag of ['--sign-url', '--confirm-url', '--port', 'default 4010', '--json', '--help'])
      expect(help).toContain(flag);
    let err = '';
    expect(await checkMain(['--port', '4010'], { out: () => {}, err: (text) => (err += text) })).toBe(2);
    expect(err).toMatch(/^one-tap-phone-mock check: --sign-url is required/);
  });

  it('exits 3 for a port in use, naming the port and --port 0, not 2 (a usage error)', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };
    let err = '';
    try {
      const code = await checkMain(['--sign-url', 'http://127.0.0.1:9/sign', '--port', String(port)], {
        out: () => {},
        err: (text) => (err += text),
      });
      expect(code).toBe(3);
    } finally {
      taken.close();
    }
    expect(err).toBe(
      `one-tap-phone-mock check: Port ${port} is in use, so the mock Yuefu cannot listen there. Stop what listens on it, or pass --port 0 to let the mock pick a free port.\n`,
    );
  });

  it('says "connection refused" at once while nothing listens, then checks the backend that starts there', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    let baseUrl = '';
    let out = '';
    let started: Promise<PartnerBackend> | undefined;
    const code = await checkMain(
      ['--sign-url', `${origin}/sign`, '--confirm-url', `${origin}/confirm`, '--port', '0'],
      {
        out: (text) => {
          out += text;
          baseUrl = /^ {2}baseUrl +(\S+)$/m.exec(out)?.[1] ?? baseUrl;
          // The backend starts only once the wait has said why it waits.
          if (out.includes('connection refused') && !started) {
            started = startPartnerBackend({
              appId: DEMO_APP.appId,
              aesKey: DEMO_APP.aesKey,
              baseUrl: () => baseUrl,
              confirm: {},
              port,
            });
            started.then((backend) => backends.push(backend));
          }
        },
        err: () => {},
      },
    );
    expect(out).toContain(
      `Waiting up to 30 s for ${origin}/sign to answer: connection refused (nothing listens at 127.0.0.1:${port}).\n`,
    );
    expect(out).toMatch(/^Mock Yuefu listening on http:\/\/127\.0\.0\.1:(\d+)\/getphone \(port \1\)\./m);
    expect(code).toBe(0);
  });

  it('fails the sign route with the reason when the wait ends and nothing listened', async () => {
    const port = await freePort();
    const reasons: string[] = [];
    const report = await runBackendCheck({
      signUrl: `http://127.0.0.1:${port}/sign`,
      port: 0,
      waitMs: 1000,
      onWaiting: (reason) => reasons.push(reason),
    });
    expect(reasons).toEqual([`connection refused (nothing listens at 127.0.0.1:${port})`]);
    expect(failedIds(report)).toEqual(['sign-body']);
    expect(line(report, 'sign-body')).toMatch(
      new RegExp(
        `did not answer within 1 s: connection refused \\(nothing listens at 127\\.0\\.0\\.1:${port}\\)\\. Fix: Start the backend, .*\\.$`,
      ),
    );
    expect(report.results.filter((result) => result.status === 'skipped')).toHaveLength(CHECK_IDS.length - 1);
  });
});
