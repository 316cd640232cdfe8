import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { createSignHandler, type SignHandler } from '../../src/server/node';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';
import { redisForFile } from '../support/redisServer';

// A failed token request is remembered per app for 2 s, across instances that share the store:
// while Yuefu refuses tokens, sign requests are answered at once with the same error and do not
// drive its token endpoint. Against a provider that counts token requests
// (test/support/fakeYuefu.ts), on the memory store and on a real redis-server.
let fake: FakeYuefu;
const { connect } = redisForFile();
beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

const yuefu = () => ({ appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl });
const signRequest = () => new Request(`http://shop.test/sign?appId=${fake.appId}`);

async function expectRefused(response: Response, code: string) {
  expect(response.status).toBe(502);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(await response.json()).toMatchObject({ error: { code } });
}

/** 200 sign requests over the handlers, round robin: half at once, then half one by one. */
async function twoHundred(handlers: SignHandler[], code: string) {
  const at = (i: number) => handlers[i % handlers.length] as SignHandler;
  const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => at(i)(signRequest())));
  for (const response of burst) await expectRefused(response, code);
  for (let i = 0; i < 100; i++) await expectRefused(await at(i)(signRequest()), code);
}

describe('a failed token request, remembered', () => {
  it('memory store: 200 sign requests while Yuefu refuses make one token request in 2 s, then one more', async () => {
    let now = Date.now();
    const clock = { ...systemClock, now: () => now };
    const handler = createSignHandler({ ...yuefu(), store: memoryTokenStore({ clock }), clock });
    fake.tokenResCode = '1';
    try {
      const before = fake.counts.token;
      await twoHundred([handler], 'IP_NOT_WHITELISTED');
      expect(fake.counts.token - before).toBe(1);
      now += 2001;
      fake.tokenResCode = '2';
      await expectRefused(await handler(signRequest()), 'FEATURE_NOT_ENABLED');
      expect(fake.counts.token - before).toBe(2);
      fake.tokenResCode = '0'; // Yuefu takes the app back: signs again once the memory is past
      now += 2001;
      expect((await handler(signRequest())).status).toBe(200);
      expect(fake.counts.token - before).toBe(3);
    } finally {
      fake.tokenResCode = '0';
    }
  });

  it('Redis: 200 sign requests over 4 instances while Yuefu refuses make at most 3 token requests', async () => {
    const prefix = `failed${Date.now()}:`;
    const handlers = await Promise.all(
      Array.from({ length: 4 }, async () =>
        createSignHandler({ ...yuefu(), store: redisTokenStore({ client: await connect(), prefix }) }),
      ),
    );
    fake.tokenResCode = '1';
    try {
      const before = fake.counts.token;
      const started = Date.now();
      await twoHundred(handlers, 'IP_NOT_WHITELISTED');
      const made = fake.counts.token - before;
      expect(made).toBeLessThanOrEqual(3);
      // and at most one per 2 s, however long the 200 took on this machine
      expect(made).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / 2000));
    } finally {
      fake.tokenResCode = '0';
    }
  });

  it('is per app: another appId on the same store asks Yuefu itself', async () => {
    const store = memoryTokenStore();
    fake.tokenResCode = '1';
    try {
      const ours = createSignHandler({ ...yuefu(), store });
      await expectRefused(await ours(signRequest()), 'IP_NOT_WHITELISTED');
      const before = fake.counts.token;
      const theirs = createSignHandler({ ...yuefu(), appId: 'otherapp', store });
      await theirs(new Request('http://shop.test/sign?appId=otherapp'));
      expect(fake.counts.token - before).toBe(1);
    } finally {
      fake.tokenResCode = '0';
    }
  });
});
