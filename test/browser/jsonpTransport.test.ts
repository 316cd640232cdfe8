import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { isOneTapError, type OneTapErrorCode } from '../../src/core/errors';
import { jsonpTransport, pendingJsonpCallbacks } from '../../src/core/jsonp';

const origin = inject('fixtureOrigin');
const url = (path: string) => `${origin}${path}`;

const ourScripts = () => document.querySelectorAll('script[src*="__oneTapPhone"]').length;
const ourGlobals = () => Object.keys(window).filter((key) => key.startsWith('__oneTapPhone')).length;

async function failure(promise: Promise<unknown>): Promise<OneTapErrorCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOneTapError(error)) throw new Error(`expected a OneTapError, got ${String(error)}`);
  return error.code;
}

afterEach(async () => {
  // Every request, whatever its end, leaves nothing behind once its script is done.
  await vi.waitFor(() => expect(pendingJsonpCallbacks()).toBe(0), { timeout: 6000 });
  expect(ourScripts()).toBe(0);
  expect(ourGlobals()).toBe(0);
});

describe('jsonpTransport in Chromium', () => {
  it('resolves with what the script passes to its callback', async () => {
    await expect(jsonpTransport({ url: url('/ok?value=a%2Bb'), timeoutMs: 5000 })).resolves.toEqual({
      echo: 'a+b',
    });
    expect(ourScripts()).toBe(0);
  });

  it.each([404, 500])(
    'reports HTTP %i as NETWORK as soon as the script fails, not at the timeout',
    async (code) => {
      const started = performance.now();
      expect(await failure(jsonpTransport({ url: url(`/status?code=${code}`), timeoutMs: 10_000 }))).toBe(
        'NETWORK',
      );
      console.info(`HTTP ${code} → NETWORK after ${(performance.now() - started).toFixed(1)} ms`);
    },
  );

  it('reports a connection refused as NETWORK, naming the host it tried', async () => {
    const refused = jsonpTransport({ url: 'http://127.0.0.1:9/getphone', timeoutMs: 10_000 });
    await expect(refused).rejects.toThrow(
      'Could not reach the number check. Please try again: http://127.0.0.1:9',
    );
    expect(await failure(refused)).toBe('NETWORK');
  });

  it('reports a script the policy refused as CSP_BLOCKED where the browser names only its origin (WebKit)', async () => {
    // Chromium reports the whole URL; WebKit, every iOS browser, reports a cross-origin script's
    // origin alone. As WebKit does: the violation first, then the script's error event.
    const request = jsonpTransport({ url: 'http://127.0.0.1:9/getphone', timeoutMs: 10_000 });
    document.dispatchEvent(
      new SecurityPolicyViolationEvent('securitypolicyviolation', {
        blockedURI: 'http://127.0.0.1:9',
        disposition: 'enforce',
        effectiveDirective: 'script-src-elem',
        violatedDirective: 'script-src-elem',
        originalPolicy: "script-src 'self'",
        statusCode: 0,
      }),
    );
    await expect(request).rejects.toThrow('script-src does not allow http://127.0.0.1:9');
    expect(await failure(request)).toBe('CSP_BLOCKED');
  });

  it('keeps NETWORK for a failed script when the refused origin was another one', async () => {
    const request = jsonpTransport({ url: 'http://127.0.0.1:9/getphone', timeoutMs: 10_000 });
    document.dispatchEvent(
      new SecurityPolicyViolationEvent('securitypolicyviolation', {
        blockedURI: 'https://analytics.example',
        disposition: 'enforce',
        effectiveDirective: 'script-src-elem',
        violatedDirective: 'script-src-elem',
        originalPolicy: "script-src 'self'",
        statusCode: 0,
      }),
    );
    expect(await failure(request)).toBe('NETWORK');
  });

  it('reports a script that runs without calling back as BAD_RESPONSE', async () => {
    expect(await failure(jsonpTransport({ url: url('/silent'), timeoutMs: 10_000 }))).toBe('BAD_RESPONSE');
  });

  it('reports an HTML page as NETWORK: Chromium blocks it as a cross-origin script (ORB)', async () => {
    expect(await failure(jsonpTransport({ url: url('/html'), timeoutMs: 10_000 }))).toBe('NETWORK');
  });

  it('reports a script with a syntax error as BAD_RESPONSE', async () => {
    // The page sees the provider's SyntaxError as a window error, as it would any broken script.
    const seen: string[] = [];
    const swallow = (event: ErrorEvent) => {
      seen.push(event.message);
      event.preventDefault();
    };
    window.addEventListener('error', swallow);
    try {
      expect(await failure(jsonpTransport({ url: url('/syntax'), timeoutMs: 10_000 }))).toBe('BAD_RESPONSE');
    } finally {
      window.removeEventListener('error', swallow);
    }
    expect(seen).toHaveLength(1);
  });

  it('times out a script that never answers, and forgets it once the server gives up', async () => {
    expect(await failure(jsonpTransport({ url: url('/hang?ms=800'), timeoutMs: 200 }))).toBe('TIMEOUT');
    expect(ourScripts()).toBe(0);
  });

  it('keeps the first answer when the callback is called twice', async () => {
    await expect(jsonpTransport({ url: url('/twice'), timeoutMs: 5000 })).resolves.toEqual({ n: 1 });
  });

  describe('when cancelled', () => {
    it('rejects with ABORTED at once and removes the script', async () => {
      const controller = new AbortController();
      const pending = jsonpTransport({
        url: url('/delay?ms=400'),
        timeoutMs: 5000,
        signal: controller.signal,
      });
      expect(ourScripts()).toBe(1);
      controller.abort();
      expect(await failure(pending)).toBe('ABORTED');
      expect(ourScripts()).toBe(0);
    });

    it('lets the answer that arrives after the cancel call a harmless stand-in', async () => {
      const errors: string[] = [];
      const onError = (event: ErrorEvent) => errors.push(event.message);
      window.addEventListener('error', onError);
      try {
        const controller = new AbortController();
        const pending = jsonpTransport({
          url: url('/delay?ms=200'),
          timeoutMs: 5000,
          signal: controller.signal,
        });
        controller.abort();
        expect(await failure(pending)).toBe('ABORTED');
        // The callback's global stays, a no-op, for the script already on its way...
        expect(pendingJsonpCallbacks()).toBe(1);
        // ...which still runs (its load event retires the global) and throws no ReferenceError.
        await vi.waitFor(() => expect(pendingJsonpCallbacks()).toBe(0), { timeout: 3000 });
        expect(errors).toEqual([]);
      } finally {
        window.removeEventListener('error', onError);
      }
    });

    it('never inserts a script for a signal that was already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const pending = jsonpTransport({ url: url('/ok'), timeoutMs: 5000, signal: controller.signal });
      expect(ourScripts()).toBe(0);
      expect(await failure(pending)).toBe('ABORTED');
    });
  });

  it('gives 20 concurrent requests each its own answer', async () => {
    const values = Array.from({ length: 20 }, (_, i) => `v${i}`);
    const answers = await Promise.all(
      values.map((value, i) =>
        jsonpTransport({ url: url(`/delay?ms=${(i * 37) % 200}&value=${value}`), timeoutMs: 5000 }),
      ),
    );
    expect(answers).toEqual(values.map((echo) => ({ echo })));
  });
});
