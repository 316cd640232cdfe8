import { describe, expect, it } from 'vitest';
import { isOneTapError } from '../../src/core/errors';
import {
  DEFAULT_BASE_URL,
  getphoneUrl,
  parseEnvelope,
  parseQueryResponse,
  queryUrl,
  tokenUrl,
} from '../../src/core/protocol';
import { SAMPLE_SIGN } from '../support/scriptedProvider';

const params = { appId: 'wozhitest', sign: SAMPLE_SIGN };

describe('URLs', () => {
  it('builds getphone, query and token from the default base URL', () => {
    const encoded = encodeURIComponent(SAMPLE_SIGN);
    expect(getphoneUrl(DEFAULT_BASE_URL, params)).toBe(
      `http://www.meiyuefu.com/getphone?appId=wozhitest&sign=${encoded}`,
    );
    expect(queryUrl(DEFAULT_BASE_URL, params)).toBe(
      `http://www.meiyuefu.com/getphone/query?appId=wozhitest&sign=${encoded}`,
    );
    expect(tokenUrl(DEFAULT_BASE_URL)).toBe('http://www.meiyuefu.com/getphone/token');
  });

  it('encodes + / = so that no server reads + as a space', () => {
    const url = new URL(getphoneUrl('http://x.test/getphone', { appId: 'a b&c', sign: 'ab+/cd==' }));
    expect(url.search).toBe('?appId=a%20b%26c&sign=ab%2B%2Fcd%3D%3D');
    expect(url.searchParams.get('sign')).toBe('ab+/cd==');
    expect(url.searchParams.get('appId')).toBe('a b&c');
  });

  it('ignores a trailing slash on the base URL', () => {
    expect(queryUrl('http://x.test/getphone/', params)).toMatch(/^http:\/\/x\.test\/getphone\/query\?/);
  });
});

describe('parseEnvelope', () => {
  it.each([
    [{ resCode: '0', success: true, message: 'T' }, '0'],
    [{ resCode: 0, success: true }, '0'],
    [{ resCode: 3 }, '3'],
    [{ resCode: ' 2 ' }, '2'],
    ['{"resCode":"1","message":"缺少参数"}', '1'],
  ])('normalizes %j to resCode %s', (input, code) => {
    expect(parseEnvelope(input).resCode).toBe(code);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an HTML string', '<html>502</html>'],
    ['an array', [1, 2]],
    ['a number', 42],
    ['no resCode', { success: true }],
    ['resCode as text', { resCode: 'ok' }],
    ['resCode as a fraction', { resCode: 1.5 }],
    ['resCode as an object', { resCode: {} }],
  ])('throws BAD_RESPONSE for %s, never a crash', (_name, input) => {
    let thrown: unknown;
    try {
      parseEnvelope(input);
    } catch (error) {
      thrown = error;
    }
    expect(isOneTapError(thrown, 'BAD_RESPONSE')).toBe(true);
  });
});

describe('parseQueryResponse', () => {
  const object = { par: 'B0A63A589B1541DC9B3E4C8F25F073F7', phone: '134****8682' };

  it('reads the document’s success example', () => {
    expect(parseQueryResponse({ success: true, resCode: '0', object })).toEqual({ resCode: '0', ...object });
  });

  it('reads object given as a JSON string, as the document’s field table types it', () => {
    expect(parseQueryResponse({ success: true, resCode: '0', object: JSON.stringify(object) })).toEqual({
      resCode: '0',
      ...object,
    });
  });

  it.each(['1', '2', '3'])('passes resCode %s on with the provider’s message', (code) => {
    expect(parseQueryResponse({ success: false, resCode: Number(code), message: 'm' })).toEqual({
      resCode: code,
      message: 'm',
    });
  });

  it.each([
    ['object null', { resCode: '0', object: null }],
    ['object a non-JSON string', { resCode: '0', object: 'phone=134' }],
    ['no phone', { resCode: '0', object: { par: 'P' } }],
    ['an empty phone', { resCode: '0', object: { par: 'P', phone: '' } }],
    ['a numeric phone', { resCode: '0', object: { par: 'P', phone: 13400008682 } }],
    ['a 1 KB phone', { resCode: '0', object: { par: 'P', phone: 'x'.repeat(1024) } }],
    ['markup as the phone', { resCode: '0', object: { par: 'P', phone: '<img src=x onerror=alert(1)>' } }],
    ['a javascript: URL as the phone', { resCode: '0', object: { par: 'P', phone: 'javascript:alert(1)' } }],
    [
      'a phishing line as the phone',
      { resCode: '0', object: { par: 'P', phone: '验证失败，请拨打客服 400-000-0000' } },
    ],
    ['an unmasked number', { resCode: '0', object: { par: 'P', phone: '13412348682' } }],
    [
      'an inherited phone',
      { resCode: '0', object: Object.assign(Object.create({ phone: '134****8682' }), { par: 'P' }) },
    ],
    ['markup as the par', { resCode: '0', object: { par: "x' OR '1'='1", phone: '134****8682' } }],
  ])('throws BAD_RESPONSE for resCode 0 with %s', (_name, input) => {
    expect(() => parseQueryResponse(input)).toThrowError(expect.objectContaining({ code: 'BAD_RESPONSE' }));
  });

  it('throws BAD_RESPONSE for a resCode the protocol does not define', () => {
    expect(() => parseQueryResponse({ resCode: '7', message: 'new' })).toThrowError(
      expect.objectContaining({ code: 'BAD_RESPONSE' }),
    );
  });

  it('keeps an unknown resCode and its message on the error', () => {
    expect(() => parseQueryResponse({ resCode: 7, message: 'new' })).toThrowError(
      expect.objectContaining({ resCode: '7', providerMessage: 'new' }),
    );
  });
});
