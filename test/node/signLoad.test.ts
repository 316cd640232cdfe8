import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../src/core/clock';
import { createMockYuefu, DEMO_APP } from '../../src/mock/index';
import { createSignHandler } from '../../src/server/index';
import { createTokenClient } from '../../src/server/tokens/tokenClient';

// The sign handler under load on loopback: real HTTP, many concurrent clients, the mock as
// Yuefu in-process. LOAD_SECONDS sets the duration (npm run load: 10; npm test: 2).
const SECONDS = Number(process.env.LOAD_SECONDS ?? 2);
const CLIENTS = 200;

async function serve(yuefuFetch: typeof fetch, timeoutMs = 5000, clock: Clock = systemClock) {
  const tokens = createTokenClient({
    appId: DEMO_APP.appId,
    baseUrl: 'http://mock/getphone',
    fetch: yuefuFetch,
    timeoutMs,
    clock,
  });
  const handler = createSignHandler({ appId: DEMO_APP.appId, aesKey: DEMO_APP.aesKey, tokens });
  const server = createServer(handler.node);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sign?appId=${DEMO_APP.appId}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

describe('the sign handler under load', () => {
  it(`serves ${CLIENTS} concurrent clients with no errors and one token request`, async () => {
    const mock = createMockYuefu();
    const yuefu: typeof fetch = (input, init) =>
      mock.fetch(new Request(input, init), { clientAddress: '127.0.0.1' });
    const { url, close } = await serve(yuefu);
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    const end = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < end) {
          const started = performance.now();
          const response = await fetch(url).catch(() => undefined);
          await response?.arrayBuffer();
          latencies.push(performance.now() - started);
          const status = response?.status ?? 0;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    await close();
    const total = latencies.length;
    const tokenRequests = mock.requests.filter((r) => r.endpoint === 'token').length;
    latencies.sort((a, b) => a - b);
    console.info(
      `sign handler, ${CLIENTS} concurrent clients for ${SECONDS} s on loopback: ${total} requests (${Math.round(total / SECONDS)}/s), ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}, p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, ` +
        `token requests ${tokenRequests} (heap figures: npm run bench:sign)`,
    );
    expect([...statuses.keys()]).toEqual([200]);
    expect(tokenRequests).toBe(1);
  }, 120_000);

  it('answers 503 when Yuefu’s token endpoint fails, and recovers when it does', async () => {
    let mode: 'fail' | 'slow' | 'ok' = 'fail';
    const mock = createMockYuefu();
    const yuefu: typeof fetch = async (input, init) => {
      if (mode === 'fail') return new Response('oops', { status: 500 });
      if (mode === 'slow') {
        return new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        );
      }
      return mock.fetch(new Request(input, init), { clientAddress: '127.0.0.1' });
    };
    // A failed token request is remembered for 2 s: each phase starts past it.
    let now = Date.now();
    const { url, close } = await serve(yuefu, 300, { ...systemClock, now: () => now });
    try {
      const failing = await Promise.all(Array.from({ length: 50 }, () => fetch(url)));
      expect(new Set(failing.map((r) => r.status))).toEqual(new Set([503]));
      mode = 'slow';
      now += 2001;
      const slow = await Promise.all(Array.from({ length: 50 }, () => fetch(url)));
      expect(new Set(slow.map((r) => r.status))).toEqual(new Set([503]));
      expect(
        new Set(
          await Promise.all(
            slow.map(async (r) => ((await r.json()) as { error: { code: string } }).error.code),
          ),
        ),
      ).toEqual(new Set(['PROVIDER_UNAVAILABLE']));
      mode = 'ok';
      now += 2001;
      const recovered = await Promise.all(Array.from({ length: 50 }, () => fetch(url)));
      expect(new Set(recovered.map((r) => r.status))).toEqual(new Set([200]));
    } finally {
      await close();
    }
  });
});
