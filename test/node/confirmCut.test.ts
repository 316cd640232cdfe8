import { type AddressInfo, createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmHandler, createSignHandler } from '../../src/server/node';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';
import { connectKind } from '../support/redisClientKinds';
import { redisForFile } from '../support/redisServer';

// A confirm whose connection to Redis drops after its claim was sent: Redis (stopped with
// SIGSTOP while Yuefu is asked) holds the claim in its socket buffer, the connection is cut,
// Redis continues and runs it. node-redis fails the command (503), and the claim nobody undid
// used to answer the user's retry SIGN_USED; ioredis re-sends it after reconnecting, and used
// to find the key its own first send took: the first confirm got SIGN_USED.
let fake: FakeYuefu;
let proxy: Server;
const sockets = new Set<Socket>();
const { server: redis } = redisForFile();
beforeAll(async () => {
  fake = await startFakeYuefu();
  // A TCP proxy in front of redis-server whose connections the test cuts.
  const port = Number(new URL(redis().url).port);
  proxy = createServer((down) => {
    const up = netConnect(port, '127.0.0.1');
    for (const socket of [down, up]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    down.pipe(up).pipe(down);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => proxy.close(resolve));
  await fake.close();
});

const NAME = '__Host-one-tap';

describe.each(['node-redis', 'ioredis'] as const)('a confirm whose Redis connection is cut (%s)', (kind) => {
  it('loses no login: the claim is undone, or its re-send counts as the owner’s', async () => {
    const prefix = `cut${kind}${Date.now()}:`;
    const { port } = proxy.address() as AddressInfo;
    const viaProxy = await connectKind(kind, [{ host: '127.0.0.1', port }]);
    const direct = await connectKind(kind, [{ host: '127.0.0.1', port: Number(new URL(redis().url).port) }]);
    try {
      const yuefu = (client: typeof direct.client) => ({
        appId: fake.appId,
        aesKey: fake.aesKey,
        baseUrl: fake.baseUrl,
        store: redisTokenStore({ client, prefix, commandTimeoutMs: 2000 }),
      });
      const sign = createSignHandler({ ...yuefu(direct.client), bindingCookie: NAME });
      const onConfirmed = async ({ phone }: { phone: string }) => Response.json({ phone });
      let cutNext = true;
      const cutting = createConfirmHandler({
        ...yuefu(viaProxy.client),
        bindingCookie: NAME,
        onConfirmed,
        fetch: (input, init) => {
          if (cutNext) {
            cutNext = false;
            redis().pause();
            setTimeout(() => {
              for (const socket of sockets) socket.end();
            }, 200);
            setTimeout(() => redis().resume(), 400);
          }
          return fetch(input, init);
        },
      });
      const other = createConfirmHandler({ ...yuefu(direct.client), bindingCookie: NAME, onConfirmed });
      const issued = await sign(new Request(`http://shop.test/sign?appId=${fake.appId}`));
      const { sign: value } = (await issued.json()) as { sign: string };
      const cookie = (issued.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const post = (confirm: typeof other) =>
        confirm(
          new Request('http://shop.test/confirm', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
            body: JSON.stringify({ sign: value }),
          }),
        );
      const first = await post(cutting);
      if (kind === 'ioredis') {
        // Its re-sent claim finds its own id: the user's first confirm logs in.
        expect(first.status).toBe(200);
        expect(await first.json()).toEqual({ phone: fake.result.phone });
      } else {
        expect(first.status).toBe(503);
        expect(await first.json()).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });
        // Whenever Redis ran the cut claim, the undo leaves no owner holding the sign.
        const held = async () => {
          const keys = (await direct.raw(['KEYS', `${prefix}meiyuefu::confirmed::*`], prefix)) as string[];
          const values = await Promise.all(keys.map((key) => direct.raw(['GET', key], key)));
          return values.filter((v) => typeof v === 'string' && !v.startsWith('~'));
        };
        await new Promise((resolve) => setTimeout(resolve, 1000)); // the cut claim has run by now
        expect(await held()).toEqual([]);
        const retry = await post(other);
        expect(retry.status).toBe(200);
        expect(await retry.json()).toEqual({ phone: fake.result.phone });
      }
      // Once only, on any instance.
      expect(await (await post(other)).json()).toMatchObject({ error: { code: 'SIGN_USED' } });
    } finally {
      redis().resume();
      await viaProxy.close();
      await direct.close();
    }
  }, 20_000);
});
