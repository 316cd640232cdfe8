import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSign, confirmResult, createSignHandler, openSign } from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// A sign bound to the session that asked for it, against a provider that is not our mock
// (test/support/fakeYuefu.ts, which counts every query): a sign read off the login page by a
// third-party script confirms for nobody but the session it was issued to.
let fake: FakeYuefu;
beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

const cookieBinding = (request: Request) =>
  /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];

function setup() {
  const store = memoryTokenStore();
  const yuefu = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, store };
  const handler = createSignHandler({ ...yuefu, binding: cookieBinding });
  const signFor = async (cookie?: string) => {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const response = await handler(new Request(`http://partner.test/sign?appId=${fake.appId}`, { headers }));
    return ((await response.json()) as { sign: string }).sign;
  };
  const confirm = (sign: string, binding?: string) => confirmResult({ ...yuefu, sign, binding });
  return { signFor, confirm };
}

describe('a sign bound to its session', () => {
  it('confirms for its own session', async () => {
    const { signFor, confirm } = setup();
    const sign = await signFor('sid=alice-session; theme=dark');
    await expect(confirm(sign, 'alice-session')).resolves.toMatchObject({ phone: '138****5678' });
  });

  it('is refused for another session, before Yuefu is asked', async () => {
    const { signFor, confirm } = setup();
    const sign = await signFor('sid=alice-session');
    const queries = fake.counts.query;
    await expect(confirm(sign, 'mallory-session')).rejects.toMatchObject({ code: 'SIGN_BOUND_ELSEWHERE' });
    expect(fake.counts.query).toBe(queries);
    // and stays confirmable by its own session
    await expect(confirm(sign, 'alice-session')).resolves.toMatchObject({ phone: '138****5678' });
  });

  it('is refused for no session (a client with no cookies)', async () => {
    const { signFor, confirm } = setup();
    const sign = await signFor('sid=alice-session');
    await expect(confirm(sign)).rejects.toMatchObject({ code: 'SIGN_BOUND_ELSEWHERE' });
    await expect(confirm(sign, '')).rejects.toMatchObject({ code: 'SIGN_BOUND_ELSEWHERE' });
  });

  it('an unbound sign is refused where a binding is given', async () => {
    const { signFor, confirm } = setup();
    const sign = await signFor(); // no cookie yet: the handler's binding gave undefined
    await expect(confirm(sign, 'alice-session')).rejects.toMatchObject({ code: 'SIGN_BOUND_ELSEWHERE' });
    await expect(confirm(sign)).resolves.toMatchObject({ phone: '138****5678' });
  });

  it('a forged bound reqId is still SIGN_NOT_ISSUED, not a binding question', async () => {
    const { signFor, confirm } = setup();
    const { token, timeStamp } = await openSign(await signFor('sid=alice-session'), fake.aesKey);
    const forged = await buildSign(
      { appId: fake.appId, token, timeStamp, reqId: '1'.repeat(45) },
      fake.aesKey,
    );
    await expect(confirm(forged, 'alice-session')).rejects.toMatchObject({ code: 'SIGN_NOT_ISSUED' });
  });

  it('works under .node too, where the Request is made for the binding alone', async () => {
    const { createServer } = await import('node:http');
    const store = memoryTokenStore();
    const yuefu = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, store };
    const handler = createSignHandler({ ...yuefu, binding: cookieBinding });
    const server = createServer(handler.node);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/sign?appId=${fake.appId}`, {
        headers: { cookie: 'sid=bob-session' },
      });
      const { sign } = (await response.json()) as { sign: string };
      await expect(confirmResult({ ...yuefu, sign })).rejects.toMatchObject({ code: 'SIGN_BOUND_ELSEWHERE' });
      await expect(confirmResult({ ...yuefu, sign, binding: 'bob-session' })).resolves.toBeDefined();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
