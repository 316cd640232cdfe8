// The `one-tap-phone/beacon` entry: the page's flow events to the partner's events route
// (createEventsHandler in one-tap-phone/server), in an entry of its own so that pages that do
// not send them carry none of it.
export type { BeaconEventsOptions } from './core/beacon.js';
export { beaconEvents } from './core/beacon.js';
export type { OneTapEvent } from './core/telemetry.js';
