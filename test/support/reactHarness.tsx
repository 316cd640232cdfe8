import { vi } from 'vitest';
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
