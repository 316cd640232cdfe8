import type { Clock } from './clock.js';
import { isOneTapError, OneTapError, type OneTapErrorCode, oneTapError } from './errors.js';

/**
 * The error a flow ends with when `signal` fires: the reason itself when it is a
 * OneTapError (the flow's own deadline aborts with TIMEOUT), else ABORTED.
 */
export function abortError(signal: AbortSignal): OneTapError {
  const { reason } = signal;
  return isOneTapError(reason) ? reason : new OneTapError('ABORTED', { cause: reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Calls `listener` once when `signal` fires, at once if it has; returns the unsubscribe. */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (signal?.aborted) listener();
  else signal?.addEventListener('abort', listener, { once: true });
  return () => signal?.removeEventListener('abort', listener);
}

/** Resolves after `ms` on `clock`, or rejects with the abort error as soon as `signal` fires. */
export const sleep = (ms: number, signal: AbortSignal | undefined, clock: Clock): Promise<void> =>
  new Promise((resolve, reject) => {
    const handle = clock.setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
    const unsubscribe = onAbort(signal, () => {
      clock.clearTimeout(handle);
      reject(abortError(signal as AbortSignal));
    });
  });

/**
 * A controller that aborts when `parent` does, or with `deadlineError` after `ms`, or with the
 * error given to `abort()`. `dispose()` clears the timer and the listener; call it when the
 * work ends.
 */
export function linkedController(
  parent: AbortSignal | undefined,
  ms: number,
  deadlineError: () => OneTapError,
  clock: Clock,
): AbortController & { dispose(): void } {
  const controller = new AbortController();
  const unsubscribe = onAbort(parent, () => controller.abort(parent?.reason));
  // An infinite (or over 24.8-day) delay would fire at once in every browser: no deadline then.
  const handle = ms < 2 ** 31 ? clock.setTimeout(() => controller.abort(deadlineError()), ms) : undefined;
  return Object.assign(controller, {
    dispose() {
      clock.clearTimeout(handle);
      unsubscribe();
    },
  });
}

/**
 * Runs `work` (a call to the partner's backend) under a signal of its own that aborts with
 * `parent`, or after `ms` with a `code` error: resolves with its outcome; rejects with the
 * abort's error (ABORTED, or that timeout), an error of `code` it threw, or else `code` with
 * `failed` as the detail and what it threw as the cause. A `work` that ignores its signal
 * holds nothing up, and a synchronous throw rejects too.
 */
export async function bounded<T>(
  work: (signal: AbortSignal) => Promise<T> | T,
  parent: AbortSignal | undefined,
  ms: number,
  clock: Clock,
  code: OneTapErrorCode,
  failed?: string,
): Promise<T> {
  const link = linkedController(parent, ms, () => oneTapError(code, `no answer in ${ms} ms`), clock);
  const { signal } = link;
  try {
    return await Promise.race([
      (async () => work(signal))(),
      new Promise<never>((_, reject) => onAbort(signal, () => reject())),
    ]);
  } catch (error) {
    throwIfAborted(signal);
    throw isOneTapError(error, code) ? error : oneTapError(code, failed, error);
  } finally {
    link.dispose();
  }
}
