import type { Plugin } from 'vite';

/** What one beacon brought: the page's request as the server saw it. */
export interface ArrivedBeacon {
  contentType: string | undefined;
  site: string | undefined;
  body: string;
}
export declare const BEACON_SINK_PATH: string;
export declare function beaconSink(): Plugin;
