// What one check found, and how the run prints it: one line per check, ✓ or ✗ with what to
// change, and a last line `N passed, N failed` that a partner's CI reads.

/** Every check the kit runs, by a stable id (the `--json` output and the tests use it). */
export const CHECK_IDS = [
  'sign-body',
  'sign-key',
  'sign-fields',
  'sign-app-id',
  'sign-time',
  'sign-req-id-unique',
  'sign-token-issued',
  'sign-token-cached',
  'sign-no-store',
  'sign-end-to-end',
  'confirm-looked-up',
  'confirm-replay',
  'confirm-other-app',
  'confirm-stale',
  'confirm-garbage',
  'confirm-text-plain',
  'confirm-cross-site',
  'confirm-binding',
  'confirm-query-budget',
  'slow-bodies',
  // These three change the backend's state (its token, its memory of a failed token request, a
  // report cooldown), so they come last, in this order: each leaves what the next one needs.
  'sign-token-expired',
  'token-failure',
  'report-budget',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];
/**
 * The checks of what a backend spends and withstands: binding, the provider queries a sign and
 * a report may cost, a failed token request remembered, slow clients (./contract.ts).
 */
export type ContractCheckId =
  | 'confirm-binding'
  | 'confirm-query-budget'
  | 'slow-bodies'
  | 'token-failure'
  | 'report-budget';
/** The sign route's checks (./signChecks.ts, and the token-expired report in ./expiryCheck.ts). */
export type SignCheckId = Extract<CheckId, `sign-${string}`>;
/** The confirm route's checks (./confirmChecks.ts). */
export type ConfirmCheckId = Exclude<Extract<CheckId, `confirm-${string}`>, ContractCheckId>;

/**
 * One check's outcome. `skipped` is a check that could not run: an earlier one failed that it
 * needs (it is neither passed nor failed: the earlier ✗ already fails the run), or no
 * `--confirm-url` was given.
 */
export interface CheckResult {
  id: CheckId;
  /** What a passing backend does, as the line says it. */
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  /** What was seen, for ✗ and skipped; never a sign, a key or a full number. */
  detail?: string | undefined;
  /** For ✗: what to change in the backend, as whole sentences. */
  hint?: string | undefined;
}

export const passed = (id: CheckId, title: string, detail?: string): CheckResult => ({
  id,
  title,
  status: 'passed',
  ...(detail === undefined ? {} : { detail }),
});

export const failed = (id: CheckId, title: string, detail: string, hint: string): CheckResult => ({
  id,
  title,
  status: 'failed',
  detail,
  hint,
});

export const skipped = (id: CheckId, title: string, detail: string): CheckResult => ({
  id,
  title,
  status: 'skipped',
  detail,
});

/** The line a result prints as. */
export function formatResult(result: CheckResult): string {
  if (result.status === 'passed') return `✓ ${result.title}${result.detail ? ` (${result.detail})` : ''}`;
  if (result.status === 'skipped') return `- ${result.title}: not checked, ${result.detail}`;
  return `✗ ${result.title}: ${result.detail}. Fix: ${result.hint}`;
}

export interface CheckSummary {
  passed: number;
  failed: number;
}

export function summarize(results: readonly CheckResult[]): CheckSummary {
  return {
    passed: results.filter((r) => r.status === 'passed').length,
    failed: results.filter((r) => r.status === 'failed').length,
  };
}

export const formatSummary = ({ passed: p, failed: f }: CheckSummary): string => `${p} passed, ${f} failed`;
