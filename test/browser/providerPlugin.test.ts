import $ from 'jquery';
import { describe, expect, inject, it } from 'vitest';

// The provider's own client (document sections 7.1 and 7.2), run against the mock. Two changes
// only: its syntax error fixed (`{success: function(){}}, error: …}`), and its hard-coded
// base URL pointed at the mock. The mock must satisfy it as the real service does.
const PLUGIN = `
$.extend({
  getPhoneNum: function(config){
    var config = $.extend({success: function(){}, error: function(){}}, config);
    var sign = config.data.sign;
    var appId = config.data.appId;
    $.ajax({
      url: "http://www.meiyuefu.com/getphone",
      data: { appId: appId, sign: sign },
      dataType: "jsonp",
      complete: function () { _sync(5) }
    })
    function _sync(num){
      setTimeout(function(){
        $.ajax({
          url: "http://www.meiyuefu.com/getphone/query",
          dataType: "jsonp",
          data: { appId: appId, sign: sign },
          success: function(data){
            if (data.success) {
              config.success(data)
            } else {
              if(num > 0){
                _sync(--num)
              } else {
                config.error(data)
              }
            }
          }
        })
      }, 1000)
    }
  }
})`;

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
