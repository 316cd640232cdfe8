import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { confirmResultFactory } from '../../src/server/confirmResult';
import { nodeCryptoAes } from '../../src/server/crypto/aesEcbNode';
import { signCodec } from '../../src/server/crypto/signCodec';
import { confirmResult, createSignHandler } from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// confirmResult's smaller refusals: what it must not spend time on, and an answer that
// contradicts itself.
let fake: FakeYuefu;
beforeAll(async () => {
  fake = await startFakeYuefu();
});
afterAll(() => fake.close());

const yuefu = () => ({
  appId: fake.appId,
  aesKey: fake.aesKey,
  baseUrl: fake.baseUrl,
  store: memoryTokenStore(),
});

describe('a sign over 1 KB', () => {
  it('is SIGN_INVALID without being decoded', async () => {
    const codec = signCodec(nodeCryptoAes);
    const openSign = vi.spyOn(codec, 'openSign');
    const confirm = confirmResultFactory(codec);
    const huge = 'A'.repeat(1024 * 1024);
    await expect(confirm({ ...yuefu(), sign: huge })).rejects.toMatchObject({ code: 'SIGN_INVALID' });
    await expect(confirm({ ...yuefu(), sign: 'A'.repeat(1028) })).rejects.toMatchObject({
      code: 'SIGN_INVALID',
    });
    expect(openSign).not.toHaveBeenCalled();
  });

  it('is refused in microseconds, where decoding it took 230–320 ms (printed, not asserted)', async () => {
    const huge = 'A'.repeat(1024 * 1024);
    const options = { ...yuefu(), sign: huge };
    await confirmResult(options).catch(() => undefined); // warm
    const rounds = 200;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) await confirmResult(options).catch(() => undefined);
    const each = (performance.now() - started) / rounds;
    console.info(`a 1 MB sign refused in ${(each * 1000).toFixed(1)} µs`);
    await expect(confirmResult(options)).rejects.toMatchObject({ code: 'SIGN_INVALID' });
  });
});

describe('an answer with resCode 0', () => {
  it('is RESULT_MALFORMED unless success is true beside it', async () => {
    const handler = createSignHandler(yuefu());
    const signed = async () => {
      const response = await handler(new Request(`http://partner.test/sign?appId=${fake.appId}`));
      return ((await response.json()) as { sign: string }).sign;
    };
    const object = { phone: '138****5678', par: 'A1B2C3' };
    const answering = (body: unknown) => async () => Response.json(body);
    for (const body of [
      { resCode: 0, success: false, object },
      { resCode: '0', object },
      { resCode: '0', success: 'true', object },
    ]) {
      await expect(
        confirmResult({ ...yuefu(), sign: await signed(), fetch: answering(body) }),
      ).rejects.toMatchObject({ code: 'RESULT_MALFORMED' });
    }
    await expect(
      confirmResult({
        ...yuefu(),
        sign: await signed(),
        fetch: answering({ resCode: 0, success: true, object }),
      }),
    ).resolves.toMatchObject({ phone: '138****5678' });
  });
});
