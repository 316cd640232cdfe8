// The check kit's tests run it against test/support/partnerBackend.ts, right and broken one
// way at a time: a backend pointed at the check's mock once it listens, and how a report reads.
import { afterEach, expect } from 'vitest';
import type { CheckId } from '../../src/check/results';
import { formatResult } from '../../src/check/results';
import { type BackendCheckReport, runBackendCheck } from '../../src/check/runCheck';
import { DEMO_APP } from '../../src/mock/index';
import { type PartnerBackendOptions, startPartnerBackend } from './partnerBackend';

/** Closed after each test: every backend a test started. */
export const backends: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

export type Setup = Omit<PartnerBackendOptions, 'appId' | 'aesKey' | 'baseUrl'> & { aesKey?: string };

/** Starts a backend pointed at the check's mock once it listens (on a free port). */
export async function backendFor(setup: Setup = {}) {
  let baseUrl = '';
  const backend = await startPartnerBackend({
    confirm: {},
    ...setup,
    appId: DEMO_APP.appId,
    aesKey: setup.aesKey ?? DEMO_APP.aesKey,
    baseUrl: () => baseUrl,
  });
  backends.push(backend);
  return { backend, setBaseUrl: (url: string) => (baseUrl = url) };
}

/** Every hint a ✗ line gives is whole sentences: a capital letter first, a full stop last. */
const SENTENCES = /^[A-Z][\s\S]*[.]$/;

/** Runs the check against a backend set up so; every failed check's hint must be whole sentences. */
export async function check(setup: Setup = {}): Promise<BackendCheckReport> {
  const { backend, setBaseUrl } = await backendFor(setup);
  const report = await runBackendCheck({
    signUrl: backend.signUrl,
    confirmUrl: setup.confirm === false ? undefined : backend.confirmUrl,
    port: 0,
    onMockReady: (mock) => setBaseUrl(mock.baseUrl),
  });
  for (const result of report.results.filter((r) => r.status === 'failed'))
    expect(result.hint, result.id).toMatch(SENTENCES);
  return report;
}

export const failedIds = (report: BackendCheckReport) =>
  report.results.filter((result) => result.status === 'failed').map((result) => result.id);

/** The line a check printed; a check the report lacks reads "absent". */
export const line = (report: BackendCheckReport, id: CheckId) =>
  formatResult(
    report.results.find((result) => result.id === id) ?? {
      id,
      title: '?',
      status: 'skipped',
      detail: 'absent',
    },
  );
