// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { SIGN_VECTOR } from '../support/fixtures';
import { answers, scriptedProvider } from '../support/scriptedProvider';

// The core stands without React and without a browser: importing react here throws, and this
// file runs in plain Node, where touching `window` or `document` at import time would too.
vi.mock('react', () => {
  throw new Error('the core must not import react');
});
vi.mock('@tanstack/react-query', () => {
  throw new Error('the core must not import @tanstack/react-query');
});

describe('the framework-free core', () => {
  it('imports and runs a flow with no React and no DOM', async () => {
    const core = await import('../../src/core/index');
    expect(typeof globalThis.window).toBe('undefined');
    const provider = scriptedProvider([answers.notReady, answers.ok]);
    const result = await core.getPhoneNumber({
      appId: 'wozhitest',
      getSign: () => SIGN_VECTOR.sign,
      transport: provider.transport,
      pollDelays: [1, 1],
    });
    expect(result.phone).toBe('134****8682');
  });

  it('drives a flow with injected timers instead of the global clock', async () => {
    const { getPhoneNumber } = await import('../../src/core/index');
    const queue: (() => void)[] = [];
    const timers = {
      setTimeout: (callback: () => void) => queue.push(callback),
      clearTimeout: () => undefined,
    };
    const provider = scriptedProvider([answers.ok]);
    const pending = getPhoneNumber({
      appId: 'a',
      getSign: () => 'A'.repeat(24),
      transport: provider.transport,
      timers,
    });
    // The deadline, the sign timeout, then the first poll delay: fire them in order, the poll last.
    await vi.waitFor(() => expect(queue.length).toBe(3));
    queue[2]?.();
    await expect(pending).resolves.toMatchObject({ phone: '134****8682' });
  });
});
