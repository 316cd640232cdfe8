// An instance of a partner's backend in a process of its own, to be killed mid-fetch:
// `node lockHolder.mjs <redisUrl> <prefix> <baseUrl> <appId> <aesKey>` asks its sign handler
// (default options, Redis store) for one sign, which takes the cross-instance fetch lock and
// waits on the token request; the test kills it there. Bundled from source by esbuild.
import { createClient } from 'redis';
import { createSignHandler } from '../../src/server/node';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';

const [redisUrl, prefix, baseUrl, appId, aesKey] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const client = await createClient({ url: redisUrl }).connect();
const handler = createSignHandler({ appId, aesKey, baseUrl, store: redisTokenStore({ client, prefix }) });
process.send?.('ready');
await handler(new Request(`http://partner.test/sign?appId=${appId}`));
