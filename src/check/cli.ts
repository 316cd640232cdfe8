// `one-tap-phone-mock check`: the command line over runBackendCheck. Exit 0 only when nothing
// failed, so a partner's CI can run it; 2 for a usage error, as the mock's own flags do; 3 when
// the mock's port is taken, which no change of flags but the port fixes.
import { parseArgs } from 'node:util';
import { PortInUseError } from './checkMock.js';
import { formatResult, formatSummary } from './results.js';
import { type BackendCheckReport, type MockCredentials, runBackendCheck } from './runCheck.js';

const CHECK_HELP = `one-tap-phone-mock check: tests a partner's sign and confirm routes against a mock Yuefu

Usage: one-tap-phone-mock check --sign-url <url> [--confirm-url <url>] [--port <n>] [--json]

  --sign-url <url>     the backend's sign route (GET ?appId=… answers a sign), e.g.
                       http://localhost:3000/api/one-tap/sign (required)
  --confirm-url <url>  the backend's confirm route (POST application/json {"sign":"…"});
                       without it the confirm checks are not run
  --port <n>           where the mock Yuefu listens (default 4010; 0 picks a free one)
  --json               print one JSON report on stdout (the credentials go to stderr)
  -h, --help           this text

It starts the mock on 127.0.0.1, prints the demo app the backend must be configured with
(appId, AES key, base URL with the port), waits up to 30 s for the sign route to answer
(saying why it does not yet, e.g. "connection refused"), then checks:

  sign      a sign the client accepts; opens with the app's key into exactly appId, reqId,
            timeStamp, token (compact JSON, ASCII order); the appId; the timeStamp within a
            minute; unique reqIds over 20 signs; a token the mock issued, cached (at most one
            token request for 20 signs); Cache-Control: no-store; a lookup end to end
  confirm   a looked-up sign is confirmed (2xx), its replay refused (4xx); a sign of another
            app, a sign three minutes old and garbage refused with 4xx, never 5xx; a text/plain
            post and a cross-site post refused; a sign posted from another session or with no
            cookie refused (its own session still confirms it); 10 confirms of a sign that
            never resolves cost at most 3 provider queries
  slow      16 confirm posts stalled mid-body do not keep a sign from coming within 2 s
  token     after the mock expires the token, a token-expired report gets a live token; while
            the mock refuses tokens, 50 sign requests cost at most 2 token requests, each
            answered with an error within 1 s, and signing resumes within 5 s after; 50 reports
            of one sign cost at most 1 provider query in 5 s

One line per check, ✓ or ✗ with what was seen (the HTTP status and the {"error":{"code"}} it
carried) and what to change; the last line is "N passed, N failed".
Exit status: 0 when nothing failed, 1 when a check failed, 2 for a usage error, 3 when the
mock's port is in use.
docs/backends.md says what each check expects, in any language.
`;

export interface CheckCliIo {
  out(text: string): void;
  err(text: string): void;
}

const stdio: CheckCliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function httpUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} takes an absolute URL, not ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${flag} takes an http: or https: URL`);
  return value;
}

class UsageError extends Error {}

const banner = (mock: MockCredentials) =>
  [
    `Mock Yuefu listening on ${mock.baseUrl} (port ${new URL(mock.baseUrl).port}). Configure the backend under test with:`,
    `  appId    ${mock.appId}`,
    `  aesKey   ${mock.aesKey}`,
    `  baseUrl  ${mock.baseUrl}`,
    '',
  ].join('\n');

/** Runs `check` with the arguments after the word `check`; resolves with the exit status. */
export async function checkMain(argv: readonly string[], io: CheckCliIo = stdio): Promise<number> {
  let options: { signUrl: string; confirmUrl: string | undefined; port: number; json: boolean };
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        'sign-url': { type: 'string' },
        'confirm-url': { type: 'string' },
        port: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.out(CHECK_HELP);
      return 0;
    }
    if (values['sign-url'] === undefined) throw new UsageError('--sign-url is required');
    const port = values.port === undefined ? 4010 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new UsageError(`--port takes a port number, not ${JSON.stringify(values.port)}`);
    options = {
      signUrl: httpUrl('--sign-url', values['sign-url']),
      confirmUrl:
        values['confirm-url'] === undefined ? undefined : httpUrl('--confirm-url', values['confirm-url']),
      port,
      json: values.json ?? false,
    };
  } catch (error) {
    io.err(`one-tap-phone-mock check: ${(error as Error).message}\n\n${CHECK_HELP}`);
    return 2;
  }

  const { json } = options;
  // With --json, stdout holds the report alone: what a person reads goes to stderr.
  const say = json ? io.err : io.out;
  let report: BackendCheckReport;
  try {
    report = await runBackendCheck({
      ...options,
      onMockReady: (mock) => say(banner(mock)),
      onWaiting: (reason) => say(`Waiting up to 30 s for ${options.signUrl} to answer: ${reason}.\n`),
      onResult: json ? undefined : (result) => io.out(`${formatResult(result)}\n`),
    });
  } catch (error) {
    io.err(`one-tap-phone-mock check: ${(error as Error).message}\n`);
    return error instanceof PortInUseError ? 3 : 2;
  }
  if (json) {
    const { mock, results, passed, failed } = report;
    io.out(
      `${JSON.stringify({ mock, signUrl: options.signUrl, confirmUrl: options.confirmUrl ?? null, checks: results, passed, failed }, null, 2)}\n`,
    );
  } else {
    io.out(`${formatSummary(report)}\n`);
  }
  return report.failed === 0 ? 0 : 1;
}
