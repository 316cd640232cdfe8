import { vi } from 'vitest';
import type { Clock } from '../../src/core/clock';
import type { OneTapConfig } from '../../src/react/config';
import { SAMPLE_SIGN, scriptedProvider } from './scriptedProvider';

/** A config that runs the real flow over a scripted provider, fast. */
export function fakeConfig(steps: unknown[], overrides: Partial<OneTapConfig> = {}) {
  const provider = scriptedProvider(steps);
  const getSign = vi.fn(async (_context: { reason: string; signal: AbortSignal }) => SAMPLE_SIGN);
  const config: OneTapConfig = {
    appId: 'wozhitest',
    baseUrl: 'http://yuefu.test/getphone',
    getSign,
    transport: provider.transport,
    pollDelays: [5, 5, 5, 5, 5, 5],
    environment: { pageProtocol: 'http:', connectionType: undefined },
    ...overrides,
  };
  return { config, provider, getSign };
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
