import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { DEMO_APP, type RunningMockYuefu, startMockYuefu } from '../../src/mock/node';
import { createSignHandler, openSign, type SignHandlerOptions } from '../../src/server/index';

// The sign handler on a real loopback server (Node adapter), against the mock on another.
let yuefu: RunningMockYuefu;
const servers: Server[] = [];

beforeAll(async () => {
  yuefu = await startMockYuefu({ port: 0 });
});
afterAll(async () => {
  for (const server of servers) server.close();
  await yuefu.close();
});

async function serve(options: Partial<SignHandlerOptions> = {}): Promise<string> {
  const handler = createSignHandler({
    appId: DEMO_APP.appId,
    aesKey: DEMO_APP.aesKey,
    baseUrl: yuefu.baseUrl,
    ...options,
  });
  const server = createServer(handler.node);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sign`;
}

describe('createSignHandler over Node http', () => {
  it('answers a sign that opens with the key and carries a live token', async () => {
    const url = await serve();
    const response = await fetch(`${url}?appId=${DEMO_APP.appId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { sign } = (await response.json()) as { sign: string };
    const params = await openSign(sign, DEMO_APP.aesKey);
    expect(params).toMatchObject({ appId: DEMO_APP.appId, token: expect.stringMatching(/^[0-9A-F]{32}$/) });
    expect(Number(params.timeStamp)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('gives every request a fresh reqId over one cached token', async () => {
    const url = await serve();
    const signs = await Promise.all(
      Array.from(
        { length: 5 },
        async () => ((await (await fetch(`${url}?appId=${DEMO_APP.appId}`)).json()) as { sign: string }).sign,
      ),
    );
    const params = await Promise.all(signs.map((s) => openSign(s, DEMO_APP.aesKey)));
    expect(new Set(params.map((p) => p.reqId)).size).toBe(5);
    expect(new Set(params.map((p) => p.token)).size).toBe(1);
  });

  it.each([
    ['no appId', '', 400, 'MISSING_APP_ID'],
    ['another appId', '?appId=someone-else', 403, 'UNKNOWN_APP_ID'],
  ])('refuses %s', async (_name, query, status, code) => {
    const response = await fetch(`${await serve()}${query}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('answers 405 to anything but GET', async () => {
    const response = await fetch(`${await serve()}?appId=${DEMO_APP.appId}`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('answers 503 with Retry-After when Yuefu cannot be reached, and recovers when it can', async () => {
    let down = true;
    let now = Date.now();
    const url = await serve({
      fetch: (input, init) => (down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)),
      clock: { ...systemClock, now: () => now },
    });
    const failed = await fetch(`${url}?appId=${DEMO_APP.appId}`);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    expect(await failed.json()).toMatchObject({ error: { code: 'PROVIDER_UNAVAILABLE' } });
    down = false;
    now += 2001; // past the 2 s a failed token request is remembered for
    expect((await fetch(`${url}?appId=${DEMO_APP.appId}`)).status).toBe(200);
  });

  it('answers 502 IP_NOT_WHITELISTED when Yuefu refuses this server', async () => {
    const url = await serve({
      fetch: (input, init) => yuefu.mock.fetch(new Request(input, init), { clientAddress: '192.0.2.1' }),
    });
    const response = await fetch(`${url}?appId=${DEMO_APP.appId}`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 'IP_NOT_WHITELISTED' } });
  });

  it('never sends the key or the token', async () => {
    const url = await serve();
    const ok = await (await fetch(`${url}?appId=${DEMO_APP.appId}`)).text();
    const { token } = await openSign((JSON.parse(ok) as { sign: string }).sign, DEMO_APP.aesKey);
    const bad = await (await fetch(`${url}?appId=x`)).text();
    for (const body of [ok, bad]) {
      expect(body).not.toContain(DEMO_APP.aesKey);
      expect(body).not.toContain(token);
    }
  });

  it('answers a CORS preflight and allows only the listed origins', async () => {
    const url = await serve({ cors: ['https://partner.example'] });
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://partner.example' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    const foreign = await fetch(`${url}?appId=${DEMO_APP.appId}`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers by default', async () => {
    const response = await fetch(`${await serve()}?appId=${DEMO_APP.appId}`, {
      headers: { origin: 'https://partner.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('a client’s token-expired report', () => {
    const tokenOf = async (url: string, query = '') => {
      const { sign } = (await (await fetch(`${url}?appId=${DEMO_APP.appId}${query}`)).json()) as {
        sign: string;
      };
      return { sign, token: (await openSign(sign, DEMO_APP.aesKey)).token };
    };
    const report = (sign: string) => `&reason=token-expired&sign=${encodeURIComponent(sign)}`;

    it('drops nothing when bare, or when Yuefu still accepts the reported sign', async () => {
      const url = await serve();
      const first = await tokenOf(url);
      expect((await tokenOf(url, '&reason=token-expired')).token).toBe(first.token);
      expect((await tokenOf(url, report(first.sign))).token).toBe(first.token);
      expect((await tokenOf(url, report('not a sign'))).token).toBe(first.token);
    });

    it('drops the token when Yuefu refuses the reported sign, once however often it is reported', async () => {
      const expiring = await startMockYuefu({ port: 0, scenario: 'token-expired' });
      try {
        const url = await serve({ baseUrl: expiring.baseUrl });
        const first = await tokenOf(url);
        // The scenario's first token dies at its first getphone, as a revoked token would.
        await fetch(`${expiring.baseUrl}?appId=${DEMO_APP.appId}&sign=${encodeURIComponent(first.sign)}`);
        const renewed = await Promise.all([1, 2, 3].map(() => tokenOf(url, report(first.sign))));
        expect(new Set(renewed.map((r) => r.token)).size).toBe(1);
        expect(renewed[0]?.token).not.toBe(first.token);
        const late = await tokenOf(url, report(first.sign)); // about the old token: drops nothing
        expect(late.token).toBe(renewed[0]?.token);
        expect(expiring.mock.requests.filter((r) => r.endpoint === 'token')).toHaveLength(2);
      } finally {
        await expiring.close();
      }
    });
  });

  describe('CORS', () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-headers': 'x-csrf-token' },
      });

    it('reflects an allowed origin with credentials and the allowed request headers', async () => {
      const url = await serve({
        cors: { origins: ['https://shop.example'], credentials: true, headers: ['x-csrf-token'] },
      });
      const allowed = await preflight(url, 'https://shop.example');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      expect(allowed.headers.get('access-control-allow-headers')).toBe('x-csrf-token');
      const answer = await fetch(`${url}?appId=${DEMO_APP.appId}`, {
        headers: { origin: 'https://shop.example' },
      });
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
      expect(answer.headers.get('vary')).toBe('Origin');
      const foreign = await preflight(url, 'https://evil.example');
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      expect(foreign.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it("refuses origin 'null' with credentials at construction: any sandboxed frame sends it", () => {
      for (const origins of ['null', ['https://shop.example', 'null']] as const) {
        expect(() => createSignHandler({ ...DEMO_APP, cors: { origins, credentials: true } })).toThrow(
          /not 'null'/,
        );
      }
      expect(() => createSignHandler({ ...DEMO_APP, cors: { origins: 'null' } })).not.toThrow();
    });

    it("takes '*' for any origin, never with credentials", async () => {
      for (const cors of ['*', { origins: '*' }, ['*']] as const) {
        const url = await serve({ cors });
        const answer = await fetch(`${url}?appId=${DEMO_APP.appId}`, {
          headers: { origin: 'https://a.example' },
        });
        expect(answer.headers.get('access-control-allow-origin')).toBe('*');
        expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      }
      expect(() => createSignHandler({ ...DEMO_APP, cors: { origins: '*', credentials: true } })).toThrow(
        TypeError,
      );
    });
  });
});
