import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as webServer from '../../src/server/index';
import * as nodeServer from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// With `bindingCookie`, only the login page's own fetch() gets a sign and a cookie: another
// site that navigates the browser to the sign URL would otherwise replace the login tab's
// cookie (SameSite=Lax is stored on a top-level navigation), and its confirm would fail.
let fake: FakeYuefu;
beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

const NAME = '__Host-one-tap';
const yuefu = () => ({
  appId: fake.appId,
  aesKey: fake.aesKey,
  baseUrl: fake.baseUrl,
  store: memoryTokenStore(),
});
const FETCH = { 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', 'sec-fetch-site': 'same-origin' };
const NAVIGATION = {
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
  'sec-fetch-site': 'cross-site',
};

describe.each([
  ['one-tap-phone/server (WebCrypto)', webServer],
  ['one-tap-phone/server under node', nodeServer],
])('the sign route with bindingCookie on %s', (_name, server) => {
  const ask = (headers: Record<string, string>, cors?: string[]) =>
    server.createSignHandler({ ...yuefu(), bindingCookie: NAME, cors })(
      new Request(`https://shop.test/sign?appId=${fake.appId}`, { headers }),
    );
  const refused = async (response: Response) => {
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 'SIGN_FETCH_ONLY' } });
  };

  it('refuses a navigation, from any site, without setting the cookie', async () => {
    await refused(await ask(NAVIGATION));
    await refused(await ask({ ...NAVIGATION, 'sec-fetch-site': 'same-origin' }));
    await refused(await ask({ ...NAVIGATION, 'sec-fetch-site': 'none' })); // typed in, a bookmark
  });

  it('refuses a load as an image, a frame or a script', async () => {
    for (const dest of ['image', 'iframe', 'script']) {
      await refused(await ask({ ...FETCH, 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': dest }));
    }
  });

  it('refuses another site’s fetch unless cors lists its origin', async () => {
    const sibling = { ...FETCH, 'sec-fetch-site': 'same-site', origin: 'https://blog.shop.test' };
    await refused(await ask(sibling));
    await refused(await ask({ ...FETCH, 'sec-fetch-site': 'cross-site', origin: 'https://evil.test' }));
    await refused(await ask(sibling, ['https://app.shop.test']));
    const listed = await ask(sibling, ['https://blog.shop.test']);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('set-cookie')).toMatch(new RegExp(`^${NAME}=`));
  });

  it('answers the page’s own fetch, and a request without Sec-Fetch headers, as before', async () => {
    for (const headers of [FETCH, {}]) {
      const answered = await ask(headers);
      expect(answered.status).toBe(200);
      expect(answered.headers.get('set-cookie')).toMatch(new RegExp(`^${NAME}=`));
    }
  });

  it('leaves a route without bindingCookie alone: it sets no cookie to replace', async () => {
    const handler = server.createSignHandler(yuefu());
    const answered = await handler(
      new Request(`https://shop.test/sign?appId=${fake.appId}`, { headers: NAVIGATION }),
    );
    expect(answered.status).toBe(200);
  });
});

describe('the sign route with bindingCookie under .node', () => {
  it('refuses a navigation without setting the cookie', async () => {
    const http = createServer(nodeServer.createSignHandler({ ...yuefu(), bindingCookie: NAME }).node);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = http.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/sign?appId=${fake.appId}`;
      const navigated = await fetch(url, { headers: NAVIGATION });
      expect(navigated.status).toBe(403);
      expect(navigated.headers.get('set-cookie')).toBeNull();
      expect(await navigated.json()).toMatchObject({ error: { code: 'SIGN_FETCH_ONLY' } });
      expect((await fetch(url, { headers: FETCH })).headers.get('set-cookie')).toMatch(
        new RegExp(`^${NAME}=`),
      );
    } finally {
      http.close();
    }
  });
});

describe('the confirm route with a cookie planted before the user’s', () => {
  it('confirms when any value of the cookie’s name is the sign’s', async () => {
    const name = 'one-tap'; // no __Host- prefix: a sibling subdomain can set one for the parent domain
    const store = yuefu();
    const sign = nodeServer.createSignHandler({ ...store, bindingCookie: name });
    const confirm = nodeServer.createConfirmHandler({
      ...store,
      bindingCookie: name,
      onConfirmed: async ({ phone }) => Response.json({ phone }),
    });
    const issued = await sign(new Request(`https://shop.test/sign?appId=${fake.appId}`, { headers: FETCH }));
    const { sign: value } = (await issued.json()) as { sign: string };
    const own = (issued.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const post = (cookie: string) =>
      confirm(
        new Request('https://shop.test/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
          body: JSON.stringify({ sign: value }),
        }),
      );
    const queries = fake.counts.query;
    // Only the planted value: refused before Yuefu is asked.
    expect(await (await post(`${name}=planted`)).json()).toMatchObject({
      error: { code: 'SIGN_BOUND_ELSEWHERE' },
    });
    expect(fake.counts.query).toBe(queries);
    const confirmed = await post(`${name}=planted; theme=dark; ${own}`);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ phone: fake.result.phone });
    expect(fake.counts.query).toBe(queries + 1);
  });
});
