/**
 * Reports an error without throwing it here: to the page (window.onerror) where there is one,
 * else as a process warning (Node), so that a partner's bug neither breaks a login nor ends
 * the process.
 */
export function reportError(error: unknown): void {
  const host = globalThis as { process?: { emitWarning?(warning: Error | string): void } };
  if (globalThis.reportError) globalThis.reportError(error);
  else host.process?.emitWarning?.(error instanceof Error ? error : String(error));
}

/**
 * A listener set that delivers one change at a time, in order: a change made by a listener is
 * delivered once the current one has reached every listener. A listener that throws is
 * reported, and neither stops the others nor breaks the flow that made the change.
 */
export function createListeners<Args extends unknown[]>() {
  const listeners = new Set<(...args: Args) => void>();
  // Each change with the listeners subscribed when it was made: a listener that subscribes
  // later never hears an older change.
  const queue: [Args, ((...args: Args) => void)[]][] = [];
  let delivering = false;
  return {
    subscribe(listener: (...args: Args) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(...args: Args): void {
      queue.push([args, [...listeners]]);
      if (delivering) return;
      delivering = true;
      try {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const [change, audience] = next;
          for (const listener of audience) {
            if (!listeners.has(listener)) continue; // unsubscribed since
            try {
              listener(...change);
            } catch (error) {
              reportError(error);
            }
          }
        }
      } finally {
        delivering = false;
      }
    },
  };
}
