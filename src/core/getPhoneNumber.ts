import { onAbort, throwIfAborted } from './abort.js';
import type { OneTapOptions } from './options.js';
import type { OneTapResult, OneTapState } from './state.js';
import { createOneTapStore } from './store.js';

export interface GetPhoneNumberOptions {
  /** Aborting it cancels the lookup: the promise rejects with ABORTED. */
  signal?: AbortSignal | undefined;
  /** Called with every new state, from `signing` to `success` or `error`. */
  onProgress?: ((state: OneTapState) => void) | undefined;
}

/**
 * The flow as one promise, for code that shows its consent step itself (or has none to show):
 * a store run with `instant`, so it resolves with `{ phone, par, sign, carrier }` as soon as
 * the number is known, or rejects with a OneTapError; never hangs past `deadlineMs`.
 * It takes no `confirmUrl` (one given is ignored): the number arrives before the consent
 * step this code shows, and the sign it resolves with is for your code to confirm after it.
 */
export async function getPhoneNumber(
  options: Omit<OneTapOptions, 'confirmUrl'>,
  { signal, onProgress }: GetPhoneNumberOptions = {},
): Promise<OneTapResult> {
  throwIfAborted(signal);
  const store = createOneTapStore({ ...options, instant: true, confirmUrl: undefined });
  const unsubscribe = onProgress ? store.subscribe((state) => onProgress(state)) : undefined;
  const settled = store.lookup();
  const stopListening = onAbort(signal, () => store.cancel());
  try {
    const state = await settled;
    if (state.status === 'error') throw state.error;
    const { phone, par, sign, carrier } = state as Extract<OneTapState, { status: 'success' }>;
    return { phone, par, sign, carrier };
  } finally {
    stopListening();
    unsubscribe?.();
  }
}
