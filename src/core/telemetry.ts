import type { Carrier } from './carrier.js';
import type { OneTapErrorCode } from './errors.js';
import type { OneTapState, OneTapStatus } from './state.js';

/**
 * One phase change of one flow, for the partner's telemetry (`onEvent`). It carries no phone
 * number and no sign: it can go to any analytics pipeline as it is.
 */
export interface OneTapEvent {
  /** One id per flow, also sent to the sign endpoint as `flowId`, to join server logs. */
  flowId: string;
  /** The phase entered. */
  status: OneTapStatus;
  /** When, on the store's clock (ms since the epoch). */
  at: number;
  /** Since the flow began (`lookup()`), in ms. */
  elapsedMs: number;
  /** Queries sent so far in this flow (both signs together). */
  queries: number;
  /** From `ready` on: the carrier of the number. */
  carrier?: Carrier | undefined;
  /** On `error`: the error's code. */
  code?: OneTapErrorCode | undefined;
  /** On `error`, when the provider answered: its resCode. */
  resCode?: string | undefined;
}

/** A new flow id: short, random, URL-safe; no secure context needed (crypto.randomUUID wants one). */
export const newFlowId = (): string =>
  Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 6);

/** What the store knows of the running flow, for its events. */
export interface Trace {
  flowId: string;
  startedAt: number;
  queries: number;
}

/** The event for entering `state` at `at`: only what is safe to send anywhere. */
export function eventFor(state: OneTapState, trace: Trace, at: number): OneTapEvent {
  const { flowId, startedAt, queries } = trace;
  const event: OneTapEvent = { flowId, status: state.status, at, elapsedMs: at - startedAt, queries };
  if ('carrier' in state) event.carrier = state.carrier;
  if (state.status === 'error')
    Object.assign(event, { code: state.error.code, resCode: state.error.resCode });
  return event;
}
