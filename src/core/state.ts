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
 * What a login ends with (`success`, and `onSuccess`): the number's result and, with
 * `confirmUrl`, `answer`: the confirm route's JSON answer, as it came. It is `unknown`, not a
 * type parameter: nothing checks its shape on the way, so narrow it where you read it.
 */
export interface OneTapSuccess extends OneTapResult {
  /** The confirm route's JSON answer; present only with `confirmUrl`. */
  answer?: unknown;
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
  /** With `confirmUrl`: consent given, the sign on its way to the confirm route. */
  | ({ status: 'confirming' } & OneTapResult)
  /** Confirmed: hand `sign` to the server, or, with `confirmUrl`, logged in with its `answer`. */
  | ({ status: 'success' } & OneTapSuccess)
  | { status: 'error'; error: OneTapError }
);

export type OneTapStatus = OneTapState['status'];

/**
 * Whether a flow is under way (signing, requesting, polling, or confirming with `confirmUrl`):
 * a UI's busy state.
 */
export const isLookingUp = ({ status }: { status: OneTapStatus }): boolean =>
  status === 'signing' || status === 'requesting' || status === 'polling' || status === 'confirming';
