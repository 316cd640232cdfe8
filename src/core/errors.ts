/** Languages the library ships messages and labels in. */
export type Locale = 'zh-CN' | 'en';

/**
 * Every way a one-tap flow can end other than with a number.
 * `fallback` says whether the page should offer another login (SMS) instead.
 */
export const ONE_TAP_ERRORS = {
  SIGN_FAILED: {
    fallback: true,
    'zh-CN': '获取签名失败，请稍后重试或使用短信登录',
    en: 'Could not get a sign from the login server',
  },
  MISSING_PARAMS: {
    fallback: true,
    'zh-CN': '取号请求缺少参数',
    en: 'The provider says a parameter is missing (appId or sign)',
  },
  TOKEN_EXPIRED: {
    fallback: true,
    'zh-CN': '登录凭证已过期，请重试',
    en: 'The provider says the token is invalid or expired',
  },
  RESULT_UNAVAILABLE: {
    fallback: true,
    'zh-CN': '无法识别本机号码，请使用短信登录',
    en: 'The carrier could not tell this phone’s number',
  },
  NETWORK: {
    fallback: true,
    'zh-CN': '网络异常，无法连接取号服务',
    en: 'The provider’s script failed to load',
  },
  TIMEOUT: {
    fallback: true,
    'zh-CN': '取号超时，请重试或使用短信登录',
    en: 'The provider did not answer in time',
  },
  BAD_RESPONSE: {
    fallback: true,
    'zh-CN': '取号服务返回了无法识别的结果',
    en: 'The provider answered with something that is not its protocol',
  },
  NOT_CELLULAR: {
    fallback: true,
    'zh-CN': '请关闭 Wi-Fi，使用移动数据网络后重试',
    en: 'One-tap sign-in needs mobile data; this device is on Wi-Fi or Ethernet',
  },
  MIXED_CONTENT: {
    fallback: true,
    'zh-CN': '取号服务配置错误（HTTPS 页面无法请求 HTTP 地址）',
    en: 'An https: page cannot load the provider over http: (mixed content); configure an https: baseUrl',
  },
  ABORTED: {
    fallback: false,
    'zh-CN': '已取消',
    en: 'Cancelled',
  },
} as const satisfies Record<string, { fallback: boolean } & Record<Locale, string>>;

export type OneTapErrorCode = keyof typeof ONE_TAP_ERRORS;

export interface OneTapErrorDetails {
  /** What went wrong underneath: an HTTP status, a thrown error, an AbortSignal reason. */
  cause?: unknown;
  /** The provider's `resCode`, normalized to a string, when the provider answered. */
  resCode?: string;
  /** The provider's own `message`, when it sent one. Shown as text, never as markup. */
  providerMessage?: string;
  /** A short English detail appended to `message`. Never contains a sign or a phone number. */
  detail?: string;
}

/** The one error type every part of one-tap-phone rejects with. */
export class OneTapError extends Error {
  override readonly name = 'OneTapError';
  readonly code: OneTapErrorCode;
  /** Whether the page should offer another way to log in (SMS) instead. */
  readonly fallback: boolean;
  readonly resCode: string | undefined;
  readonly providerMessage: string | undefined;

  constructor(code: OneTapErrorCode, details: OneTapErrorDetails = {}) {
    const base = ONE_TAP_ERRORS[code].en;
    super(details.detail ? `${base}: ${details.detail}` : base, { cause: details.cause });
    this.code = code;
    this.fallback = ONE_TAP_ERRORS[code].fallback;
    this.resCode = details.resCode;
    this.providerMessage = details.providerMessage;
  }

  /** The message to show a user, in their language. */
  localizedMessage(locale: Locale): string {
    return ONE_TAP_ERRORS[this.code][locale];
  }
}

export function isOneTapError(value: unknown, code?: OneTapErrorCode): value is OneTapError {
  return value instanceof OneTapError && (code === undefined || value.code === code);
}
