import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { createMockYuefu, DEMO_APP, type RunningMockYuefu, startMockYuefu } from '../../src/mock/node';
import { buildSign } from '../../src/server/index';
import { manualClock } from '../support/manualClock';

// The mock's protocol, row by row, over real HTTP on loopback.
let yuefu: RunningMockYuefu;
let now = 1_700_000_000_000;
const clock = { ...systemClock, now: () => now };

beforeAll(async () => {
  yuefu = await startMockYuefu({
    port: 0,
    clock,
    resolveMs: 500,
    apps: [
      DEMO_APP,
      { appId: 'app-off', aesKey: 'aaaaaaaaaaaaaaaa', enabled: false },
      { appId: 'app-wifi', aesKey: 'bbbbbbbbbbbbbbbb', scenario: 'wifi' },
      { appId: 'app-other', aesKey: 'cccccccccccccccc' },
    ],
  });
});
afterAll(() => yuefu.close());

const post = (body: string) =>
  fetch(`${yuefu.baseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

async function tokenFor(appId: string): Promise<string> {
  const body = (await (await post(`appId=${appId}`)).json()) as { message: string };
  return body.message;
}

async function signFor(appId: string = DEMO_APP.appId, aesKey: string = DEMO_APP.aesKey, overrides = {}) {
  return buildSign({ appId, token: await tokenFor(appId), ...overrides }, aesKey);
}

const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();
async function call(path: '' | '/query', params: Record<string, string>) {
  const response = await fetch(`${yuefu.baseUrl}${path}?${qs(params)}`);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text };
}
async function query(params: Record<string, string>) {
  const { text } = await call('/query', params);
  return JSON.parse(text) as {
    resCode: string;
    success: boolean;
    message?: string;
    object?: { phone: string; par: string };
  };
}

describe('token', () => {
  it('issues a 32-hex token to a whitelisted caller', async () => {
    const response = await post(`appId=${DEMO_APP.appId}`);
    expect(await response.json()).toEqual({
      resCode: '0',
      success: true,
      message: expect.stringMatching(/^[0-9A-F]{32}$/),
    });
  });

  it('answers only POST', async () => {
    expect((await fetch(`${yuefu.baseUrl}/token?appId=${DEMO_APP.appId}`)).status).toBe(405);
  });

  it('answers resCode 2 for an app without the feature or unknown', async () => {
    expect(await (await post('appId=app-off')).json()).toMatchObject({
      resCode: '2',
      success: false,
      message: '用户未开通功能',
    });
    expect(await (await post('appId=nobody')).json()).toMatchObject({ resCode: '2' });
  });

  it('answers resCode 1 to a caller off the whitelist', async () => {
    const mock = createMockYuefu();
    const response = await mock.fetch(
      new Request('http://m.test/getphone/token', {
        method: 'POST',
        body: new URLSearchParams({ appId: DEMO_APP.appId }),
      }),
      {
        clientAddress: '203.0.113.9',
      },
    );
    expect(await response.json()).toMatchObject({ resCode: '1', message: '用户IP不在白名单内' });
  });
});

describe('getphone and query', () => {
  it('answers 3 until the carrier resolves, then 0 with the masked phone and a 32-hex par', async () => {
    const sign = await signFor();
    await call('', { appId: DEMO_APP.appId, sign });
    expect(await query({ appId: DEMO_APP.appId, sign })).toMatchObject({
      resCode: '3',
      success: false,
      message: '获取结果失败',
    });
    now += 500;
    expect(await query({ appId: DEMO_APP.appId, sign })).toEqual({
      success: true,
      resCode: '0',
      object: { phone: '134****8682', par: expect.stringMatching(/^[0-9A-F]{32}$/) },
    });
  });

  it('answers 3 for a sign getphone never saw', async () => {
    expect((await query({ appId: DEMO_APP.appId, sign: await signFor() })).resCode).toBe('3');
  });

  it.each([
    ['no appId', (sign: string) => ({ sign })],
    ['no sign', () => ({ appId: DEMO_APP.appId })],
    ['an empty sign', () => ({ appId: DEMO_APP.appId, sign: '' })],
  ])('answers 1 for %s', async (_name, params) => {
    const body = await query(params(await signFor()));
    expect(body).toMatchObject({ resCode: '1', message: '缺少参数' });
  });

  describe('answers 2 to a sign the provider would refuse', () => {
    // Some two hundred queries: 2.3 s under npm run test:stress, so a budget of its own.
    it('one Base64 character flipped, at every position', { timeout: 15_000 }, async () => {
      const sign = await signFor();
      await call('', { appId: DEMO_APP.appId, sign });
      now += 500;
      const codes = new Set<string>();
      for (let i = 0; i < sign.length; i++) {
        const c = sign[i] as string;
        const flipped = sign.slice(0, i) + (c === 'A' ? 'B' : 'A') + sign.slice(i + 1);
        if (flipped !== sign) codes.add((await query({ appId: DEMO_APP.appId, sign: flipped })).resCode);
      }
      expect([...codes]).toEqual(['2']);
    });

    it('a + that arrived as a space', async () => {
      let sign = await signFor();
      while (!sign.includes('+')) sign = await signFor();
      const url = `${yuefu.baseUrl}/query?appId=${DEMO_APP.appId}&sign=${sign}`; // not encoded: + reads as a space
      expect(((await (await fetch(url)).json()) as { resCode: string }).resCode).toBe('2');
    });

    it('signed with another app’s key', async () => {
      const token = await tokenFor(DEMO_APP.appId);
      const sign = await buildSign({ appId: DEMO_APP.appId, token }, 'cccccccccccccccc');
      expect((await query({ appId: DEMO_APP.appId, sign })).resCode).toBe('2');
    });

    it('for another appId than the query’s', async () => {
      const sign = await signFor('app-other', 'cccccccccccccccc');
      expect((await query({ appId: DEMO_APP.appId, sign })).resCode).toBe('2');
    });

    it('with a token the provider never issued', async () => {
      const sign = await buildSign(
        { appId: DEMO_APP.appId, token: '0123456789ABCDEF0123456789ABCDEF' },
        DEMO_APP.aesKey,
      );
      expect((await query({ appId: DEMO_APP.appId, sign })).resCode).toBe('2');
    });

    it('with another app’s token', async () => {
      const sign = await buildSign(
        { appId: DEMO_APP.appId, token: await tokenFor('app-other') },
        DEMO_APP.aesKey,
      );
      expect((await query({ appId: DEMO_APP.appId, sign })).resCode).toBe('2');
    });

    it('whose token expired (30 minutes)', async () => {
      const sign = await signFor();
      await call('', { appId: DEMO_APP.appId, sign });
      now += 30 * 60_000;
      expect((await query({ appId: DEMO_APP.appId, sign })).resCode).toBe('2');
    });

    it('for an unknown appId', async () => {
      expect((await query({ appId: 'nobody', sign: await signFor() })).resCode).toBe('2');
    });
  });

  it('never resolves an app on Wi-Fi', async () => {
    const sign = await signFor('app-wifi', 'bbbbbbbbbbbbbbbb');
    await call('', { appId: 'app-wifi', sign });
    now += 10 * 60_000;
    expect((await query({ appId: 'app-wifi', sign })).resCode).toBe('3');
  });

  it('answers JSONP when a callback is given, JSON otherwise', async () => {
    const sign = await signFor();
    const jsonp = await call('/query', { appId: DEMO_APP.appId, sign, callback: 'jQuery3710_17' });
    expect(jsonp.type).toMatch(/^application\/javascript/);
    expect(jsonp.text).toMatch(/^\/\*\*\/jQuery3710_17\(\{.*\}\);$/);
    const json = await call('/query', { appId: DEMO_APP.appId, sign });
    expect(json.type).toMatch(/^application\/json/);
  });

  it.each(['alert(1)//', 'a.b', '1abc', 'x y', '</script>'])(
    'refuses the callback name %j with HTTP 400',
    async (callback) => {
      const response = await call('/query', { appId: DEMO_APP.appId, sign: 'x', callback });
      expect(response.status).toBe(400);
      expect(response.text).not.toContain(callback);
    },
  );
});

describe('records', () => {
  // Its own mock and its own round, so it holds whatever the tests above do or skip.
  it('keeps what was asked, without signs or numbers', async () => {
    const mock = createMockYuefu({ resolveMs: 0 });
    const provider = (path: string, init?: RequestInit) =>
      mock.fetch(new Request(`http://mock.test/getphone${path}`, init), { clientAddress: '127.0.0.1' });
    const { sign } = (await (
      await mock.fetch(new Request('http://mock.test/demo/sign?appId=wozhitest'))
    ).json()) as {
      sign: string;
    };
    const params = qs({ appId: DEMO_APP.appId, sign, callback: 'cb' });
    await provider(`?${params}`);
    expect(await (await provider(`/query?${params}`)).text()).toContain('134****8682');

    expect(mock.requests.map(({ endpoint, status, resCode }) => [endpoint, status, resCode])).toEqual([
      ['token', 200, '0'],
      ['sign', 200, undefined],
      ['getphone', 200, '0'],
      ['query', 200, '0'],
    ]);
    for (const record of mock.requests) {
      expect(Object.keys(record).sort()).toEqual(['appId', 'endpoint', 'resCode', 'status']);
      expect(JSON.stringify(record)).not.toMatch(/8682|134\*{4}/);
      expect(JSON.stringify(record)).not.toContain(sign);
    }
  });

  it('tells onRequest of every request past the 1000 the log keeps', async () => {
    const told: string[] = [];
    const mock = createMockYuefu({ onRequest: (record) => told.push(record.endpoint) });
    for (let i = 0; i < 1001; i++)
      await mock.fetch(new Request('http://mock.test/getphone/query?appId=wozhitest&sign=x'));
    expect(mock.requests).toHaveLength(1000);
    expect(told).toHaveLength(1001);
    expect(new Set(told)).toEqual(new Set(['query']));
  });
});

describe('scenarios are made of faults', () => {
  // A scenario answers exactly as the fault it is made of, in every flow rather than the first.
  it.each([
    ['http-500', '', 'getphone-500'],
    ['http-500', '/query', 'query-500'],
    ['bad-envelope', '/query', 'query-bad-envelope'],
    ['no-callback', '/query', 'query-no-callback'],
    ['no-answer', '/query', 'query-hang'],
  ] as const)('%s on %s answers as %s', async (scenario, path, fault) => {
    const app = { appId: 'a', aesKey: DEMO_APP.aesKey };
    const byScenario = createMockYuefu({ hangMs: 1, apps: [{ ...app, scenario }] });
    const byFault = createMockYuefu({ hangMs: 1, apps: [{ ...app, fault }] });
    const answer = async (mock: typeof byScenario, sign: string) => {
      const url = `http://mock.test/getphone${path}?appId=a&sign=${sign}&callback=cb`;
      const response = await mock.fetch(new Request(url));
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        body: await response.text(),
      };
    };
    const first = await answer(byScenario, 'S');
    expect(first).toEqual(await answer(byFault, 'S'));
    expect(byScenario.requests).toEqual(byFault.requests);
    // Another flow (another sign): the fault has spent itself, the scenario has not.
    expect(await answer(byScenario, 'T')).toEqual(first);
    expect((await answer(byFault, 'T')).body).toContain('"resCode":"2"');
  });
});

describe('Host allow-list, against DNS rebinding', () => {
  /** A GET with the Host header a browser would send for `host`, whatever it resolved to. */
  const getWithHost = (path: string, host: string) =>
    new Promise<number>((resolve, reject) => {
      const target = new URL(yuefu.origin);
      request({ host: target.hostname, port: target.port, path, headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
  const port = () => new URL(yuefu.origin).port;

  it.each(['/demo/sign?appId=wozhitest', '/getphone/query?appId=wozhitest&sign=x', '/getphone'])(
    'refuses %s to another site’s name with 403',
    async (path) => {
      expect(await getWithHost(path, `rebind.evil.example:${port()}`)).toBe(403);
    },
  );

  it.each(['localhost', '127.0.0.1', '[::1]', 'LOCALHOST'])('answers %s on any port', async (name) => {
    expect(await getWithHost('/demo/sign?appId=wozhitest', `${name}:${port()}`)).toBe(200);
  });

  it('answers a request without a Host header (in-process, MSW) and the names it is told', async () => {
    const mock = createMockYuefu({ allowedHosts: ['dev.partner.test'] });
    const sign = (host?: string) =>
      mock.fetch(new Request('http://x/demo/sign?appId=wozhitest', host ? { headers: { host } } : {}));
    expect((await sign()).status).toBe(200);
    expect((await sign('dev.partner.test:4010')).status).toBe(200);
    expect((await sign('localhost:4010')).status).toBe(403);
  });
});

describe('the mock’s clock', () => {
  it('runs a hang and the carrier on the clock it was given, not on global timers', async () => {
    const time = manualClock();
    const mock = createMockYuefu({ clock: time.clock, scenario: 'no-answer', hangMs: 5000 });
    let status = 0;
    void mock.fetch(new Request('http://x/getphone/query?appId=wozhitest&sign=x&callback=cb')).then((r) => {
      status = r.status;
    });
    await time.advance(4999);
    expect(status).toBe(0);
    await time.advance(1);
    await vi.waitFor(() => expect(status).toBe(504));
  });
});
