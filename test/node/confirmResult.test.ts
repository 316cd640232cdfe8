import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../src/core/clock';
import { DEMO_APP, type RunningMockYuefu, startMockYuefu } from '../../src/mock/node';
import { buildSign, confirmResult, createSignHandler, openSign } from '../../src/server/index';
import { confirmResult as confirmResultNode } from '../../src/server/node';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';
import { memoryTokenStore, type TokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';
import { redisForFile } from '../support/redisServer';

// confirmResult against a provider that is not our mock (test/support/fakeYuefu.ts), two
// instances of a partner's backend sharing one redis-server: what a login may trust.
let fake: FakeYuefu;
const { connect } = redisForFile();

beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

let prefixSeq = 0;
/** Two instances, each with its Redis connection and sign handler, sharing one store prefix. */
async function backends() {
  const prefix = `confirm${prefixSeq++}:`;
  const instance = async () => {
    const client = await connect();
    const store = redisTokenStore({ client, prefix });
    const handler = createSignHandler({
      appId: fake.appId,
      aesKey: fake.aesKey,
      baseUrl: fake.baseUrl,
      store,
    });
    const confirm = (sign: string, more: { maxAgeMs?: number; clock?: Clock } = {}) =>
      confirmResult({ appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, sign, store, ...more });
    return { store, handler, confirm };
  };
  return [await instance(), await instance()] as const;
}

async function issued(handler: (request: Request) => Promise<Response>, appId = fake.appId): Promise<string> {
  const response = await handler(new Request(`http://partner.test/sign?appId=${appId}`));
  return ((await response.json()) as { sign: string }).sign;
}

describe('confirmResult, against a provider that is not our mock', () => {
  it('confirms a fresh sign its handler issued, once, with the carrier', async () => {
    const [a, b] = await backends();
    const sign = await issued(a.handler);
    await expect(a.confirm(sign)).resolves.toEqual({
      phone: '138****5678',
      par: 'A1B2C3D4E5F60718293A4B5C6D7E8F90',
      carrier: 'mobile',
    });
    await expect(a.confirm(sign)).rejects.toMatchObject({ code: 'SIGN_USED' });
    await expect(b.confirm(sign)).rejects.toMatchObject({ code: 'SIGN_USED' });
  });

  it('lets exactly one of two concurrent confirms of a sign win, across instances', async () => {
    const [a, b] = await backends();
    for (let round = 0; round < 10; round++) {
      const sign = await issued(a.handler);
      const outcomes = await Promise.allSettled([a.confirm(sign), b.confirm(sign)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'SIGN_USED' } });
    }
  });

  it('spends at most 3 provider queries on a sign over all its confirms, across instances', async () => {
    const [a, b] = await backends();
    const sign = await issued(a.handler);
    fake.unresolved = true;
    try {
      const before = fake.counts.query;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).confirm(sign)),
      );
      expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
      expect(fake.counts.query - before).toBe(3);
    } finally {
      fake.unresolved = false;
    }
    // spent: even once the carrier resolves, this sign asks no more
    const before = fake.counts.query;
    await expect(a.confirm(sign)).rejects.toMatchObject({ code: 'RESULT_UNAVAILABLE' });
    expect(fake.counts.query).toBe(before);
  });

  it('refuses a confirmed sign on another instance before asking the provider', async () => {
    const [a, b] = await backends();
    const sign = await issued(a.handler);
    await a.confirm(sign);
    const before = fake.counts.query;
    await expect(b.confirm(sign)).rejects.toMatchObject({ code: 'SIGN_USED' });
    expect(fake.counts.query).toBe(before);
  });

  it('refuses a sign the partner never issued, although the provider answers it', async () => {
    const [a] = await backends();
    const { token } = await openSign(await issued(a.handler), fake.aesKey);
    // Built with the key and a live token, but a reqId of the caller's choosing: the splice or
    // forgery the provider cannot tell from an issued sign.
    const forged = await buildSign({ appId: fake.appId, token, reqId: '5450312' }, fake.aesKey);
    const queries = fake.counts.query;
    const answer = await fetch(
      `${fake.baseUrl}/query?appId=${fake.appId}&sign=${encodeURIComponent(forged)}`,
    );
    expect(await answer.json()).toMatchObject({ resCode: '0' });
    await expect(a.confirm(forged)).rejects.toMatchObject({ code: 'SIGN_NOT_ISSUED' });
    expect(fake.counts.query).toBe(queries + 1); // refused before asking the provider
  });

  it('refuses a splice of two issued signs that reads as one of them (ECB has no MAC)', async () => {
    const [a] = await backends();
    const [first, second] = [await issued(a.handler), await issued(a.handler)];
    const target = JSON.stringify(await openSign(second, fake.aesKey));
    const [x, y] = [Buffer.from(first, 'base64'), Buffer.from(second, 'base64')];
    // Blocks of the first then blocks of the second: JSON with keys twice, which JSON.parse
    // reads as the second sign's fields.
    const splices: string[] = [];
    for (let i = 1; i < x.length / 16; i++) {
      for (let j = 1; j < y.length / 16; j++) {
        const splice = Buffer.concat([x.subarray(0, i * 16), y.subarray(j * 16)]).toString('base64');
        const read = await openSign(splice, fake.aesKey).catch(() => undefined);
        if (splice !== second && JSON.stringify(read) === target) splices.push(splice);
      }
    }
    expect(splices.length).toBeGreaterThan(0); // the attack is real
    for (const splice of splices) {
      await expect(a.confirm(splice)).rejects.toMatchObject({ code: 'SIGN_NOT_ISSUED' });
    }
    await expect(a.confirm(second)).resolves.toMatchObject({ phone: '138****5678' });
  });

  it('refuses a sign older than maxAgeMs by its timeStamp', async () => {
    const [a] = await backends();
    const sign = await issued(a.handler);
    const later = { ...systemClock, now: () => Date.now() + 30 }; // the confirm, 30 ms on
    await expect(a.confirm(sign, { maxAgeMs: 10, clock: later })).rejects.toMatchObject({
      code: 'SIGN_EXPIRED',
    });
    await expect(a.confirm(sign)).resolves.toMatchObject({ phone: '138****5678' });
  });

  it.each([
    ['a markup phone', { phone: '<img src=x onerror=alert(1)>' }],
    ['a full phone number', { phone: '13812345678' }],
    ['a malformed par', { par: "x' OR '1'='1" }],
  ])('refuses an answer with %s, and the sign stays unconfirmed', async (_name, spoil) => {
    const [a] = await backends();
    const sign = await issued(a.handler);
    const good = { ...fake.result };
    Object.assign(fake.result, spoil);
    try {
      await expect(a.confirm(sign)).rejects.toMatchObject({ code: 'RESULT_MALFORMED' });
    } finally {
      Object.assign(fake.result, good);
    }
    await expect(a.confirm(sign)).resolves.toMatchObject({ phone: '138****5678' });
  });

  it('refuses a sign that does not open with the key, or is for another app', async () => {
    const [a] = await backends();
    const sign = await issued(a.handler);
    const tampered = `${sign.slice(0, 10)}${sign[10] === 'A' ? 'B' : 'A'}${sign.slice(11)}`;
    await expect(a.confirm(tampered)).rejects.toMatchObject({ code: 'SIGN_INVALID' });
    const other = await buildSign({ appId: 'another', token: 'T0000000' }, fake.aesKey);
    await expect(a.confirm(other)).rejects.toMatchObject({ code: 'SIGN_INVALID' });
  });

  it('confirms alike on node:crypto, the Node entry', async () => {
    const store = memoryTokenStore();
    const handler = createSignHandler({
      appId: fake.appId,
      aesKey: fake.aesKey,
      baseUrl: fake.baseUrl,
      store,
    });
    const sign = await issued(handler);
    const options = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, sign, store };
    await expect(confirmResultNode(options)).resolves.toMatchObject({ carrier: 'mobile' });
    await expect(confirmResultNode(options)).rejects.toMatchObject({ code: 'SIGN_USED' });
  });

  it('throws a TypeError without a store', async () => {
    const options = { appId: fake.appId, aesKey: fake.aesKey, sign: 'x' } as never as { store: TokenStore };
    await expect(confirmResult(options as never)).rejects.toThrow(TypeError);
  });
});

describe('confirmResult, against the mock', () => {
  let yuefu: RunningMockYuefu;
  let now = 1_700_000_000_000;
  const clock = { ...systemClock, now: () => now };
  const store = memoryTokenStore({ clock });
  beforeAll(async () => {
    yuefu = await startMockYuefu({ port: 0, clock, resolveMs: 300 });
  });
  afterAll(() => yuefu.close());

  const confirm = (sign: string) =>
    confirmResult({
      appId: DEMO_APP.appId,
      aesKey: DEMO_APP.aesKey,
      sign,
      baseUrl: yuefu.baseUrl,
      store,
      clock,
    });
  async function signedAndRequested(): Promise<string> {
    const handler = createSignHandler({ ...DEMO_APP, baseUrl: yuefu.baseUrl, store, clock });
    const sign = await issued(handler, DEMO_APP.appId);
    await fetch(`${yuefu.baseUrl}?appId=${DEMO_APP.appId}&sign=${encodeURIComponent(sign)}&callback=cb`);
    return sign;
  }

  it('rejects with RESULT_UNAVAILABLE before the carrier resolved, and confirms after', async () => {
    const sign = await signedAndRequested();
    await expect(confirm(sign)).rejects.toMatchObject({ code: 'RESULT_UNAVAILABLE', resCode: '3' });
    now += 300;
    await expect(confirm(sign)).resolves.toEqual({
      phone: '134****8682',
      par: expect.stringMatching(/^[0-9A-F]{32}$/),
      carrier: 'mobile',
    });
  });

  it('rejects with NETWORK naming the host and the cause when the provider cannot be reached', async () => {
    const handler = createSignHandler({ ...DEMO_APP, baseUrl: yuefu.baseUrl, store, clock });
    const sign = await issued(handler, DEMO_APP.appId);
    const error = await confirmResult({
      ...DEMO_APP,
      sign,
      store,
      clock,
      baseUrl: 'http://127.0.0.1:9/getphone',
    }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'NETWORK' });
    expect((error as Error).message).toMatch(/127\.0\.0\.1:9: \S/); // the host, then why (here fetch refuses the port)
  });
});
