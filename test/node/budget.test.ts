import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/clock';
import {
  confirmResult,
  createConfirmHandler,
  createSignHandler,
  type LimitKind,
} from '../../src/server/node';
import { memoryTokenStore, type TokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// What a partner's public routes cost it at the provider (each lookup may be billed), against a
// provider that is not our mock and counts every query (test/support/fakeYuefu.ts).
let fake: FakeYuefu;
beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

function setup() {
  let now = Date.now();
  const clock = { ...systemClock, now: () => now };
  const store = memoryTokenStore({ clock });
  const yuefu = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, store, clock };
  const handler = createSignHandler(yuefu);
  const signFrom = async (query = '') => {
    const response = await handler(new Request(`http://partner.test/sign?appId=${fake.appId}${query}`));
    expect(response.status).toBe(200);
    return ((await response.json()) as { sign: string }).sign;
  };
  const confirm = (sign: string) => confirmResult({ ...yuefu, sign });
  return { signFrom, confirm, advance: (ms: number) => (now += ms) };
}

/** The provider queries `work` makes. */
async function queriesOf(work: () => Promise<unknown>): Promise<number> {
  const before = fake.counts.query;
  await work();
  return fake.counts.query - before;
}

describe('what confirms cost at the provider', () => {
  it('50 replays of a confirmed sign make no provider query', async () => {
    const { signFrom, confirm } = setup();
    const sign = await signFrom();
    await expect(confirm(sign)).resolves.toBeDefined();
    const queries = await queriesOf(async () => {
      for (let i = 0; i < 50; i++) await expect(confirm(sign)).rejects.toMatchObject({ code: 'SIGN_USED' });
    });
    expect(queries).toBe(0);
  });

  it('10 confirms of a sign that never resolves make at most 3, sequential or at once', async () => {
    const { signFrom, confirm } = setup();
    fake.unresolved = true;
    try {
      const one = await signFrom();
      const sequential = await queriesOf(async () => {
        for (let i = 0; i < 10; i++)
          await expect(confirm(one)).rejects.toMatchObject({ code: 'RESULT_UNAVAILABLE' });
      });
      const other = await signFrom();
      const concurrent = await queriesOf(() =>
        Promise.allSettled(Array.from({ length: 10 }, () => confirm(other))),
      );
      console.info(
        `10 confirms of a never-resolving sign: ${sequential} provider queries (${concurrent} at once)`,
      );
      expect(sequential).toBe(3);
      expect(concurrent).toBe(3);
    } finally {
      fake.unresolved = false;
    }
  });

  it('a sign that resolves on its third query still confirms', async () => {
    const { signFrom, confirm } = setup();
    const sign = await signFrom();
    fake.unresolved = true;
    await expect(confirm(sign)).rejects.toMatchObject({ code: 'RESULT_UNAVAILABLE' });
    await expect(confirm(sign)).rejects.toMatchObject({ code: 'RESULT_UNAVAILABLE' });
    fake.unresolved = false;
    await expect(confirm(sign)).resolves.toMatchObject({ phone: '138****5678' });
  });
});

describe('what token-expired reports cost at the provider', () => {
  it('400 reports over 2.5 s make at most one query per cached token per 5 s', async () => {
    const { signFrom, advance } = setup();
    const sign = await signFrom();
    const report = `&reason=token-expired&sign=${encodeURIComponent(sign)}`;
    const queries = await queriesOf(async () => {
      for (let i = 0; i < 400; i++) {
        await signFrom(report);
        advance(i % 4 === 3 ? 7 : 6); // 6.25 ms apart, in whole ms as the sign dates them
      }
    });
    console.info(`400 token-expired reports over 2.5 s: ${queries} provider queries`);
    expect(queries).toBeLessThanOrEqual(2);
    expect(queries).toBe(1);
    // 5 s after that check, the next report is checked again: a revocation is seen.
    advance(2500);
    expect(await queriesOf(() => signFrom(report))).toBe(1);
  });
});

describe('one sign, two instances whose clocks differ by 90 s', () => {
  it('confirms once: the records outlive the sign on either clock', async () => {
    let now = Date.now();
    const onTime = { ...systemClock, now: () => now };
    const ahead = { ...systemClock, now: () => now + 90_000 };
    // The shared store on its own clock, keeping each entry for its own life as Redis does
    // (the memory store takes a writer's expiresAt as a time on its clock: one process, one clock).
    const memory = memoryTokenStore({ clock: onTime });
    const store: TokenStore = {
      ...memory,
      set: (key, entry) =>
        memory.set(key, { ...entry, fetchedAt: now, expiresAt: now + entry.expiresAt - entry.fetchedAt }),
    };
    const yuefu = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, store };
    const handler = createSignHandler({ ...yuefu, clock: onTime });
    const response = await handler(new Request(`http://partner.test/sign?appId=${fake.appId}`));
    const { sign } = (await response.json()) as { sign: string };

    await expect(confirmResult({ ...yuefu, sign, clock: ahead })).resolves.toBeDefined();
    now += 100_000; // 100 s old on the clock on time: still within its 2 minutes there
    const queries = await queriesOf(() =>
      expect(confirmResult({ ...yuefu, sign, clock: onTime })).rejects.toMatchObject({ code: 'SIGN_USED' }),
    );
    expect(queries).toBe(0);
  });
});

describe('what reports of one sign cost, beside its confirms', () => {
  const reportOf = (sign: string) => `&reason=token-expired&sign=${encodeURIComponent(sign)}`;

  it('a confirmed sign reported 10 times, 5 s apart, makes no provider query', async () => {
    const { signFrom, confirm, advance } = setup();
    const sign = await signFrom();
    await expect(confirm(sign)).resolves.toBeDefined();
    const queries = await queriesOf(async () => {
      for (let i = 0; i < 10; i++) {
        advance(5000); // past each token check's 5 s cooldown
        await signFrom(reportOf(sign));
      }
    });
    console.info(`a confirmed sign reported 10 times 5 s apart: ${queries} provider queries`);
    expect(queries).toBe(0);
  });

  it('an unconfirmed sign: its reports and confirms together make at most 3', async () => {
    const { signFrom, confirm, advance } = setup();
    const sign = await signFrom();
    fake.unresolved = true;
    let queries: number;
    try {
      queries = await queriesOf(async () => {
        await expect(confirm(sign)).rejects.toMatchObject({ code: 'RESULT_UNAVAILABLE' });
        for (let i = 0; i < 5; i++) {
          advance(5000);
          await signFrom(reportOf(sign));
        }
        await expect(confirm(sign)).rejects.toMatchObject({ code: 'RESULT_UNAVAILABLE' });
      });
    } finally {
      fake.unresolved = false;
    }
    console.info(`an unconfirmed sign, 2 confirms and 5 reports 5 s apart: ${queries} provider queries`);
    expect(queries).toBe(3);
    // Spent: even now that the carrier would answer, the page must start over with a new sign.
    expect(
      await queriesOf(() => expect(confirm(sign)).rejects.toMatchObject({ code: 'RESULT_UNAVAILABLE' })),
    ).toBe(0);
  });
});

describe('a limit hook on both handlers', () => {
  const yuefu = () => ({
    appId: fake.appId,
    aesKey: fake.aesKey,
    baseUrl: fake.baseUrl,
    store: memoryTokenStore(),
  });

  it('false answers 429 with Retry-After, before a token is fetched, for signs and reports', async () => {
    const limit = vi.fn(
      (_request: Request, kind: LimitKind): boolean | Promise<boolean> => kind !== 'expiry-report',
    );
    const handler = createSignHandler({ ...yuefu(), limit });
    const sign = await handler(new Request(`http://partner.test/sign?appId=${fake.appId}`));
    expect(sign.status).toBe(200);
    const tokens = fake.counts.token;
    const queries = fake.counts.query;
    const report = await handler(
      new Request(`http://partner.test/sign?appId=${fake.appId}&reason=token-expired&sign=x`),
    );
    expect(report.status).toBe(429);
    expect(report.headers.get('retry-after')).toBe('5');
    expect(await report.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: 'Too many requests: try again later' },
    });
    limit.mockImplementation(async () => false); // a promise of false counts the same
    expect((await handler(new Request(`http://partner.test/sign?appId=${fake.appId}`))).status).toBe(429);
    expect(limit.mock.calls.map(([, kind]) => kind)).toEqual(['sign', 'expiry-report', 'sign']);
    expect([fake.counts.token, fake.counts.query]).toEqual([tokens, queries]);
  });

  it('the confirm route: 429 before the body is read or Yuefu asked', async () => {
    const limit = vi.fn(async () => false);
    const onConfirmed = vi.fn(async () => new Response('ok'));
    const confirm = createConfirmHandler({ ...yuefu(), limit, onConfirmed });
    const queries = fake.counts.query;
    const response = await confirm(
      new Request('http://shop.test/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        body: '{"sign":"x"}',
      }),
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(limit).toHaveBeenCalledWith(expect.any(Request), 'confirm', { clientAddress: undefined });
    expect(fake.counts.query).toBe(queries);
  });

  it('under .node the hook gets the caller’s address, fast path included', async () => {
    const seen: Array<[LimitKind, string | undefined]> = [];
    const handler = createSignHandler({
      ...yuefu(),
      limit: (_request, kind, { clientAddress }) => {
        seen.push([kind, clientAddress]);
        return false;
      },
    });
    const server = createServer(handler.node);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/sign?appId=${fake.appId}`);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(seen).toEqual([['sign', '127.0.0.1']]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
