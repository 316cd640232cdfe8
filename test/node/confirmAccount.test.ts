import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ConfirmAccount,
  createConfirmHandler,
  createSignHandler,
  maskMatches,
  SERVER_ERRORS,
} from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// The account rule on the confirm route (`account`), against a provider that counts every query
// (test/support/fakeYuefu.ts), which answers 138****5678: one-tap logs in only the account this
// browser names, and only if the confirmed mask is that account's number.
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
const ALICE = { id: 'alice', phone: '13800005678' }; // the number the fake's mask is
const BOB = { id: 'bob', phone: '13800001234' }; // same prefix, other last digits

function setup(named: () => ConfirmAccount | undefined | Promise<ConfirmAccount | undefined>) {
  const yuefu = fresh();
  const sign = createSignHandler({ ...yuefu, bindingCookie: NAME });
  const onConfirmed = vi.fn(async (result: { account: ConfirmAccount }) =>
    Response.json({ id: result.account.id }),
  );
  const logger = { error: vi.fn(), warn: vi.fn() };
  const account = vi.fn(named);
  const confirm = createConfirmHandler({ ...yuefu, bindingCookie: NAME, account, onConfirmed, logger });
  const signed = async () => {
    const response = await sign(new Request(`http://shop.test/sign?appId=${fake.appId}`));
    const { sign: value } = (await response.json()) as { sign: string };
    return { sign: value, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] as string };
  };
  const post = ({ sign: value, cookie }: { sign: string; cookie: string }) =>
    confirm(
      new Request('http://shop.test/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
        body: JSON.stringify({ sign: value }),
      }),
    );
  return { signed, post, onConfirmed, logger, account };
}

const codeOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

describe('createConfirmHandler({ account })', () => {
  it('no account: 401 NO_ACCOUNT with its fixed text, no provider query, the sign still confirmable', async () => {
    let named: ConfirmAccount | undefined;
    const { signed, post, onConfirmed } = setup(() => named);
    const issued = await signed();
    const queries = fake.counts.query;
    const refused = await post(issued);
    expect(refused.status).toBe(401);
    expect(await codeOf(refused)).toEqual({ code: 'NO_ACCOUNT', message: SERVER_ERRORS.NO_ACCOUNT.message });
    expect(fake.counts.query).toBe(queries);
    expect(onConfirmed).not.toHaveBeenCalled();
    named = ALICE; // after an SMS login the browser names Alice: the same sign logs her in
    expect((await post(issued)).status).toBe(200);
  });

  it('the account whose number the mask is: logged in, and onConfirmed receives it', async () => {
    const { signed, post, onConfirmed, account } = setup(async () => ({ ...ALICE, plan: 'gold' }));
    const response = await post(await signed());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'alice' });
    expect(account).toHaveBeenCalledWith(expect.any(Request));
    expect(onConfirmed).toHaveBeenCalledWith(
      { phone: '138****5678', par: fake.result.par, carrier: 'mobile', account: { ...ALICE, plan: 'gold' } },
      expect.any(Request),
    );
  });

  it('a mask of another number (same prefix, other last digits): 401 NUMBER_MISMATCH, the sign spent', async () => {
    const { signed, post, onConfirmed } = setup(() => BOB);
    const issued = await signed();
    const queries = fake.counts.query;
    const refused = await post(issued);
    expect(refused.status).toBe(401);
    expect(await codeOf(refused)).toEqual({
      code: 'NUMBER_MISMATCH',
      message: SERVER_ERRORS.NUMBER_MISMATCH.message,
    });
    expect(fake.counts.query).toBe(queries + 1);
    expect(onConfirmed).not.toHaveBeenCalled();
    // It resolved: a retry asks Yuefu nothing and logs nobody in.
    const again = await post(issued);
    expect(await codeOf(again)).toMatchObject({ code: 'SIGN_USED' });
    expect(fake.counts.query).toBe(queries + 1);
  });

  it('an account lookup that throws, or gives no account shape: 500 INTERNAL, logged, nothing spent', async () => {
    for (const bad of [
      () => {
        throw new Error('session store down');
      },
      () => ({ id: '', phone: ALICE.phone }),
      () => ({ id: 'x' }) as unknown as ConfirmAccount,
      () => 'alice' as unknown as ConfirmAccount,
    ]) {
      const { signed, post, logger } = setup(bad);
      const queries = fake.counts.query;
      const response = await post(await signed());
      expect(response.status).toBe(500);
      expect(await codeOf(response)).toMatchObject({ code: 'INTERNAL' });
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect(fake.counts.query).toBe(queries);
    }
  });

  it('an account that is no function throws at construction', () => {
    const yuefu = fresh();
    const account = { id: 'alice', phone: ALICE.phone } as unknown as () => undefined;
    expect(() =>
      createConfirmHandler({ ...yuefu, account, onConfirmed: async () => new Response() }),
    ).toThrow(/account must be a function/);
  });

  it('types: the result carries the account exactly when `account` is given', () => {
    const yuefu = fresh();
    createConfirmHandler({
      ...yuefu,
      account: () => ALICE,
      onConfirmed: (result) => Response.json({ id: result.account.id, phone: result.account.phone }),
    });
    createConfirmHandler({
      ...yuefu,
      // @ts-expect-error without `account` the result names no account
      onConfirmed: (result) => Response.json({ id: result.account.id }),
    });
  });
});

describe('maskMatches', () => {
  it('matches the first 3 and last 4 digits', () => {
    expect(maskMatches('138****5678', '13800005678')).toBe(true);
    expect(maskMatches('138****5678', '13899995678')).toBe(true);
    expect(maskMatches('138****5678', '13800001234')).toBe(false);
    expect(maskMatches('139****5678', '13800005678')).toBe(false);
  });

  it('refuses malformed input: false, never a throw', () => {
    const masks = [
      '138****567',
      '138***55678',
      '138xxxx5678',
      '13800005678',
      '138****5678 ',
      '',
      '１３８****5678',
    ];
    for (const masked of masks) expect(maskMatches(masked, '13800005678')).toBe(false);
    const phones = [
      '1380000567',
      '138000056789',
      '+8613800005678',
      ' 13800005678',
      '138 0000 5678',
      '138****5678',
    ];
    for (const phone of phones) expect(maskMatches('138****5678', phone)).toBe(false);
    const junk = [undefined, null, 13800005678, {}, ['138****5678'], Symbol('x')] as unknown as string[];
    for (const value of junk) {
      expect(maskMatches(value, '13800005678')).toBe(false);
      expect(maskMatches('138****5678', value)).toBe(false);
    }
  });
});
