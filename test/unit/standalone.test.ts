// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { manualClock } from '../support/manualClock';
import { answers, SAMPLE_SIGN, scriptedProvider } from '../support/scriptedProvider';

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
      getSign: () => SAMPLE_SIGN,
      transport: provider.transport,
      pollDelays: [1, 1],
    });
    expect(result.phone).toBe('134****8682');
  });

  it('runs the store through ready, the consent rule and success, with phases in order', async () => {
    const { createOneTapStore } = await import('../../src/core/index');
    const store = createOneTapStore({
      appId: 'wozhitest',
      getSign: () => SAMPLE_SIGN,
      transport: scriptedProvider([answers.notReady, answers.ok]).transport,
      pollDelays: [1, 1],
    });
    const statuses: string[] = [];
    store.subscribe((state) => statuses.push(state.status));
    await store.lookup();
    expect(store.getState()).toMatchObject({ status: 'ready', phone: '134****8682', carrier: 'mobile' });
    await store.confirm();
    expect(store.getState()).toMatchObject({ status: 'ready', consentRequested: true });
    store.setConsent(true);
    await store.confirm();
    expect(store.getState()).toMatchObject({ status: 'success', phone: '134****8682', sign: SAMPLE_SIGN });
    expect(statuses).toEqual([
      'signing',
      'requesting',
      'polling',
      'polling',
      'ready',
      'ready',
      'ready',
      'success',
    ]);
  });

  it('outside a browser, a store with no transport says so at lookup()', async () => {
    const { createOneTapStore } = await import('../../src/core/index');
    const store = createOneTapStore({ appId: 'wozhitest', getSign: () => SAMPLE_SIGN });
    expect(() => store.lookup()).toThrow(
      'one-tap-phone: JSONP needs a page; outside a browser, give a transport',
    );
  });

  it('drives a flow on an injected clock instead of the global one', async () => {
    const { getPhoneNumber } = await import('../../src/core/index');
    const { clock, advance, pending } = manualClock();
    const provider = scriptedProvider([answers.ok]);
    const result = getPhoneNumber({
      appId: 'a',
      getSign: () => SAMPLE_SIGN,
      transport: provider.transport,
      clock,
    });
    await advance(399);
    expect(provider.queries()).toBe(0);
    await advance(1);
    await expect(result).resolves.toMatchObject({ phone: '134****8682' });
    expect(pending()).toBe(0);
  });
});
