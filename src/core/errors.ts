/** Languages the library ships messages and labels in. */
export type Locale = 'zh-CN' | 'en';

/**
 * Every way a one-tap flow can end other than with a number.
 * `fallback` says whether the page should offer another login (SMS) instead.
 */
export const ONE_TAP_ERRORS = {
  SIGN_FAILED: {
    fallback: true,
    'zh-CN': '暂时无法登录，请重试',
    en: 'Could not start the login. Please try again',
  },
  MISSING_PARAMS: {
    fallback: true,
    'zh-CN': '取号请求缺少参数',
    en: 'Could not check this phone’s number. Please log in another way',
  },
  TOKEN_EXPIRED: {
    fallback: true,
    'zh-CN': '登录凭证已过期，请重试',
    en: 'This login expired. Please try again',
  },
  RESULT_UNAVAILABLE: {
    fallback: true,
    'zh-CN': '无法识别本机号码',
    en: 'Could not tell this phone’s number. Please log in another way',
  },
  NETWORK: {
    fallback: true,
    'zh-CN': '网络异常，请重试',
    en: 'Could not reach the number check. Please try again',
  },
  TIMEOUT: {
    fallback: true,
    'zh-CN': '取号超时，请重试',
    en: 'The number check took too long. Please try again',
  },
  BAD_RESPONSE: {
    fallback: true,
    'zh-CN': '取号服务返回异常',
    en: 'The number check failed. Please log in another way',
  },
  NOT_CELLULAR: {
    fallback: true,
    'zh-CN': '请关闭 Wi-Fi，使用移动数据后重试',
    en: 'Turn off Wi-Fi and use mobile data, then try again',
  },
  MIXED_CONTENT: {
    fallback: true,
    'zh-CN': '取号服务配置错误',
    en: 'One-tap login is not set up on this page. Please log in another way',
  },
  CSP_BLOCKED: {
    fallback: true,
    'zh-CN': '页面安全策略拦截了取号服务',
    en: 'This page blocks one-tap login. Please log in another way',
  },
  ABORTED: {
    fallback: false,
    'zh-CN': '已取消',
    en: 'Cancelled',
  },
  // The confirm route's answers (`confirmUrl`). Its refusals of this browser or number fall
  // back to SMS; those of one attempt (a used or old sign, a busy route) are worth a retry.
  NO_ACCOUNT: {
    fallback: true,
    'zh-CN': '请先用短信验证码登录',
    en: 'Please log in with an SMS code first',
  },
  NUMBER_MISMATCH: {
    fallback: true,
    'zh-CN': '请用短信验证码登录',
    en: 'Please log in with an SMS code',
  },
  SIGN_USED: {
    fallback: false,
    'zh-CN': '登录已失效，请重试',
    en: 'This login expired: please try again',
  },
  SIGN_EXPIRED: {
    fallback: false,
    'zh-CN': '登录已失效，请重试',
    en: 'This login expired: please try again',
  },
  RATE_LIMITED: {
    fallback: false,
    'zh-CN': '操作太频繁，请稍后重试',
    en: 'Too many tries: please try again later',
  },
  CONFIRM_FAILED: {
    fallback: true,
    'zh-CN': '登录失败，请重试',
    en: 'Could not log in: please try again',
  },
} as const satisfies Record<string, { fallback: boolean } & Record<Locale, string>>;

/** Every way a flow can fail; `ONE_TAP_ERRORS` has each one's texts and whether to fall back. */
export type OneTapErrorCode = keyof typeof ONE_TAP_ERRORS;

/** What a `OneTapError` carries beside its code. */
export interface OneTapErrorDetails {
  /** What went wrong underneath: an HTTP status, a thrown error, an AbortSignal reason. */
  cause?: unknown;
  /** The provider's `resCode`, normalized to a string, when the provider answered. */
  resCode?: string | undefined;
  /** The provider's own `message`, when it sent one. Shown as text, never as markup. */
  providerMessage?: string | undefined;
  /** A short English detail appended to `message`. Never contains a sign or a phone number. */
  detail?: string | undefined;
}

/** The one error type every part of one-tap-phone rejects with. */
export class OneTapError extends Error {
  // Declared, not initialized: the constructor sets them all at once, and a class field per
  // property would cost bytes in every partner's bundle.
  declare readonly code: OneTapErrorCode;
  /** Whether the page should offer another way to log in (SMS) instead. */
  declare readonly fallback: boolean;
  declare readonly resCode: string | undefined;
  declare readonly providerMessage: string | undefined;

  constructor(code: OneTapErrorCode, { detail, cause, resCode, providerMessage }: OneTapErrorDetails = {}) {
    const { en, fallback } = ONE_TAP_ERRORS[code];
    super(detail ? `${en}: ${detail}` : en, { cause });
    Object.assign(this, { name: 'OneTapError', code, fallback, resCode, providerMessage });
  }

  /** The message to show a user, in their language. */
  localizedMessage(locale: Locale): string {
    return ONE_TAP_ERRORS[this.code][locale];
  }
}

/** Shorthand for the library's own throws: a code, a short detail, maybe a cause. */
export const oneTapError = (code: OneTapErrorCode, detail?: string, cause?: unknown): OneTapError =>
  new OneTapError(code, { detail, cause });

/** Whether `value` is a `OneTapError`: of `code` when given, of any code otherwise. */
export function isOneTapError(value: unknown, code?: OneTapErrorCode): value is OneTapError {
  return value instanceof OneTapError && (!code || value.code === code);
}
