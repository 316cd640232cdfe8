// Waiting for the backend under test: the check usually starts first and the backend right
// after it, so a refused connection is normal for a while. What the wait says names the reason
// at once ("connection refused: nothing listens at …"), not only when it gives up.

/** Why a request to `url` got no HTTP answer, in words a partner acts on. */
function reasonOf(url: URL, error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED') return `connection refused (nothing listens at ${url.host})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${url.hostname} does not resolve`;
  if ((error as Error).name === 'TimeoutError')
    return 'no answer (the connection is open, nothing came back)';
  return code === undefined ? (error as Error).message : `the connection failed (${code})`;
}

/** Whether `url` answered any HTTP status within `waitMs`, and if not, why the last try failed. */
export async function waitForBackend(
  url: string,
  waitMs: number,
  onWaiting: (reason: string) => void,
): Promise<{ answered: true } | { answered: false; reason: string }> {
  const until = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const remaining = until - Date.now();
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(Math.max(500, Math.min(5000, remaining))),
      });
      await response.arrayBuffer();
      return { answered: true };
    } catch (error) {
      const reason = reasonOf(new URL(url), error);
      if (Date.now() >= until) return { answered: false, reason };
      if (!told) onWaiting(reason);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(0, until - Date.now()))));
    }
  }
}
