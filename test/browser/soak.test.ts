import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { isOneTapError } from '../../src/core/errors';
import { getPhoneNumber } from '../../src/core/getPhoneNumber';
import { pendingJsonpCallbacks } from '../../src/core/jsonp';
import { countingClock } from '../support/manualClock';

// Leak soak: many flows, successes and failures mixed, through real JSONP against the mock.
// Nothing may be left: no <script>, no callback globals beyond a small constant, no timers,
// no console output. SOAK_FLOWS sets the count (npm run soak: 1000; npm test: 200).
const FLOWS = inject('soakFlows');
const CONCURRENCY = 8;
const MIX = [
  { appId: 'soak', expect: 'success' },
  { appId: 'soak', expect: 'success' },
  { appId: 'app-wifi', expect: 'RESULT_UNAVAILABLE' },
  { appId: 'app-http-500', expect: 'NETWORK' },
  { appId: 'app-bad-envelope', expect: 'BAD_RESPONSE' },
] as const;

type Heap = { usedJSHeapSize: number };
const heap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return (performance as unknown as { memory: Heap }).memory.usedJSHeapSize;
};

const report: string[] = [];
afterAll(() => console.info(report.join('\n')));

describe(`leak soak: ${FLOWS} flows`, () => {
  it('leaves no scripts, globals, timers or console output behind', async () => {
    const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m),
    );
    const timers = countingClock();
    const keysBefore = Object.keys(window).length;
    const heapBefore = heap();
    const outcomes: Record<string, number> = {};
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < FLOWS) {
          const { appId, expect: wanted } = MIX[next++ % MIX.length] as (typeof MIX)[number];
          const outcome = await getPhoneNumber(
            {
              appId,
              signUrl: inject('mockSignUrl'),
              baseUrl: inject('mockBaseUrl'),
              pollDelays: [5, 5],
              requestTimeoutMs: 2000,
              clock: timers,
            },
            {},
          ).then(
            () => 'success',
            (error: unknown) => (isOneTapError(error) ? error.code : String(error)),
          );
          expect(outcome).toBe(wanted);
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        }
      }),
    );
    const elapsed = performance.now() - started;
    await vi.waitFor(() => expect(pendingJsonpCallbacks()).toBe(0), { timeout: 10_000 });
    const heapAfter = heap();
    const keysAfter = Object.keys(window).length;
    for (const spy of consoleCalls) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
    expect(document.querySelectorAll('script[src*="__oneTapPhone"]')).toHaveLength(0);
    expect(timers.live.size).toBe(0);
    expect(keysAfter - keysBefore).toBeLessThanOrEqual(2);
    // Whatever a flow holds must go with it: a fixed allowance for caches and JIT (200 flows
    // grow the heap by about 0.5 MB) plus a little per flow; keeping 500 small objects (about
    // 10 KB) a flow breaks it, as tried.
    expect(heapAfter - heapBefore).toBeLessThan(1.5e6 + 2_500 * FLOWS);
    report.push(
      `leak soak: ${FLOWS} flows (${Object.entries(outcomes)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}) in ${(elapsed / 1000).toFixed(1)} s, ${CONCURRENCY} at a time`,
      `  <script> left: 0; window keys ${keysBefore} → ${keysAfter}; live timers: ${timers.live.size}; console calls: 0`,
      `  heap after GC: ${(heapBefore / 1e6).toFixed(2)} MB → ${(heapAfter / 1e6).toFixed(2)} MB`,
    );
  }, 300_000);
});
