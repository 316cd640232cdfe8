import type { Plugin } from 'vite';

/** What one beacon brought: the page's request as the server saw it. */
export interface ArrivedBeacon {
  contentType: string | undefined;
  site: string | undefined;
  body: string;
}

/** Where the browser tests' beacons go, on the test page's own origin (as a partner's route is). */
export const BEACON_SINK_PATH = '/__one-tap-events';

/**
 * A route on the browser tests' server: POST records a beacon, GET hands back (and forgets) what
 * arrived. Same origin as the test page, so the beacon is sent exactly as on a partner's page.
 */
export function beaconSink(): Plugin {
  let arrived: ArrivedBeacon[] = [];
  return {
    name: 'one-tap-beacon-sink',
    configureServer(server) {
      server.middlewares.use(BEACON_SINK_PATH, (req, res) => {
        if (req.method === 'GET') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(arrived));
          arrived = [];
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          arrived.push({
            contentType: req.headers['content-type'],
            site: req.headers['sec-fetch-site'] as string | undefined,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          res.statusCode = 204;
          res.end();
        });
      });
    },
  };
}
