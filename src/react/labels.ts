import type { Locale } from '../core/errors.js';

/** Every text `<OneTapLogin>` shows; override any of them with the `labels` prop. */
export interface OneTapLabels {
  idle: string;
  signing: string;
  requesting: string;
  /** `{attempt}` and `{attempts}` are filled in. */
  polling: string;
  /** `{phone}` is filled in. */
  success: string;
  retry: string;
  cancel: string;
}

export const LABELS: Record<Locale, OneTapLabels> = {
  'zh-CN': {
    idle: '本机号码一键登录',
    signing: '正在准备…',
    requesting: '正在获取本机号码…',
    polling: '正在确认本机号码（第 {attempt}/{attempts} 次）…',
    success: '本机号码 {phone}',
    retry: '重试',
    cancel: '取消',
  },
  en: {
    idle: 'Sign in with this phone’s number',
    signing: 'Getting ready…',
    requesting: 'Checking your number…',
    polling: 'Checking your number (attempt {attempt} of {attempts})…',
    success: 'This phone: {phone}',
    retry: 'Retry',
    cancel: 'Cancel',
  },
};

/** Fills `{name}` placeholders from `values`; unknown names stay as they are. */
export const fill = (template: string, values: object): string =>
  template.replace(/\{(\w+)\}/g, (match, name: string) =>
    String((values as Record<string, unknown>)[name] ?? match),
  );
