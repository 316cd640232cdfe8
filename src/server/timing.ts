// Every wait and deadline of the server helpers runs on the injected Clock, so that a test on
// fake time, or a partner's own clock, moves tokens, locks and timeouts together: one clock.
import type { Clock } from '../core/clock.js';

/**
 * A signal that aborts after `ms` on `clock` with a `TimeoutError`, as `AbortSignal.timeout`
 * would (fetch rejects with that reason); `dispose()` clears the timer once the work is done.
 */
export function timeoutSignal(ms: number, clock: Clock): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handle = clock.setTimeout(
    () => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')),
    ms,
  );
  return { signal: controller.signal, dispose: () => clock.clearTimeout(handle) };
}

/** Lets a process exit with a timer still pending (a keep-fresh loop, a lock's expiry). */
export function unref(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}
