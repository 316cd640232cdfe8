import type { Clock } from '../../src/core/clock';

/** Lets every pending promise callback run (a lookup's steps are promise chains). */
export async function flushPromises(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * A clock that moves only when told: for proving that a part of the library takes all its
 * time from the clock it is given (no global timer, no `Date.now()`).
 */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  let sequence = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout(callback, ms) {
      timers.set(++sequence, { at: now + ms, callback });
      return sequence;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    clock,
    pending: () => timers.size,
    /** Moves time forward by `ms`, firing each due timer in order and letting promises run. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        await flushPromises();
        const due = [...timers].filter(([, t]) => t.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
        if (!due) break;
        const [id, timer] = due;
        timers.delete(id);
        now = timer.at;
        timer.callback();
      }
      now = end;
      await flushPromises();
    },
  };
}

/** The system clock, counting the timers still pending: a flow has ended when none are. */
export function countingClock(): Clock & { live: Set<unknown> } {
  const live = new Set<unknown>();
  return {
    live,
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const handle: ReturnType<typeof setTimeout> = setTimeout(() => {
        live.delete(handle);
        callback();
      }, ms);
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle);
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}
