import $ from 'jquery';
import { describe, expect, inject, it } from 'vitest';

// The provider's own client (document sections 7.1 and 7.2), run unchanged but for its syntax
// error and its base URL (see getPhoneNum.js): the mock must satisfy it as the real service does.
import PLUGIN from '../support/getPhoneNum.js?raw';

describe('the provider’s jQuery plugin against the mock', () => {
  it('gets the masked phone, as section 7.1 shows it', async () => {
    const baseUrl = inject('mockBaseUrl');
    const signUrl = inject('mockSignUrl');
    new Function('$', PLUGIN.replaceAll('http://www.meiyuefu.com/getphone', baseUrl))($);
    const appId = 'wozhitest';
    const result = await new Promise<{ object: { phone: string } }>((resolve, reject) => {
      $.get(`${signUrl}?appId=${appId}`, (obj: { sign: string }) => {
        ($ as unknown as { getPhoneNum(config: unknown): void }).getPhoneNum({
          data: { sign: obj.sign, appId },
          success: resolve,
          error: reject,
        });
      });
    });
    expect(result).toMatchObject({ success: true, resCode: '0', object: { phone: '134****8682' } });
  });
});
