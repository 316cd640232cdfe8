import type { Carrier } from 'one-tap-phone';

// A custom authorization step must still say who authenticates the number and link that
// carrier's terms (carriers require it); <OneTapLogin> does this itself. Same texts and links.
export const ATTRIBUTION: Record<Carrier, string> = {
  mobile: '中国移动提供认证服务',
  unicom: '中国联通提供认证服务',
  telecom: '天翼账号提供认证服务',
  broadnet: '中国广电提供认证服务',
  unknown: '由运营商提供认证服务',
};

export const CARRIER_TERMS: Partial<Record<Carrier, { title: string; href: string }>> = {
  mobile: {
    title: '《中国移动认证服务条款》',
    href: 'https://wap.cmpassport.com/resources/html/contract.html',
  },
  unicom: { title: '《中国联通认证服务协议》', href: 'https://auth.wosms.cn/html/oauth/protocol2.html' },
  telecom: {
    title: '《天翼账号服务与隐私协议》',
    href: 'https://e.189.cn/sdk/agreement/detail.do?hidetop=true',
  },
};
