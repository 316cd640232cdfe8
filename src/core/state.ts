import type { Carrier } from './carrier.js';
import type { OneTapError } from './errors.js';
import type { SignReason } from './signFetch.js';

/** What a finished lookup hands back. `phone` is masked (134****8682) and for display only. */
export interface OneTapResult {
  /** The masked number, for display. */
  phone: string;
  /** The provider's result id. */
  par: string;
  /** The sign the result was obtained with; send it to your server to confirm the result. */
  sign: string;
  /** The carrier the number's prefix belongs to: a best guess (numbers can be ported). */
  carrier: Carrier;
}

/**
 * Where a flow is: one union on `status`, each phase with its own fields. `consent` (the
 * user's agreement to the carrier's terms, from `setConsent`) is part of every phase, so a
 * page that shows its checkbox early can bind it.
 */
export type OneTapState = { consent: boolean } & (
  | { status: 'idle' }
  /** Getting a sign: `initial`, or `token-expired` after the provider said resCode 2. */
  | { status: 'signing'; reason: SignReason }
  /** getphone sent. */
  | { status: 'requesting' }
  /** Asking `query` for the result: `attempt` of at most `attempts`. */
  | { status: 'polling'; attempt: number; attempts: number }
  /**
   * The number is here and waits for the user: `confirm()` with consent logs in.
   * `consentRequested` is true after a `confirm()` without consent: the page should ask.
   * `readyAt` is when the number arrived, on the store's clock.
   */
  | ({ status: 'ready'; consentRequested: boolean; readyAt: number } & OneTapResult)
  /** Confirmed: hand `sign` to the server. */
  | ({ status: 'success' } & OneTapResult)
  | { status: 'error'; error: OneTapError }
);

export type OneTapStatus = OneTapState['status'];

/** Whether a lookup is under way (signing, requesting or polling): a UI's busy state. */
export const isLookingUp = ({ status }: { status: OneTapStatus }): boolean =>
  status === 'signing' || status === 'requesting' || status === 'polling';
