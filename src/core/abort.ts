import { isOneTapError, OneTapError } from './errors.js';
import type { Timers } from './timers.js';

/**
 * The error a flow ends with when `signal` fires: the reason itself when it is a
 * OneTapError (the flow's own deadline aborts with TIMEOUT), else ABORTED.
 */
export function abortError(signal: AbortSignal): OneTapError {
  const reason: unknown = signal.reason;
  return isOneTapError(reason) ? reason : new OneTapError('ABORTED', { cause: reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Resolves after `ms`, or rejects with the abort error as soon as `signal` fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, timers: Timers): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(abortError(signal as AbortSignal));
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A controller that aborts when `parent` does, or with `deadlineError` after `ms`.
 * `dispose()` clears the timer and the listener; call it when the work ends.
 */
export function linkedController(
  parent: AbortSignal | undefined,
  ms: number,
  deadlineError: () => OneTapError,
  timers: Timers,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const handle = Number.isFinite(ms)
    ? timers.setTimeout(() => controller.abort(deadlineError()), ms)
    : undefined;
  return {
    signal: controller.signal,
    dispose() {
      if (handle !== undefined) timers.clearTimeout(handle);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
