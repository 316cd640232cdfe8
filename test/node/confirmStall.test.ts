import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmHandler, createSignHandler } from '../../src/server/node';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';
import { redisForFile } from '../support/redisServer';

// A Redis stall in the middle of a confirm, on a real redis-server stopped with SIGSTOP while
// Yuefu is asked (test/support/fakeYuefu.ts): the confirm gives up on its claim and answers 503;
// Redis, continued, runs the queued claim; the user's retry must still confirm, not SIGN_USED.
let fake: FakeYuefu;
const { server: redis, connect } = redisForFile();
beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

const NAME = '__Host-one-tap';

describe('a confirm whose claim Redis stalled on', () => {
  it('answers 503, and the retry confirms once Redis runs again', async () => {
    const prefix = `stall${Date.now()}:`;
    const client = await connect();
    const store = redisTokenStore({ client, prefix, commandTimeoutMs: 500 });
    const yuefu = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, store };
    const sign = createSignHandler({ ...yuefu, bindingCookie: NAME });
    let stallNext = true;
    const confirm = createConfirmHandler({
      ...yuefu,
      bindingCookie: NAME,
      onConfirmed: async ({ phone }) => Response.json({ phone }),
      // Redis stops while Yuefu is asked: the claim after the answer waits on a stopped server.
      fetch: (input, init) => {
        if (stallNext) redis().pause();
        stallNext = false;
        return fetch(input, init);
      },
    });
    const issued = await sign(new Request(`http://shop.test/sign?appId=${fake.appId}`));
    const { sign: value } = (await issued.json()) as { sign: string };
    const cookie = (issued.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const post = () =>
      confirm(
        new Request('http://shop.test/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
          body: JSON.stringify({ sign: value }),
        }),
      );
    try {
      const stalled = await post();
      expect(stalled.status).toBe(503);
      expect(await stalled.json()).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });
    } finally {
      redis().resume();
    }
    // The queued claim runs now; undone whichever runs first, it leaves the sign held by no
    // owner (a `~` value is the undo's mark, free to any other confirm).
    const claims = async () => {
      const keys = await client.keys(`${prefix}meiyuefu::confirmed::*`);
      const values = await Promise.all(keys.map((key) => client.get(key)));
      return values.filter((value) => value !== null && !value.startsWith('~'));
    };
    for (let i = 0; i < 40 && (await claims()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await claims()).toEqual([]);
    const retry = await post();
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ phone: fake.result.phone });
    expect((await post()).status).toBe(401); // and once only: SIGN_USED
  }, 20_000);
});
