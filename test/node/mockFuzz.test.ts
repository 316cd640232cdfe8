import { describe, expect, it } from 'vitest';
import { createMockYuefu, DEMO_APP } from '../../src/mock/index';
import { buildSign } from '../../src/server/index';

// The mock under a seeded fuzzer: random and malformed parameters, signs, callbacks, methods
// and paths never crash it (no 5xx) and never get resCode 0 for a sign it did not issue.
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
// `npm test` runs 600 rounds; `npm run fuzz` runs 3,000 (FUZZ_SEED picks another sequence).
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 600);
// Alone, a round takes under a millisecond; with the suite running and a core taken
// (npm run test:stress) about 4 ms, so the budget is 30 ms a round, never under 10 s.
const TIMEOUT_MS = Math.max(10_000, ROUNDS * 30);

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(`the mock under fuzzing (seed ${SEED}, ${ROUNDS} rounds)`, () => {
  it(
    'never answers 5xx and never resolves a sign it did not issue',
    async () => {
      const random = mulberry32(SEED);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
      const mock = createMockYuefu({ resolveMs: 0 });
      const other = 'cccccccccccccccc';
      const token = async () =>
        (
          (await (
            await mock.fetch(
              new Request('http://m/getphone/token', {
                method: 'POST',
                body: new URLSearchParams({ appId: DEMO_APP.appId }),
              }),
            )
          ).json()) as { message: string }
        ).message;

      // Genuine signs, started with getphone: the only ones that may ever get resCode 0.
      const genuine: string[] = [];
      for (let i = 0; i < 5; i++) {
        const sign = await buildSign({ appId: DEMO_APP.appId, token: await token() }, DEMO_APP.aesKey);
        await mock.fetch(
          new Request(`http://m/getphone?appId=${DEMO_APP.appId}&sign=${encodeURIComponent(sign)}`),
        );
        genuine.push(sign);
      }
      const alphabet =
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= %&?#<>"\'\\\u0000é中';
      const randomText = (max: number) =>
        Array.from({ length: Math.floor(random() * max) }, () => pick([...alphabet])).join('');
      const mutate = (sign: string) => {
        const i = Math.floor(random() * sign.length);
        return pick([
          () => sign.slice(0, i) + pick([...alphabet]) + sign.slice(i + 1),
          () => sign.slice(0, i),
          () => sign + randomText(8),
          () => sign.replaceAll('+', ' '),
          () => sign.split('').reverse().join(''),
          () => btoa(Array.from(randomText(120), (c) => (c.charCodeAt(0) > 0xff ? '?' : c)).join('')),
        ])();
      };
      const signs = async () =>
        pick([
          () => pick(genuine),
          () => mutate(pick(genuine)),
          () => randomText(200),
          () => '',
          async () => buildSign({ appId: DEMO_APP.appId, token: await token() }, other), // foreign key
          async () => buildSign({ appId: 'someone', token: await token() }, DEMO_APP.aesKey), // foreign appId
          async () => buildSign({ appId: DEMO_APP.appId, token: '0'.repeat(32) }, DEMO_APP.aesKey), // unknown token
        ])();

      let resolved = 0;
      const statuses = new Map<number, number>();
      for (let round = 0; round < ROUNDS; round++) {
        const sign = await signs();
        const params = new URLSearchParams();
        if (random() < 0.95)
          params.set('appId', pick([DEMO_APP.appId, DEMO_APP.appId, '', 'nobody', randomText(20)]));
        if (random() < 0.95) params.set('sign', sign);
        if (random() < 0.6)
          params.set('callback', pick(['cb', 'jQuery3710_1', randomText(12), 'a.b', '1x', '']));
        const path = pick([
          '/getphone',
          '/getphone/query',
          '/getphone/query',
          '/getphone/token',
          '/demo/sign',
          `/getphone/${randomText(6)}`,
        ]);
        const method = pick(['GET', 'GET', 'GET', 'POST', 'PUT', 'HEAD']);
        const response = await mock.fetch(
          new Request(`http://m${path}?${params}`, {
            method,
            body: method === 'POST' || method === 'PUT' ? randomText(50) : null,
          }),
        );
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        const text = await response.text();
        if (path === '/getphone/query' && /"resCode":"0"/.test(text)) {
          expect(genuine).toContain(params.get('sign'));
          expect(params.get('appId')).toBe(DEMO_APP.appId);
          resolved++;
        }
      }
      console.info(
        `mock fuzz: ${ROUNDS} rounds, statuses ${JSON.stringify(Object.fromEntries(statuses))}, resCode 0 only for genuine signs (${resolved} times)`,
      );
      expect(resolved).toBeGreaterThan(0); // the fuzzer does reach the success path
    },
    TIMEOUT_MS,
  );
});
