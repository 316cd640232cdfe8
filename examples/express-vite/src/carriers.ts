import type { Carrier } from 'one-tap-phone';
import { CARRIER_TERMS } from 'one-tap-phone/core';

// A custom authorization step must still say who authenticates the number and link that
// carrier's terms (carriers require it); <OneTapLogin> does this itself, with the same texts.
export const ATTRIBUTION: Record<Carrier, string> = {
  mobile: '中国移动提供认证服务',
  unicom: '中国联通提供认证服务',
  telecom: '天翼账号提供认证服务',
  broadnet: '中国广电提供认证服务',
  unknown: '由运营商提供认证服务',
};

// The carriers' terms, as <OneTapLogin> links them: from the library, so the links stay current.
export const TERMS = CARRIER_TERMS['zh-CN'];
