import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ConfirmHandlerOptions, createConfirmHandler, createSignHandler } from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// createConfirmHandler against a provider that is not our mock (test/support/fakeYuefu.ts):
// what the confirm route refuses before it confirms, and what it tells whoever calls it.
let fake: FakeYuefu;
beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

const ROUTE = 'http://shop.test/api/one-tap/confirm';
const sid = (request: Request) => /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];

function setup(more: Partial<ConfirmHandlerOptions> = {}) {
  const store = memoryTokenStore();
  const yuefu = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, store };
  const sign = createSignHandler({ ...yuefu, binding: sid });
  const onConfirmed = vi.fn(async ({ phone }: { phone: string }) => {
    const headers = new Headers({ 'content-type': 'application/json' });
    headers.append('set-cookie', 'session=s3cr3t; HttpOnly; Path=/; SameSite=Lax');
    headers.append('set-cookie', 'sid=; Max-Age=0; Path=/');
    return new Response(JSON.stringify({ phone }), { headers });
  });
  const logger = { error: vi.fn(), warn: vi.fn() };
  const confirm = createConfirmHandler({ ...yuefu, binding: sid, onConfirmed, logger, ...more });
  const signFor = async (cookie = 'sid=alice') => {
    const response = await sign(
      new Request(`http://shop.test/sign?appId=${fake.appId}`, { headers: { cookie } }),
    );
    return ((await response.json()) as { sign: string }).sign;
  };
  return { confirm, signFor, onConfirmed, logger };
}

/** A confirm as the login page sends it: same origin, JSON, with its cookie. */
function post(body: unknown, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return new Request(ROUTE, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'sec-fetch-site': 'same-origin',
      origin: 'http://shop.test',
      cookie: 'sid=alice',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

describe('createConfirmHandler', () => {
  it('confirms a sign from its own page and answers with onConfirmed’s Response, cookies and all', async () => {
    const { confirm, signFor, onConfirmed } = setup();
    const response = await confirm(post({ sign: await signFor() }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ phone: '138****5678' });
    expect(response.headers.getSetCookie()).toEqual([
      'session=s3cr3t; HttpOnly; Path=/; SameSite=Lax',
      'sid=; Max-Age=0; Path=/',
    ]);
    expect(onConfirmed).toHaveBeenCalledWith(
      { phone: '138****5678', par: fake.result.par, carrier: 'mobile' },
      expect.any(Request),
    );
  });

  it('401 SIGN_USED the second time, without asking Yuefu again', async () => {
    const { confirm, signFor } = setup();
    const sign = await signFor();
    expect((await confirm(post({ sign }))).status).toBe(200);
    const queries = fake.counts.query;
    const again = await confirm(post({ sign }));
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual({
      error: { code: 'SIGN_USED', message: 'The sign was already confirmed' },
    });
    expect(fake.counts.query).toBe(queries);
  });

  it('401 SIGN_BOUND_ELSEWHERE to another session confirming a sign it read off the page', async () => {
    const { confirm, signFor, onConfirmed } = setup();
    const sign = await signFor('sid=alice');
    const stolen = await confirm(post({ sign }, { cookie: 'sid=mallory' }));
    expect(stolen.status).toBe(401);
    expect(await errorOf(stolen)).toBe('SIGN_BOUND_ELSEWHERE');
    const cookieless = await confirm(post({ sign }, { cookie: '' }));
    expect(await errorOf(cookieless)).toBe('SIGN_BOUND_ELSEWHERE');
    expect(onConfirmed).not.toHaveBeenCalled();
  });

  it('405 to anything but POST', async () => {
    const { confirm } = setup();
    const response = await confirm(new Request(ROUTE));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await errorOf(response)).toBe('METHOD_NOT_ALLOWED');
  });

  it('415 to a body that is not application/json: the cross-site text/plain form of login CSRF', async () => {
    const { confirm, signFor, onConfirmed } = setup();
    const form = post(`{"sign":"${await signFor()}","x":"="}`, { 'content-type': 'text/plain' });
    const response = await confirm(form);
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(onConfirmed).not.toHaveBeenCalled();
    expect(
      (await confirm(post({ sign: 'x' }, { 'content-type': 'Application/JSON; charset=utf-8' }))).status,
    ).not.toBe(415);
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.test' }],
    [
      'Sec-Fetch-Site: same-site (a sibling subdomain)',
      { 'sec-fetch-site': 'same-site', origin: 'http://blog.shop.test' },
    ],
    ['no Sec-Fetch-Site, another Origin', { 'sec-fetch-site': '', origin: 'https://evil.test' }],
    ['no Sec-Fetch-Site, Origin null (a sandboxed frame)', { 'sec-fetch-site': '', origin: 'null' }],
  ])('403 to a request another site sent (%s)', async (_name, headers) => {
    const { confirm, signFor, onConfirmed } = setup();
    const request = post({ sign: await signFor() }, headers);
    if (headers['sec-fetch-site'] === '') request.headers.delete('sec-fetch-site');
    const response = await confirm(request);
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toBe('CROSS_SITE');
    expect(onConfirmed).not.toHaveBeenCalled();
  });

  it('lets a listed origin confirm, with CORS for it, and answers its preflight', async () => {
    const { confirm, signFor } = setup({ origins: ['https://m.shop.test'] });
    const from = { 'sec-fetch-site': 'same-site', origin: 'https://m.shop.test' };
    const preflight = await confirm(new Request(ROUTE, { method: 'OPTIONS', headers: from }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const response = await confirm(post({ sign: await signFor() }, from));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://m.shop.test');
    expect(response.headers.getSetCookie()).toHaveLength(2);
  });

  it('413 to a body over 2 KB, read no further', async () => {
    const { confirm } = setup();
    const response = await confirm(post({ sign: 'A'.repeat(3000) }));
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toBe('BODY_TOO_LARGE');
  });

  it.each([
    ['not JSON', 'sign=abc'],
    ['no sign', '{}'],
    ['a sign that is not a string', '{"sign":42}'],
    ['an array', '["abc"]'],
  ])('400 to a body with %s', async (_name, body) => {
    const { confirm } = setup();
    const response = await confirm(post(body));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe('BAD_REQUEST');
  });

  it('502 when Yuefu cannot be asked, naming no host, port or time; the logger has the detail', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const baseUrl = `http://127.0.0.1:${port}/getphone`;
    const { signFor } = setup();
    const sign = await signFor();
    const { confirm, logger } = setup({ baseUrl });
    const response = await confirm(post({ sign }));
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'NETWORK', message: 'Yuefu could not be reached: try again' },
    });
    expect(text).not.toMatch(/127\.0\.0\.1|localhost|\d{4,5}|\bms\b|ECONN/);
    expect(logger.error).toHaveBeenCalledOnce();
    expect(String(logger.error.mock.calls[0]?.[0])).toContain(`127.0.0.1:${port}`);
  });

  it('passes every Set-Cookie through under .node', async () => {
    const { confirm, signFor } = setup();
    const server = createServer(confirm.node);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/one-tap/confirm`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: 'sid=alice',
          origin: `http://127.0.0.1:${port}`,
        },
        body: JSON.stringify({ sign: await signFor() }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie()).toHaveLength(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([['*'], ['null']])('throws at construction for origins holding %j', (origin) => {
    expect(() => setup({ origins: [origin] })).toThrow(/origins may not hold/);
  });

  it('throws at construction without onConfirmed', () => {
    const store = memoryTokenStore();
    expect(() =>
      createConfirmHandler({ appId: fake.appId, aesKey: fake.aesKey, store } as ConfirmHandlerOptions),
    ).toThrow(/onConfirmed is missing/);
  });
});
