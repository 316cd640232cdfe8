// How the token client lines up expiry checks of one token inside a process.

/**
 * In one process: a report joins the check of its token that has not started yet, or queues
 * the next one behind the running check; never the running one, whose answer may predate it.
 */
export function singleCheckPerToken(
  check: (token: string, refused: () => Promise<boolean>) => Promise<boolean>,
): (token: string, refused: () => Promise<boolean>) => Promise<boolean> {
  const chains = new Map<string, { tail: Promise<boolean>; waiting: Promise<boolean> | undefined }>();
  return (token, refused) => {
    const chain = chains.get(token) ?? { tail: Promise.resolve(false), waiting: undefined };
    if (chain.waiting) return chain.waiting;
    const next: Promise<boolean> = chain.tail
      .catch(() => false)
      .then(() => {
        if (chain.waiting === next) chain.waiting = undefined;
        return check(token, refused);
      });
    chain.waiting = next;
    chain.tail = next;
    chains.set(token, chain);
    next
      .finally(() => {
        if (chain.tail === next) chains.delete(token);
      })
      .catch(() => undefined);
    return next;
  };
}
