/*
 * The provider's client plugin, getPhoneNum.js, as printed in its document (section 7.2),
 * with its one syntax error fixed: `{success: function(){}}, error: …}` became
 * `{success: function(){}, error: …}`. Nothing else changed. Tests and the benchmark replace
 * the base URL http://www.meiyuefu.com/getphone with the mock's.
 */
$.extend({
  getPhoneNum: function(config){
    var config = $.extend({success: function(){}, error: function(){}}, config);
    var sign = config.data.sign;
    var appId = config.data.appId;
    //把客户端信息发送过去
    $.ajax({
      url: "http://www.meiyuefu.com/getphone",
      data: {
        appId: appId,
        sign: sign
      },
      dataType: "jsonp",
      complete: function () {
        _sync(5)
      }
    })
    //轮询结果，成功返回successCallback，失败继续轮询5次
    function _sync(num){
      setTimeout(function(){
        $.ajax({
          url: "http://www.meiyuefu.com/getphone/query",
          dataType: "jsonp",
          data: {
            appId: appId,
            sign: sign
          },
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
})
