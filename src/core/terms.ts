import type { Carrier } from './carrier.js';
import type { Locale } from './errors.js';

const MOBILE_TERMS = 'https://wap.cmpassport.com/resources/html/contract.html';
const UNICOM_TERMS = 'https://auth.wosms.cn/html/oauth/protocol2.html';
const TELECOM_TERMS = 'https://e.189.cn/sdk/agreement/detail.do?hidetop=true';

/** One document the user agrees to: a carrier's terms or one of the partner's agreements. */
export interface Agreement {
  title: string;
  href: string;
}

/**
 * Each carrier's own terms, as the one-tap providers link them on the authorization step.
 * China Broadnet has none (no one-tap provider serves it yet) and neither has an unknown
 * carrier: the step then lists only the partner's agreements.
 */
export const CARRIER_TERMS: Record<Locale, Partial<Record<Carrier, Agreement>>> = {
  'zh-CN': {
    mobile: { title: '《中国移动认证服务条款》', href: MOBILE_TERMS },
    unicom: { title: '《中国联通认证服务协议》', href: UNICOM_TERMS },
    telecom: { title: '《天翼账号服务与隐私协议》', href: TELECOM_TERMS },
  },
  en: {
    mobile: { title: 'China Mobile Authentication Terms', href: MOBILE_TERMS },
    unicom: { title: 'China Unicom Authentication Agreement', href: UNICOM_TERMS },
    telecom: { title: 'China Telecom Account Terms and Privacy', href: TELECOM_TERMS },
  },
};
