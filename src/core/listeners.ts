/** Reports an error without throwing it here: to the page (window.onerror), or as Node would. */
export function reportError(error: unknown): void {
  if (globalThis.reportError) globalThis.reportError(error);
  else
    setTimeout(() => {
      throw error;
    });
}

/**
 * A listener set that delivers one change at a time, in order: a change made by a listener is
 * delivered once the current one has reached every listener. A listener that throws is
 * reported, and neither stops the others nor breaks the flow that made the change.
 */
export function createListeners<Args extends unknown[]>() {
  const listeners = new Set<(...args: Args) => void>();
  const queue: Args[] = [];
  let delivering = false;
  return {
    subscribe(listener: (...args: Args) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(...args: Args): void {
      queue.push(args);
      if (delivering) return;
      delivering = true;
      try {
        for (let next = queue.shift(); next; next = queue.shift()) {
          for (const listener of listeners) {
            try {
              listener(...next);
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
