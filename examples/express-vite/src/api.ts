// The page's calls to its own server: JSON both ways, errors as { error: { code } }.

/** A refusal's code (`SMS_CODE_INVALID`, `RATE_LIMITED`…), or `NETWORK`. */
class ApiError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export async function postJson<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => {
    throw new ApiError('NETWORK');
  });
  if (response.status === 204) return undefined as T;
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(answer.error?.code ?? `HTTP_${response.status}`);
  return answer as T;
}

/** What the pages say for each refusal. */
const MESSAGES: Record<string, string> = {
  BAD_PHONE: '请输入 11 位手机号',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  SMS_CODE_INVALID: '验证码错误或已失效，请重新获取',
  NETWORK: '网络异常，请重试',
};
export const messageOf = (error: unknown) =>
  MESSAGES[error instanceof ApiError ? error.code : ''] ?? '出错了，请重试';
