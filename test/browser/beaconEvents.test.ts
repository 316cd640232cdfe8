import { afterEach, describe, expect, it } from 'vitest';
import { beaconEvents } from '../../src/beacon';
import type { OneTapEvent } from '../../src/core/telemetry';
import { type ArrivedBeacon, BEACON_SINK_PATH } from '../support/beaconSink.mjs';

// beaconEvents in Chromium: real navigator.sendBeacon to a route on the page's own origin
// (test/support/beaconSinkPlugin.ts), as a partner's events route would receive it.

const event = (status: OneTapEvent['status'], extra: Partial<OneTapEvent> = {}): OneTapEvent => ({
  flowId: 'flow-b',
  status,
  at: Date.now(),
  elapsedMs: 0,
  queries: 0,
  ...extra,
});

/** The beacons the route received, waiting up to 5 s for at least `count`. */
async function arrived(count: number): Promise<ArrivedBeacon[]> {
  const seen: ArrivedBeacon[] = [];
  for (let tries = 0; tries < 100 && seen.length < count; tries++) {
    seen.push(...((await (await fetch(BEACON_SINK_PATH)).json()) as ArrivedBeacon[]));
    if (seen.length < count) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return seen;
}

afterEach(async () => {
  await fetch(BEACON_SINK_PATH); // forget anything a test left behind
});

describe('beaconEvents in Chromium', () => {
  it('sends the batch when the page is hidden, as same-origin JSON with only the event fields', async () => {
    const onEvent = beaconEvents(BEACON_SINK_PATH, { delayMs: 60_000 });
    onEvent(event('signing'));
    onEvent({
      ...event('ready', { carrier: 'mobile', elapsedMs: 1200, queries: 2 }),
      phone: '134****8682',
    } as OneTapEvent);
    expect(await arrived(0)).toEqual([]); // waiting for company
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    const [beacon, ...more] = await arrived(1);
    expect(more).toEqual([]);
    expect(beacon?.contentType).toBe('application/json');
    expect(beacon?.site).toBe('same-origin');
    const { events } = JSON.parse(beacon?.body ?? '{}') as { events: Record<string, unknown>[] };
    expect(events.map((e) => e.status)).toEqual(['signing', 'ready']);
    expect(events[1]).toMatchObject({ carrier: 'mobile', elapsedMs: 1200, queries: 2 });
    expect(beacon?.body).not.toContain('8682'); // only the event's own fields leave the page
  });

  it('sends after its delay, and at once at maxBatch', async () => {
    const onEvent = beaconEvents(BEACON_SINK_PATH, { delayMs: 100, maxBatch: 3 });
    onEvent(event('signing'));
    const [late] = await arrived(1);
    expect(JSON.parse(late?.body ?? '{}').events).toHaveLength(1);
    for (const status of ['signing', 'requesting', 'polling'] as const) onEvent(event(status));
    const [full] = await arrived(1);
    expect(JSON.parse(full?.body ?? '{}').events).toHaveLength(3);
  });
});
