import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APP, type RunningMockYuefu, startMockYuefu } from '../../src/mock/node';
import { confirmResult } from '../../src/server/confirmResult';

let yuefu: RunningMockYuefu;
let now = 1_700_000_000_000;

beforeAll(async () => {
  yuefu = await startMockYuefu({ port: 0, clock: () => now, resolveMs: 300 });
});
afterAll(() => yuefu.close());

async function signedAndRequested(): Promise<string> {
  const { sign } = (await (await fetch(`${yuefu.signUrl}?appId=${DEMO_APP.appId}`)).json()) as {
    sign: string;
  };
  await fetch(`${yuefu.baseUrl}?appId=${DEMO_APP.appId}&sign=${encodeURIComponent(sign)}&callback=cb`);
  return sign;
}

describe('confirmResult', () => {
  it('repeats the query on the server and returns phone and par', async () => {
    const sign = await signedAndRequested();
    now += 300;
    await expect(confirmResult({ appId: DEMO_APP.appId, sign, baseUrl: yuefu.baseUrl })).resolves.toEqual({
      phone: '134****8682',
      par: expect.stringMatching(/^[0-9A-F]{32}$/),
    });
  });

  it('rejects with RESULT_UNAVAILABLE before the carrier resolved', async () => {
    const sign = await signedAndRequested();
    await expect(
      confirmResult({ appId: DEMO_APP.appId, sign, baseUrl: yuefu.baseUrl }),
    ).rejects.toMatchObject({
      code: 'RESULT_UNAVAILABLE',
      resCode: '3',
    });
  });

  it('rejects a forged sign with TOKEN_EXPIRED (resCode 2)', async () => {
    const sign = await signedAndRequested();
    const forged = `${sign.slice(0, 10)}${sign[10] === 'A' ? 'B' : 'A'}${sign.slice(11)}`;
    await expect(
      confirmResult({ appId: DEMO_APP.appId, sign: forged, baseUrl: yuefu.baseUrl }),
    ).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
    });
  });

  it('rejects with NETWORK when the provider cannot be reached', async () => {
    await expect(
      confirmResult({ appId: 'a', sign: 's', baseUrl: 'http://127.0.0.1:9/getphone' }),
    ).rejects.toMatchObject({
      code: 'NETWORK',
    });
  });
});
