import { describe, expect, it } from 'vitest';
import { webCryptoAes } from '../../src/server/crypto/aesEcb';
import { nodeCryptoAes } from '../../src/server/crypto/aesEcbNode';
import { SignOpenError, signCodec, signPlaintext } from '../../src/server/crypto/signCodec';
import * as webSign from '../../src/server/index';
import { AesKeyError } from '../../src/server/index';
import * as nodeSign from '../../src/server/node';
import { SIGN_VECTOR } from '../support/fixtures';

// Every test runs on both AES backends: WebCrypto (every runtime but Node) and node:crypto
// (the `node` export condition). Each through its entry; `codec` adds the reqId check that confirmResult makes.
const BACKENDS = [
  { name: 'WebCrypto', aes: webCryptoAes, codec: signCodec(webCryptoAes), ...webSign },
  { name: 'node:crypto', aes: nodeCryptoAes, codec: signCodec(nodeCryptoAes), ...nodeSign },
] as const;

const KEY = SIGN_VECTOR.aesKey;
const VECTOR = { params: SIGN_VECTOR.params, plain: SIGN_VECTOR.plaintext, sign: SIGN_VECTOR.sign };

describe.each(BACKENDS)('$name', ({ aes, buildSign, openSign, codec }) => {
  describe('buildSign', () => {
    it('reproduces the protocol’s test vector (docs/protocol.md) byte for byte', async () => {
      expect(signPlaintext(VECTOR.params)).toBe(VECTOR.plain);
      await expect(buildSign(VECTOR.params, KEY)).resolves.toBe(VECTOR.sign);
    });

    it('sorts keys in ASCII order whatever order they come in', () => {
      const { token, timeStamp, reqId, appId } = VECTOR.params;
      expect(signPlaintext({ token, timeStamp, reqId, appId })).toBe(VECTOR.plain);
    });

    it('escapes as Gson does', () => {
      expect(signPlaintext({ ...VECTOR.params, reqId: "a=b<c>&'" })).toContain(
        '"reqId":"a\\u003db\\u003cc\\u003e\\u0026\\u0027"',
      );
    });

    it('defaults reqId to a fresh id and timeStamp to now', async () => {
      const before = Date.now();
      const a = await openSign(await buildSign({ appId: 'x', token: 'T' }, KEY), KEY);
      const b = await openSign(await buildSign({ appId: 'x', token: 'T' }, KEY), KEY);
      expect(a.reqId).toMatch(/^\d{30}$/); // digits only, as the document's example reqId
      expect(a.reqId).not.toBe(b.reqId);
      expect(Number(a.timeStamp)).toBeGreaterThanOrEqual(before);
      expect(Number(a.timeStamp)).toBeLessThanOrEqual(Date.now());
    });

    describe('its default reqId proves the sign was issued with this key', () => {
      const fields = {
        appId: 'wozhitest',
        token: '49FF63FD025711D51DC744E836319D00',
        timeStamp: '1700000000000',
      };

      it('for the four fields as issued, on either backend', async () => {
        const params = await openSign(await buildSign(fields, KEY), KEY);
        for (const other of BACKENDS) await expect(other.codec.isIssued(params, KEY)).resolves.toBe(true);
      });

      it('a different one for each of many signs in one millisecond, each proving its own', async () => {
        const signs = await Promise.all(Array.from({ length: 100 }, () => buildSign(fields, KEY)));
        const params = await Promise.all(signs.map((sign) => openSign(sign, KEY)));
        expect(new Set(params.map((p) => p.reqId)).size).toBe(100);
        const proven = await Promise.all(params.map((p) => codec.isIssued(p, KEY)));
        expect(proven.every(Boolean)).toBe(true);
      });

      it.each([
        ['another token', { token: '00000000000000000000000000000000' }],
        ['another timeStamp', { timeStamp: '1700000000001' }],
        ['another appId', { appId: 'wozhitest2' }],
        ['another reqId’s MAC', { reqId: `${'0'.repeat(15)}${'1'.repeat(15)}` }],
      ])('not with %s spliced in', async (_name, change) => {
        const params = await openSign(await buildSign(fields, KEY), KEY);
        await expect(codec.isIssued({ ...params, ...change }, KEY)).resolves.toBe(false);
      });

      it('not under another key, nor for a reqId the caller chose', async () => {
        const params = await openSign(await buildSign(fields, KEY), KEY);
        await expect(codec.isIssued(params, 'aaaaaaaaaaaaaaaa')).resolves.toBe(false);
        const chosen = await openSign(await buildSign({ ...fields, reqId: '5450312' }, KEY), KEY);
        await expect(codec.isIssued(chosen, KEY)).resolves.toBe(false);
      });
    });

    describe('a bound sign proves its binding, with no record per sign', () => {
      const fields = {
        appId: 'wozhitest',
        token: '49FF63FD025711D51DC744E836319D00',
        timeStamp: '1700000000000',
      };
      const bound = async (binding: string) => openSign(await codec.buildSign(fields, KEY, binding), KEY);

      it('is issued, and bound to its own binding alone, on either backend', async () => {
        const params = await bound('session-a');
        expect(params.reqId).toMatch(/^\d{45}$/); // 45 digits: told from an unbound sign without a binding
        for (const other of BACKENDS) {
          await expect(other.codec.isIssued(params, KEY)).resolves.toBe(true);
          await expect(other.codec.isBoundTo(params, KEY, 'session-a')).resolves.toBe(true);
          await expect(other.codec.isBoundTo(params, KEY, 'session-b')).resolves.toBe(false);
          await expect(other.codec.isBoundTo(params, KEY, undefined)).resolves.toBe(false);
          await expect(other.codec.isBoundTo(params, KEY, '')).resolves.toBe(false);
        }
      });

      it('an unbound sign is bound to no binding', async () => {
        const params = await openSign(await buildSign(fields, KEY), KEY);
        await expect(codec.isBoundTo(params, KEY, undefined)).resolves.toBe(true);
        await expect(codec.isBoundTo(params, KEY, 'session-a')).resolves.toBe(false);
        // An empty binding is none: a sign handler whose cookie is not set yet signs unbound.
        const empty = await openSign(await codec.buildSign(fields, KEY, ''), KEY);
        expect(empty.reqId).toMatch(/^\d{30}$/);
      });

      it('cutting the binding’s digits off does not make an unbound sign that proves', async () => {
        const params = await bound('session-a');
        await expect(codec.isIssued({ ...params, reqId: params.reqId.slice(0, 30) }, KEY)).resolves.toBe(
          false,
        );
      });

      it('another binding’s digits spliced in do not prove', async () => {
        const a = await bound('session-a');
        const b = await bound('session-b');
        const spliced = { ...a, reqId: a.reqId.slice(0, 30) + b.reqId.slice(30) };
        await expect(codec.isBoundTo(spliced, KEY, 'session-b')).resolves.toBe(false);
        await expect(codec.isBoundTo(spliced, KEY, 'session-a')).resolves.toBe(false);
      });
    });

    it.each(['short', 'h1q9750o8141K8641', '', 'h1q9750o8141K86é'])(
      'refuses the key %j, which is not 16 UTF-8 bytes',
      async (key) => {
        await expect(buildSign(VECTOR.params, key)).rejects.toBeInstanceOf(AesKeyError);
      },
    );

    it('accepts a 16-byte key written with non-ASCII characters', async () => {
      const key = '钥匙钥匙abcd'; // 4 × 3 + 4 = 16 bytes
      const sign = await buildSign(VECTOR.params, key);
      await expect(openSign(sign, key)).resolves.toEqual(VECTOR.params);
    });
  });

  describe('openSign', () => {
    it('opens the vector', async () => {
      await expect(openSign(VECTOR.sign, KEY)).resolves.toEqual(VECTOR.params);
    });

    it('round-trips non-ASCII values', async () => {
      const params = { appId: '悦付测试', reqId: 'ré-q 1', timeStamp: '1', token: '令牌🙂' };
      await expect(openSign(await buildSign(params, KEY), KEY)).resolves.toEqual(params);
    });

    it('rejects the sign under a foreign key', async () => {
      await expect(openSign(VECTOR.sign, 'aaaaaaaaaaaaaaaa')).rejects.toBeInstanceOf(SignOpenError);
    });

    it('rejects every one-character tampering of the sign', async () => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      let opened = 0;
      for (let i = 0; i < VECTOR.sign.length - 2; i++) {
        const c = VECTOR.sign[i] as string;
        const flipped = alphabet[(alphabet.indexOf(c) + 1) % 64] as string;
        const tampered = VECTOR.sign.slice(0, i) + flipped + VECTOR.sign.slice(i + 1);
        const params = await openSign(tampered, KEY).catch(() => undefined);
        if (params && JSON.stringify(params) === JSON.stringify(VECTOR.params)) opened++;
      }
      expect(opened).toBe(0);
    });

    it('rejects a sign whose + arrived as a space', async () => {
      await expect(openSign(VECTOR.sign.replaceAll('+', ' '), KEY)).rejects.toBeInstanceOf(SignOpenError);
    });

    it.each([
      ['an array', '[]'],
      ['a missing key', '{"appId":"a","reqId":"r","timeStamp":"1"}'],
      ['an extra key', '{"appId":"a","extra":"x","reqId":"r","timeStamp":"1","token":"t"}'],
      ['a number value', '{"appId":"a","reqId":1,"timeStamp":"1","token":"t"}'],
      ['not JSON', 'appId=a'],
    ])('rejects a well-encrypted sign holding %s', async (_name, plain) => {
      const sign = await aes.seal(plain, KEY);
      await expect(openSign(sign, KEY)).rejects.toBeInstanceOf(SignOpenError);
    });
  });
});
