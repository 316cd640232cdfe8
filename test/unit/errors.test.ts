import { describe, expect, it } from 'vitest';
import { isOneTapError, ONE_TAP_ERRORS, OneTapError, type OneTapErrorCode } from '../../src/core/errors';

const codes = Object.keys(ONE_TAP_ERRORS) as OneTapErrorCode[];
/** The confirm route's endings (`confirmUrl`). */
const CONFIRM_CODES = [
  'NO_ACCOUNT',
  'NUMBER_MISMATCH',
  'SIGN_USED',
  'SIGN_EXPIRED',
  'RATE_LIMITED',
  'CONFIRM_FAILED',
] as const;

describe('OneTapError', () => {
  it('has at least the codes the flow promises', () => {
    expect(codes).toEqual(
      expect.arrayContaining([
        'SIGN_FAILED',
        'MISSING_PARAMS',
        'TOKEN_EXPIRED',
        'RESULT_UNAVAILABLE',
        'NETWORK',
        'TIMEOUT',
        'BAD_RESPONSE',
        'NOT_CELLULAR',
        'MIXED_CONTENT',
        'CSP_BLOCKED',
        'ABORTED',
        ...CONFIRM_CODES,
      ]),
    );
  });

  it.each(codes)('%s has a zh-CN and an en message', (code) => {
    const error = new OneTapError(code);
    expect(error.localizedMessage('zh-CN')).toMatch(/[\u4e00-\u9fff]/);
    expect(error.localizedMessage('en')).toMatch(/^[\x20-\x7e’]+$/);
    expect(error.message).toBe(error.localizedMessage('en'));
  });

  it.each(codes)('%s speaks to the user in their words: no “sign”, token, key or protocol', (code) => {
    const error = new OneTapError(code);
    expect(error.localizedMessage('zh-CN')).not.toContain('签名');
    expect(error.localizedMessage('en')).not.toMatch(/\b(sign|token|AES|appId|baseUrl|protocol|provider)\b/i);
  });

  it('offers the fallback for every failure but a cancel and the confirm route’s refusals of one attempt', () => {
    expect(codes.filter((code) => !new OneTapError(code).fallback)).toEqual([
      'ABORTED',
      'SIGN_USED',
      'SIGN_EXPIRED',
      'RATE_LIMITED',
    ]);
  });

  it.each(['NO_ACCOUNT', 'NUMBER_MISMATCH'] as const)(
    '%s sends the user to SMS, in both languages',
    (code) => {
      const error = new OneTapError(code);
      expect(error.fallback).toBe(true);
      expect(error.localizedMessage('zh-CN')).toContain('短信验证码登录');
      expect(error.localizedMessage('en')).toContain('SMS code');
    },
  );

  it.each(CONFIRM_CODES)('%s speaks to the user: no “sign” or 签名', (code) => {
    const error = new OneTapError(code);
    expect(error.localizedMessage('zh-CN')).not.toContain('签名');
    expect(error.localizedMessage('en')).not.toMatch(/\bsign\b/i);
  });

  it('keeps the provider’s resCode and message, the cause, and a detail', () => {
    const cause = new Error('underneath');
    const error = new OneTapError('RESULT_UNAVAILABLE', {
      resCode: '3',
      providerMessage: '获取结果失败',
      cause,
      detail: 'after 6 queries',
    });
    expect(error).toMatchObject({
      name: 'OneTapError',
      code: 'RESULT_UNAVAILABLE',
      resCode: '3',
      providerMessage: '获取结果失败',
      cause,
    });
    expect(error.message).toMatch(/: after 6 queries$/);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('isOneTapError', () => {
  it('recognizes a OneTapError, optionally of one code', () => {
    const error = new OneTapError('TIMEOUT');
    expect(isOneTapError(error)).toBe(true);
    expect(isOneTapError(error, 'TIMEOUT')).toBe(true);
    expect(isOneTapError(error, 'NETWORK')).toBe(false);
  });

  it.each([new Error('x'), { code: 'TIMEOUT' }, 'TIMEOUT', null, undefined])('rejects %s', (value) => {
    expect(isOneTapError(value)).toBe(false);
  });
});
