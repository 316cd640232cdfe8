import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { createConfirmHandler, createSignHandler } from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// A token-expired report of a bound sign, sent by whoever holds the sign but not its binding
// (the page script the binding is for): refused before it can spend the sign's provider
// queries, so the user's own confirm still works. Against a provider that counts queries
// (test/support/fakeYuefu.ts), on a clock the test moves.
let fake: FakeYuefu;
beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

const NAME = '__Host-one-tap';

function setup() {
  let now = Date.now();
  const clock = { ...systemClock, now: () => now };
  const store = memoryTokenStore({ clock });
  const yuefu = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, store, clock };
  const sign = createSignHandler({ ...yuefu, bindingCookie: NAME });
  const confirm = createConfirmHandler({
    ...yuefu,
    bindingCookie: NAME,
    onConfirmed: async ({ phone }) => Response.json({ phone }),
  });
  const get = (query = '', cookie?: string) =>
    sign(
      new Request(`http://shop.test/sign?appId=${fake.appId}${query}`, {
        headers: cookie === undefined ? {} : { cookie },
      }),
    );
  const post = (signValue: string, cookie: string) =>
    confirm(
      new Request('http://shop.test/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
        body: JSON.stringify({ sign: signValue }),
      }),
    );
  return { get, post, advance: (ms: number) => (now += ms) };
}

const report = (sign: string) => `&reason=token-expired&sign=${encodeURIComponent(sign)}`;
const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] as string;

describe('a token-expired report of a bound sign', () => {
  it('without its binding: 403 SIGN_BOUND_ELSEWHERE, no query; three 5.2 s apart leave the user’s confirm working', async () => {
    const { get, post, advance } = setup();
    const issued = await get();
    const { sign } = (await issued.json()) as { sign: string };
    const cookie = cookieOf(issued);
    const queries = fake.counts.query;
    for (const stranger of [undefined, `${NAME}=0123456789abcdef0123456789abcdef`, 'sid=x']) {
      advance(5200); // past the report cooldown each time: each would be a query
      const refused = await get(report(sign), stranger);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: 'SIGN_BOUND_ELSEWHERE' } });
      expect(refused.headers.get('set-cookie')).toBeNull(); // and no sign, no new binding
    }
    expect(fake.counts.query).toBe(queries);
    const confirmed = await post(sign, cookie);
    expect(confirmed.status).toBe(200);
    expect(fake.counts.query).toBe(queries + 1);
  });

  it('with its binding: heard (a query, within the cooldown) and answered with a fresh sign', async () => {
    const { get, advance } = setup();
    const issued = await get();
    const { sign } = (await issued.json()) as { sign: string };
    const queries = fake.counts.query;
    advance(5200);
    const heard = await get(report(sign), cookieOf(issued));
    expect(heard.status).toBe(200);
    expect(fake.counts.query).toBe(queries + 1); // the check of the token, with that sign
    expect(cookieOf(heard)).not.toBe(cookieOf(issued));
  });

  it('with its binding behind a cookie planted first: heard, as the confirm route would hear it', async () => {
    const { get, advance } = setup();
    const issued = await get();
    const { sign } = (await issued.json()) as { sign: string };
    const queries = fake.counts.query;
    advance(5200);
    const planted = `${NAME}=0123456789abcdef0123456789abcdef`;
    const heard = await get(report(sign), `${planted}; ${cookieOf(issued)}`);
    expect(heard.status).toBe(200);
    expect(fake.counts.query).toBe(queries + 1);
  });

  it('an unbound sign is anyone’s to report, with a cookie or without', async () => {
    const { get } = setup();
    const unboundSign = createSignHandler({ appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl });
    const response = await unboundSign(new Request(`http://shop.test/sign?appId=${fake.appId}`));
    const { sign } = (await response.json()) as { sign: string };
    expect((await get(report(sign))).status).toBe(200);
    expect((await get(report(sign), `${NAME}=0123456789abcdef0123456789abcdef`)).status).toBe(200);
  });
});
