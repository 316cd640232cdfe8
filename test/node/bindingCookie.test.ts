import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as webServer from '../../src/server/index';
import * as nodeServer from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// `bindingCookie`: the library makes the binding cookie itself, a fresh id per sign, and the
// confirm route reads it back. Against a provider that is not our mock and counts every query
// (test/support/fakeYuefu.ts), on both entries.
let fake: FakeYuefu;
beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

/** The provider's app on a store of its own. */
const fresh = () => ({
  appId: fake.appId,
  aesKey: fake.aesKey,
  baseUrl: fake.baseUrl,
  store: memoryTokenStore(),
});

const NAME = '__Host-one-tap';
const LINE = new RegExp(`^${NAME}=([0-9a-f]{64}); HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=300$`);

const idOf = (setCookie: string | null | undefined): string => {
  const match = LINE.exec(setCookie ?? '');
  if (!match) throw new Error(`not the binding cookie: ${setCookie}`);
  return match[1] as string;
};

function post(sign: string, cookie?: string) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'sec-fetch-site': 'same-origin',
  };
  if (cookie !== undefined) headers.cookie = cookie;
  return new Request('http://shop.test/confirm', { method: 'POST', headers, body: JSON.stringify({ sign }) });
}

describe.each([
  ['one-tap-phone/server (WebCrypto)', webServer],
  ['one-tap-phone/server under node', nodeServer],
])('bindingCookie on %s', (_name, server) => {
  function setup() {
    const yuefu = fresh();
    const sign = server.createSignHandler({ ...yuefu, bindingCookie: NAME });
    const onConfirmed = vi.fn(async () => Response.json({ ok: true }));
    const confirm = server.createConfirmHandler({ ...yuefu, bindingCookie: NAME, onConfirmed });
    const signed = async (cookie?: string) => {
      const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
      const response = await sign(new Request(`http://shop.test/sign?appId=${fake.appId}`, { headers }));
      const body = (await response.json()) as { sign: string };
      return { sign: body.sign, id: idOf(response.headers.get('set-cookie')) };
    };
    return { signed, confirm, onConfirmed };
  }

  it('sets a fresh id with every sign, never the one the request brought', async () => {
    const { signed } = setup();
    const first = await signed();
    const second = await signed(`${NAME}=${first.id}`);
    const planted = await signed(`${NAME}=planted-by-a-script`);
    expect(new Set([first.id, second.id, planted.id]).size).toBe(3);
  });

  it('confirms with the cookie the sign came with', async () => {
    const { signed, confirm, onConfirmed } = setup();
    const { sign, id } = await signed();
    const response = await confirm(post(sign, `theme=dark; ${NAME}=${id}`));
    expect(response.status).toBe(200);
    expect(onConfirmed).toHaveBeenCalledTimes(1);
  });

  it('401 SIGN_BOUND_ELSEWHERE with another cookie or none, before any provider query', async () => {
    const { signed, confirm, onConfirmed } = setup();
    const { sign, id } = await signed();
    const other = (await signed()).id; // a real id, of another sign
    const queries = fake.counts.query;
    for (const cookie of [`${NAME}=${other}`, undefined, 'sid=abc', `${NAME}=`, `x${NAME}=${id}`]) {
      const response = await confirm(post(sign, cookie));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'SIGN_BOUND_ELSEWHERE' } });
    }
    expect(fake.counts.query).toBe(queries);
    expect(onConfirmed).not.toHaveBeenCalled();
    expect((await confirm(post(sign, `${NAME}=${id}`))).status).toBe(200); // still its own
  });

  it('binding and bindingCookie together throw at construction, naming both', () => {
    const yuefu = fresh();
    const binding = () => 'x';
    const both = /binding and bindingCookie/;
    expect(() => server.createSignHandler({ ...yuefu, binding, bindingCookie: NAME })).toThrow(TypeError);
    expect(() => server.createSignHandler({ ...yuefu, binding, bindingCookie: NAME })).toThrow(both);
    const onConfirmed = async () => new Response();
    expect(() =>
      server.createConfirmHandler({ ...yuefu, binding, bindingCookie: NAME, onConfirmed }),
    ).toThrow(both);
  });

  it('a name that is no cookie name throws at construction', () => {
    const yuefu = fresh();
    for (const bindingCookie of ['', 'a b', 'a;b', 'a=b', 42 as unknown as string]) {
      expect(() => server.createSignHandler({ ...yuefu, bindingCookie })).toThrow(/bindingCookie must be/);
    }
  });
});

async function listen(handler: RequestListener) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('bindingCookie under .node', () => {
  it('the sign route sets the cookie on the fast path, and the confirm route reads it', async () => {
    const yuefu = fresh();
    const signs = await listen(nodeServer.createSignHandler({ ...yuefu, bindingCookie: NAME }).node);
    const onConfirmed = async () => Response.json({ ok: true });
    const confirms = await listen(
      nodeServer.createConfirmHandler({ ...yuefu, bindingCookie: NAME, onConfirmed }).node,
    );
    try {
      const signOnce = async (cookie?: string) => {
        const response = await fetch(`${signs.url}/sign?appId=${fake.appId}`, {
          headers: cookie === undefined ? {} : { cookie },
        });
        const [line, ...more] = response.headers.getSetCookie();
        expect(more).toEqual([]);
        return { sign: ((await response.json()) as { sign: string }).sign, id: idOf(line) };
      };
      const first = await signOnce();
      const second = await signOnce(`${NAME}=${first.id}`);
      expect(second.id).not.toBe(first.id);
      const confirmWith = (sign: string, cookie?: string) =>
        fetch(`${confirms.url}/confirm`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(cookie === undefined ? {} : { cookie }) },
          body: JSON.stringify({ sign }),
        });
      const queries = fake.counts.query;
      expect((await confirmWith(second.sign, `${NAME}=${first.id}`)).status).toBe(401);
      expect((await confirmWith(second.sign)).status).toBe(401);
      expect(fake.counts.query).toBe(queries);
      expect((await confirmWith(second.sign, `${NAME}=${second.id}`)).status).toBe(200);
    } finally {
      await signs.close();
      await confirms.close();
    }
  });
});
