// The page's half of the funnel: an `onEvent` that sends the flow's events to the partner's
// events route (createEventsHandler) in batches, with `navigator.sendBeacon`, so that leaving
// the page (a login navigates away) loses nothing. An entry of its own (`one-tap-phone/beacon`):
// pages that do not use it carry none of it. Nothing here runs at import time.
import type { OneTapEvent } from './telemetry.js';

export interface BeaconEventsOptions {
  /**
   * How long events wait for company before a batch goes, in ms. A flow's events come within a
   * few seconds, and the page-hide flush sends what is left.
   * @defaultValue 2000
   */
  delayMs?: number | undefined;
  /** A batch goes at once at this many events. @defaultValue 20 */
  maxBatch?: number | undefined;
}

/** The fields the events route reads: nothing else leaves the page. */
const fieldsOf = ({ flowId, status, at, elapsedMs, queries, carrier, code, resCode }: OneTapEvent) => ({
  flowId,
  status,
  at,
  elapsedMs,
  queries,
  carrier,
  code,
  resCode,
});

/**
 * An `onEvent` for `<OneTapLogin>`, `useOneTapPhone` or `createOneTapStore` that posts the
 * flow's events (no number, no sign) to `url` as `{ events: [...] }` JSON: in batches, and at
 * once when the page is hidden or left (`pagehide`, `visibilitychange`). `sendBeacon` first,
 * a `keepalive` fetch where the browser has none or refuses the batch.
 *
 * @example <OneTapLogin onEvent={beaconEvents('/api/one-tap/events')} … />
 */
export function beaconEvents(url: string, options: BeaconEventsOptions = {}): (event: OneTapEvent) => void {
  const delayMs = options.delayMs ?? 2000;
  const maxBatch = options.maxBatch ?? 20;
  let queue: ReturnType<typeof fieldsOf>[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let listening = false;

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const body = JSON.stringify({ events: queue });
    queue = [];
    const blob = new Blob([body], { type: 'application/json' });
    if (typeof navigator !== 'undefined' && navigator.sendBeacon?.(url, blob)) return;
    // No beacon, or the browser's beacon quota is full: a fetch that outlives the page.
    fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      keepalive: true,
    }).catch(() => undefined);
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };

  return (event) => {
    queue.push(fieldsOf(event));
    if (!listening && typeof window !== 'undefined') {
      listening = true; // for the page's life: a flow can start again after any event
      window.addEventListener('pagehide', flush);
      document.addEventListener('visibilitychange', onHidden);
    }
    if (queue.length >= maxBatch) flush();
    else timer ??= setTimeout(flush, delayMs);
  };
}
