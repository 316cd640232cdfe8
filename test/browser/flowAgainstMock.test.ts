import { describe, expect, inject, it } from 'vitest';
import { getPhoneNumber, type OneTapOptions } from '../../src/core/index';
import type { OneTapState } from '../../src/core/state';
import type { ScenarioName } from '../../src/mock/scenarios';

// The whole flow in Chromium: fetch to the demo sign endpoint, real JSONP <script> requests
// to the mock Yuefu on loopback. Each scenario is its own mock app.
const appIdFor = (scenario: ScenarioName) => (scenario === 'mobile' ? 'wozhitest' : `app-${scenario}`);

function run(scenario: ScenarioName, overrides: Partial<OneTapOptions> = {}) {
  const states: OneTapState[] = [];
  const promise = getPhoneNumber(
    {
      appId: appIdFor(scenario),
      signUrl: inject('mockSignUrl'),
      baseUrl: inject('mockBaseUrl'),
      pollDelays: [200, 200, 300, 300, 400, 600],
      requestTimeoutMs: 1500,
      ...overrides,
    },
    { onProgress: (state) => states.push(state) },
  );
  return { promise, states };
}

const leftovers = () => ({
  scripts: document.querySelectorAll('script[src*="__oneTapPhone"]').length,
});

describe('getPhoneNumber in Chromium against the mock Yuefu', () => {
  it('reaches the masked number on mobile data', async () => {
    const { promise, states } = run('mobile');
    const result = await promise;
    expect(result).toMatchObject({ phone: '134****8682', par: expect.stringMatching(/^[0-9A-F]{32}$/) });
    expect(states.map((s) => s.status)).toEqual(
      expect.arrayContaining(['signing', 'requesting', 'polling', 'success']),
    );
    expect(leftovers().scripts).toBe(0);
  });

  it('reaches the number from a slow carrier', async () => {
    await expect(run('slow').promise).resolves.toMatchObject({ phone: '134****8682' });
  });

  it('signs again after the token expired mid-flow, and succeeds', async () => {
    const { promise, states } = run('token-expired');
    await expect(promise).resolves.toMatchObject({ phone: '134****8682' });
    expect(states).toContainEqual({ status: 'signing', reason: 'token-expired', consent: false });
  });

  it.each<[ScenarioName, string]>([
    ['wifi', 'RESULT_UNAVAILABLE'],
    ['token-expired-twice', 'TOKEN_EXPIRED'],
    ['http-500', 'NETWORK'],
    ['bad-envelope', 'BAD_RESPONSE'],
    ['no-callback', 'BAD_RESPONSE'],
  ])('ends %s in %s', async (scenario, code) => {
    const { promise, states } = run(scenario);
    await expect(promise).rejects.toMatchObject({ code });
    expect(states.at(-1)?.status).toBe('error');
    expect(leftovers().scripts).toBe(0);
  });

  it('ends a provider that never answers in TIMEOUT, before the mock would give up with a 504', async () => {
    await expect(
      run('no-answer', { pollDelays: [100], requestTimeoutMs: 500 }).promise,
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('ends in SIGN_FAILED when the sign endpoint is down', async () => {
    await expect(run('mobile', { signUrl: 'http://127.0.0.1:9/sign' }).promise).rejects.toMatchObject({
      code: 'SIGN_FAILED',
    });
  });
});
