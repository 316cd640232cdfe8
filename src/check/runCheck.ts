// `one-tap-phone-mock check` as a function: start the mock, wait for the backend, run every
// check in order, stop the mock. The CLI (./cli.ts) prints; the tests call this directly.
import { CHECK_APP, type CheckMock, startCheckMock } from './checkMock.js';
import { CONFIRM_TITLES, checkConfirm } from './confirmChecks.js';
import { checkTokenExpired } from './expiryCheck.js';
import {
  CHECK_IDS,
  type CheckId,
  type CheckResult,
  type CheckSummary,
  skipped,
  summarize,
} from './results.js';
import { checkSign, SIGN_TITLES } from './signChecks.js';

/** Every check's title, each kept beside its check; the type fails the build if one is missing. */
const TITLES: Record<CheckId, string> = { ...SIGN_TITLES, ...CONFIRM_TITLES };

export interface BackendCheckOptions {
  /** The backend's sign route, e.g. `http://localhost:3000/api/one-tap/sign`. */
  signUrl: string;
  /** The backend's confirm route; without it the confirm checks are skipped. */
  confirmUrl?: string | undefined;
  /** Where the mock listens. @defaultValue 4010 (0 picks a free port) */
  port?: number | undefined;
  /** How long to wait for the sign route to answer at all. @defaultValue 30000 */
  waitMs?: number | undefined;
  /** Told once the mock listens: what the backend must be configured with. */
  onMockReady?: ((mock: MockCredentials) => void) | undefined;
  /** Told when the backend does not answer yet (once). */
  onWaiting?: (() => void) | undefined;
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

/** Resolves once `url` answers any HTTP status; false if it did not within `waitMs`. */
async function answers(url: string, waitMs: number, onWaiting: () => void): Promise<boolean> {
  const until = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const remaining = until - Date.now();
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(Math.max(500, Math.min(5000, remaining))),
      });
      await response.arrayBuffer();
      return true;
    } catch {
      if (Date.now() >= until) return false;
      if (!told) onWaiting();
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
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
    const { signUrl, confirmUrl } = options;
    const waitMs = options.waitMs ?? 30_000;
    if (!(await answers(`${signUrl}`, waitMs, options.onWaiting ?? (() => {})))) {
      emit({
        id: 'sign-body',
        title: TITLES['sign-body'],
        status: 'failed',
        detail: `${signUrl} did not answer within ${waitMs / 1000} s`,
        hint: 'start the backend, configured with the appId, AES key and base URL printed above, and give its sign route',
      });
      for (const id of CHECK_IDS.slice(1)) emit(skipped(id, TITLES[id], 'the backend did not answer'));
    } else {
      const sign = await checkSign(mock, signUrl, emit);
      if (confirmUrl === undefined) {
        for (const id of CHECK_IDS.filter((id) => id.startsWith('confirm-')))
          emit(skipped(id, TITLES[id], 'no --confirm-url given'));
      } else {
        await checkConfirm(mock, signUrl, confirmUrl, sign.endToEnd, emit);
      }
      emit(await checkTokenExpired(mock, signUrl, sign));
    }
    return { mock: credentials, results, ...summarize(results) };
  } finally {
    await mock.close();
  }
}
