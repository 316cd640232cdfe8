// Signs per second of the sign handler on one core (one Node thread), token cached, against
// the mock in-process: what a partner's sign endpoint costs apart from its network. With
// --expose-gc (npm run bench:sign passes it), the heap after GC beside its baseline before any
// signing: a leak shows as growth that scales with the count. Figures to read, not a check.
import { createMockYuefu, DEMO_APP } from '../dist/mock/index.js';
import { buildSign, createSignHandler, createTokenClient } from '../dist/server/index.js';

const seconds = Number(process.argv[2] ?? 3);
const mock = createMockYuefu();
const tokens = createTokenClient({
  appId: DEMO_APP.appId,
  baseUrl: 'http://mock.internal/getphone',
  fetch: (input, init) => mock.fetch(new Request(input, init), { clientAddress: '127.0.0.1' }),
});
const handler = createSignHandler({ appId: DEMO_APP.appId, aesKey: DEMO_APP.aesKey, tokens });
const request = () => new Request(`http://partner.test/api/sign?appId=${DEMO_APP.appId}`);

const heapMb = () => {
  globalThis.gc?.();
  return (process.memoryUsage().heapUsed / 1e6).toFixed(1);
};
const baseline = heapMb();

async function measure(label, once, concurrency = 32) {
  for (let i = 0; i < 500; i++) await once(); // warm up
  let count = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await once();
        count++;
      }
    }),
  );
  console.log(
    `${label.padEnd(34)} ${Math.round(count / seconds)
      .toLocaleString('en')
      .padStart(
        8,
      )} /s  (${count.toLocaleString('en')} in all; heap after GC ${heapMb()} MB, baseline ${baseline} MB)`,
  );
}

console.log(`one core, ${seconds} s each, Node ${process.version}`);
await measure('buildSign (AES-128-ECB + Base64)', () =>
  buildSign({ appId: DEMO_APP.appId, token: '49FF63FD025711D51DC744E836319D00' }, DEMO_APP.aesKey),
);
await measure('sign handler (Request → Response)', async () => {
  const response = await handler(request());
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  await response.text();
});
