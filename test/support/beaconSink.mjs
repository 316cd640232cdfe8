// A route on the browser tests' own server (vite.config.ts): POST records a beacon, GET hands
// back (and forgets) what arrived. Same origin as the test page, so a beacon goes exactly as on a
// partner's page (test/browser/beaconEvents.test.ts). Plain ESM: vite.config.ts loads it as is.

/** Where the browser tests' beacons go. */
export const BEACON_SINK_PATH = '/__one-tap-events';

/** @returns {import('vite').Plugin} */
export function beaconSink() {
  /** @type {import('./beaconSink.d.mts').ArrivedBeacon[]} */
  let arrived = [];
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
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk));
        req.on('end', () => {
          arrived.push({
            contentType: req.headers['content-type'],
            site: req.headers['sec-fetch-site'],
            body: Buffer.concat(chunks).toString('utf8'),
          });
          res.statusCode = 204;
          res.end();
        });
      });
    },
  };
}
