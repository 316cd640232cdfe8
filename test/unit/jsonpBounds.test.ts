import { describe, expect, it } from 'vitest';
import { jsonpTransport, pendingJsonpCallbacks } from '../../src/core/jsonp';

// jsdom never loads a script, so no load or error event ever retires a callback: the worst
// case for how many globals the transport keeps. (Real loading is in test/browser.)
// Ten times the bound of 32 leftovers is enough to show it holds; jsdom's script elements are
// slow (about 2 ms a request with the suite running), so the test has a budget of its own.
const REQUESTS = 320;

describe('jsonpTransport without a network', () => {
  it(`keeps window bounded over ${REQUESTS} requests that never answer`, { timeout: 15_000 }, async () => {
    const before = Object.keys(window).length;
    for (let i = 0; i < REQUESTS; i++) {
      const controller = new AbortController();
      const pending = jsonpTransport({
        url: 'http://yuefu.test/getphone/query',
        timeoutMs: 60_000,
        signal: controller.signal,
      });
      controller.abort();
      await pending.catch(() => undefined);
    }
    expect(pendingJsonpCallbacks()).toBeLessThanOrEqual(32);
    expect(Object.keys(window).length - before).toBeLessThanOrEqual(32);
    expect(document.querySelectorAll('script').length).toBe(0);
  });

  it('names each request’s callback uniquely', () => {
    const controllers = Array.from({ length: 50 }, () => new AbortController());
    const pending = controllers.map((controller) =>
      jsonpTransport({ url: 'http://yuefu.test/q', timeoutMs: 60_000, signal: controller.signal }).catch(
        () => undefined,
      ),
    );
    const names = [...document.querySelectorAll('script')].map((s) =>
      new URL(s.src).searchParams.get('callback'),
    );
    expect(new Set(names).size).toBe(50);
    for (const controller of controllers) controller.abort();
    return Promise.all(pending);
  });
});
