import type { OneTapError } from './errors.js';
import type { SignReason } from './sign.js';

/** What a successful flow hands back. `phone` is masked (134****8682) and for display only. */
export interface OneTapResult {
  phone: string;
  /** The provider's result id. */
  par: string;
  /** The sign the result was obtained with; send it to your server to confirm the result. */
  sign: string;
}

/** Where a flow is, as a union on `status`. */
export type OneTapState =
  | { status: 'idle' }
  | { status: 'signing'; reason: SignReason }
  | { status: 'requesting' }
  | { status: 'polling'; attempt: number; attempts: number }
  | ({ status: 'success' } & OneTapResult)
  | { status: 'error'; error: OneTapError };

export type OneTapStatus = OneTapState['status'];

/** What happens in a flow; the reducer turns these into states. */
export type OneTapEvent =
  | { type: 'sign'; reason: SignReason }
  | { type: 'request' }
  | { type: 'poll'; attempt: number; attempts: number }
  | { type: 'succeed'; result: OneTapResult }
  | { type: 'fail'; error: OneTapError }
  | { type: 'reset' };

export const idleState: OneTapState = { status: 'idle' };

const finished = (state: OneTapState) => state.status === 'success' || state.status === 'error';

/**
 * The pure transition function. A finished flow leaves its end state only by a reset or a
 * new sign (a new tap), so a straggling event cannot overwrite an outcome.
 */
export function oneTapReducer(state: OneTapState, event: OneTapEvent): OneTapState {
  if (event.type === 'reset') return idleState;
  if (event.type === 'sign') return { status: 'signing', reason: event.reason };
  if (finished(state)) return state;
  switch (event.type) {
    case 'request':
      return { status: 'requesting' };
    case 'poll':
      return { status: 'polling', attempt: event.attempt, attempts: event.attempts };
    case 'succeed':
      return { status: 'success', ...event.result };
    case 'fail':
      return { status: 'error', error: event.error };
  }
}
