// An instance of a partner's backend in a process of its own, to be killed mid-fetch, on any
// client kind: `node redisLockHolder.mjs <kind> <nodes JSON> <prefix> <baseUrl> <appId> <aesKey>
// <timeoutMs> <lockMs>` asks its sign handler for one sign, which takes the cross-instance fetch
// lock and waits on the token request; the test kills it there. Bundled from source by esbuild.

import { createSignHandler, createTokenClient } from '../../src/server/node';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';
import { type ClientKind, connectKind } from './redisClientKinds';

const [kind, nodes, prefix, baseUrl, appId, aesKey, timeoutMs, lockMs] = process.argv.slice(
  2,
) as string[] as [ClientKind, string, string, string, string, string, string, string];
const { client } = await connectKind(kind, JSON.parse(nodes));
const store = redisTokenStore({ client, prefix });
const tokens = createTokenClient({
  appId,
  baseUrl,
  store,
  timeoutMs: Number(timeoutMs),
  lockMs: Number(lockMs),
});
const handler = createSignHandler({ appId, aesKey, tokens });
process.send?.('ready');
await handler(new Request(`http://partner.test/sign?appId=${appId}`));
