import type { Carrier } from './carrier.js';
import type { Locale } from './errors.js';

const MOBILE_TERMS = 'https://wap.cmpassport.com/resources/html/contract.html';
const UNICOM_TERMS = 'https://auth.wosms.cn/html/oauth/protocol2.html';
const TELECOM_TERMS = 'https://e.189.cn/sdk/agreement/detail.do?hidetop=true';

// One object per locale, not only the table below: react's labels take them by name, so a
// bundler can drop the labels where no step is shown (the hook alone).
export const CARRIER_ATTRIBUTION_ZH: Record<Carrier, string> = {
  mobile: '中国移动提供认证服务',
  unicom: '中国联通提供认证服务',
  telecom: '天翼账号提供认证服务',
  broadnet: '中国广电提供认证服务',
  unknown: '由运营商提供认证服务',
};
export const CARRIER_ATTRIBUTION_EN: Record<Carrier, string> = {
  mobile: 'Verified by China Mobile',
  unicom: 'Verified by China Unicom',
  telecom: 'Verified by China Telecom',
  broadnet: 'Verified by China Broadnet',
  unknown: 'Verified by your mobile carrier',
};
/**
 * Who authenticates the number, the line the carriers require on the authorization step
 * (中国移动提供认证服务), per locale and carrier; `unknown` is neutral. `<OneTapLogin>` shows
 * it (its `labels` override it); a page built on the core alone shows it beside the number,
 * with the carrier's terms from `CARRIER_TERMS`.
 */
export const CARRIER_ATTRIBUTION: Record<Locale, Record<Carrier, string>> = {
  'zh-CN': CARRIER_ATTRIBUTION_ZH,
  en: CARRIER_ATTRIBUTION_EN,
};

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
