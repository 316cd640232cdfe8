// `one-tap-phone-mock check` as a function: start the mock, wait for the backend, run every
// check in order, stop the mock. The CLI (./cli.ts) prints; the tests call this directly.
import { checkBindingAndBudget } from './bindingChecks.js';
import { CHECK_APP, type CheckMock, startCheckMock } from './checkMock.js';
import { CONFIRM_TITLES, checkConfirm } from './confirmChecks.js';
import { CONTRACT_TITLES, notRun } from './contract.js';
import { checkTokenExpired } from './expiryCheck.js';
import { checkReportBudget } from './reportBudget.js';
import {
  CHECK_IDS,
  type CheckId,
  type CheckResult,
  type CheckSummary,
  skipped,
  summarize,
} from './results.js';
import { checkSign, SIGN_TITLES } from './signChecks.js';
import { checkSlowBodies } from './slowBodies.js';
import { checkTokenFailure } from './tokenFailure.js';
import { waitForBackend } from './waitForBackend.js';

/** Every check's title, each kept beside its check; the type fails the build if one is missing. */
const TITLES: Record<CheckId, string> = { ...SIGN_TITLES, ...CONFIRM_TITLES, ...CONTRACT_TITLES };

export interface BackendCheckOptions {
  /** The backend's sign route, e.g. `http://localhost:3000/api/one-tap/sign`. */
  signUrl: string;
  /** The backend's confirm route; without it the checks that post to it are skipped. */
  confirmUrl?: string | undefined;
  /** Where the mock listens. @defaultValue 4010 (0 picks a free port) */
  port?: number | undefined;
  /** How long to wait for the sign route to answer at all. @defaultValue 30000 */
  waitMs?: number | undefined;
  /** Told once the mock listens: what the backend must be configured with. */
  onMockReady?: ((mock: MockCredentials) => void) | undefined;
  /** Told when the backend does not answer yet (once), with why: `connection refused (…)`. */
  onWaiting?: ((reason: string) => void) | undefined;
  /** Told of each check as it completes. */
  onResult?: ((result: CheckResult) => void) | undefined;
}

/** The app and provider URL the backend under test is configured with. */
export interface MockCredentials {
  appId: string;
  aesKey: string;
  baseUrl: string;
}

export interface BackendCheckReport extends CheckSummary {
  mock: MockCredentials;
  results: CheckResult[];
}

/** The checks that post to the confirm route, skipped without one. */
const NEED_CONFIRM = new Set<CheckId>(['slow-bodies']);

/** The checks, in the order of CHECK_IDS, once the backend answers. */
async function runChecks(
  mock: CheckMock,
  { signUrl, confirmUrl }: BackendCheckOptions,
  emit: (result: CheckResult) => void,
): Promise<void> {
  const sign = await checkSign(mock, signUrl, emit);
  const passed = (id: CheckId) => sign.results.some((r) => r.id === id && r.status === 'passed');
  if (confirmUrl === undefined) {
    for (const id of CHECK_IDS.filter((id) => id.startsWith('confirm-') || NEED_CONFIRM.has(id)))
      emit(skipped(id, TITLES[id], 'no --confirm-url given'));
  } else {
    await checkConfirm(mock, signUrl, confirmUrl, sign.endToEnd, emit);
    await checkBindingAndBudget(
      mock,
      signUrl,
      confirmUrl,
      { endToEnd: sign.endToEnd, uniqueReqIds: passed('sign-req-id-unique') },
      emit,
    );
    emit(
      passed('sign-body')
        ? await checkSlowBodies(signUrl, confirmUrl)
        : notRun('slow-bodies', 'needs a sign route that answers with a sign'),
    );
  }
  const expiry = await checkTokenExpired(mock, signUrl, sign);
  emit(expiry);
  emit(await checkTokenFailure(mock, signUrl, { expiry, cached: passed('sign-token-cached') }));
  emit(await checkReportBudget(mock, signUrl, sign));
}

/** Checks a partner's backend against a mock Yuefu it started; never throws for a backend's fault. */
export async function runBackendCheck(options: BackendCheckOptions): Promise<BackendCheckReport> {
  const mock: CheckMock = await startCheckMock(options.port ?? 4010);
  const credentials = { ...CHECK_APP, baseUrl: mock.baseUrl };
  const results: CheckResult[] = [];
  const emit = (result: CheckResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  try {
    options.onMockReady?.(credentials);
    const { signUrl } = options;
    const waitMs = options.waitMs ?? 30_000;
    const waited = await waitForBackend(signUrl, waitMs, options.onWaiting ?? (() => {}));
    if (waited.answered) {
      await runChecks(mock, options, emit);
    } else {
      emit({
        id: 'sign-body',
        title: TITLES['sign-body'],
        status: 'failed',
        detail: `${signUrl} did not answer within ${waitMs / 1000} s: ${waited.reason}`,
        hint: 'Start the backend, configured with the appId, AES key and base URL printed above, and give its sign route.',
      });
      for (const id of CHECK_IDS.slice(1)) emit(skipped(id, TITLES[id], 'the backend did not answer'));
    }
    return { mock: credentials, results, ...summarize(results) };
  } finally {
    await mock.close();
  }
}
