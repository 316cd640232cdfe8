import type { Locale } from '../core/errors.js';
import { CARRIER_ATTRIBUTION_EN, CARRIER_ATTRIBUTION_ZH } from '../core/terms.js';

/** Every text `<OneTapLogin>` shows; override any of them with the `labels` prop. */
export interface OneTapLabels {
  /** The button before a number: looks it up. */
  idle: string;
  /** Shown and announced once for the whole lookup (not at each query: a screen reader would read every one). */
  requesting: string;
  /** @deprecated Not shown any more: `requesting` covers the whole lookup. */
  signing?: string;
  /** @deprecated Not shown any more: `requesting` covers the whole lookup. */
  polling?: string;
  /** The authorization step's login button; must contain 登录 (or 注册) in zh-CN. */
  login: string;
  /** The step after the login, while the partner's `onSuccess` takes over. */
  loggingIn: string;
  /** With `instant`, or announced on success: `{phone}` is filled in. */
  success: string;
  retry: string;
  cancel: string;
  /** Who authenticates the number, one line per carrier; `unknown` is neutral. */
  mobile: string;
  unicom: string;
  telecom: string;
  broadnet: string;
  unknown: string;
  /** Before the list of terms beside the checkbox (with any space the language puts after it). */
  agree: string;
  /** Joins the last two terms, spaces included. */
  and: string;
  /** Joins the others. */
  separator: string;
  /** The prompt after a login without consent; the terms follow it. */
  consentPrompt: string;
  /** The prompt's button that agrees and logs in at once. */
  agreeAndLogin: string;
  /** Announced with the number when the step appears: `{phone}` and `{attribution}` are filled in. */
  ready: string;
  /** What a screen reader says for the number's `****`: 134, four hidden digits, 8682. */
  hiddenDigits: string;
  /** Read after each terms link: it opens in a new tab. */
  newTab: string;
}

// The carriers' lines are core's: pages without React show them too. Object.assign marked pure,
// not a spread: a bundler keeps a top-level object that spreads an import, and the hook alone,
// which shows no label, then carried them all.
// biome-ignore format: the texts stay one per line, where translators find them
export const LABELS: Record<Locale, OneTapLabels> = {
  'zh-CN': /* @__PURE__ */ Object.assign({
    idle: '本机号码一键登录',
    requesting: '正在获取本机号码…',
    login: '一键登录',
    loggingIn: '正在登录…',
    success: '本机号码 {phone}',
    retry: '重试',
    cancel: '取消',
    agree: '我已阅读并同意',
    and: '和',
    separator: '、',
    consentPrompt: '登录前请阅读并同意',
    agreeAndLogin: '同意并登录',
    ready: '本机号码 {phone}，{attribution}',
    hiddenDigits: '，四位隐藏数字，',
    newTab: '（在新标签页中打开）',
  }, CARRIER_ATTRIBUTION_ZH),
  en: /* @__PURE__ */ Object.assign({
    idle: 'Sign in with this phone’s number',
    requesting: 'Checking your number…',
    login: 'Log in',
    loggingIn: 'Logging in…',
    success: 'This phone: {phone}',
    retry: 'Retry',
    cancel: 'Cancel',
    agree: 'I have read and agree to ',
    and: ' and ',
    separator: ', ',
    consentPrompt: 'To log in, please read and agree to ',
    agreeAndLogin: 'Agree and log in',
    ready: 'This phone: {phone}. {attribution}',
    hiddenDigits: ', four hidden digits, ',
    newTab: ' (opens in a new tab)',
  }, CARRIER_ATTRIBUTION_EN),
};

/** Fills `{name}` placeholders from `values`; unknown names stay as they are. */
export const fill = (template: string, values: object): string =>
  template.replace(/\{(\w+)\}/g, (match, name: string) =>
    String((values as Record<string, unknown>)[name] ?? match),
  );
