// What a partner's sign endpoint costs, side by side with the machine's limit in the same run:
// 1. over HTTP: createSignHandler(...).node against a bare node:http + node:crypto server that
//    builds the same sign, each in its own process (one Node thread), the same load on each;
//    the handler twice: with @opentelemetry/api and no SDK (what a partner who does not use
//    OpenTelemetry runs), and with the SDK registered and the Prometheus exporter;
// 2. in process: buildSign against raw node:crypto AES-128-ECB + Base64.
// Numbers only, no verdict: they depend on the machine. `node scripts/bench-sign.mjs [seconds]`.
import { fork } from 'node:child_process';
import { createCipheriv, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';

const SECONDS = Number(process.argv[2] ?? 3); // per HTTP round
// Per server, alternating and short, so that a burst of other work on the machine hits both.
const ROUNDS = 5;
const CONNECTIONS = 64;
const WARM_UP_SECONDS = 2;
const IN_PROCESS_SECONDS = 2;
const APP_ID = 'wozhitest';
const AES_KEY = 'h1q9750o8141K864';
const TOKEN = '49FF63FD025711D51DC744E836319D00';

const children = [];
// The run bounds itself: whatever hangs, the servers go and the process exits.
const budgetMs = (3 * ROUNDS * SECONDS + 3 * WARM_UP_SECONDS + 4 * IN_PROCESS_SECONDS + 30) * 1000;
setTimeout(() => {
  console.error('bench:sign: over its time budget, stopping');
  for (const child of children) child.kill();
  process.exit(1);
}, budgetMs).unref();

const format = (n, digits = 0) =>
  n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

// ---- in process --------------------------------------------------------------------------

async function perSecond(once, concurrency = 32) {
  for (let i = 0; i < 500; i++) await once(); // warm up
  let count = 0;
  const start = performance.now();
  const end = start + IN_PROCESS_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await once();
        count++;
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

const key = Buffer.from(AES_KEY, 'utf8');
const input = { appId: APP_ID, token: TOKEN };
async function rawNodeCrypto() {
  const plain = JSON.stringify({
    appId: APP_ID,
    reqId: randomUUID().replaceAll('-', ''),
    timeStamp: String(Date.now()),
    token: TOKEN,
  });
  const cipher = createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

// The same with one Cipher kept per key and the padding done by hand, as the Node entry does:
// the floor of what node:crypto can do per sign.
const kept = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
async function rawKeptCipher() {
  const plain = Buffer.from(
    JSON.stringify({
      appId: APP_ID,
      reqId: randomUUID().replaceAll('-', ''),
      timeStamp: String(Date.now()),
      token: TOKEN,
    }),
  );
  const pad = 16 - (plain.length % 16);
  return kept.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])).toString('base64');
}

const nodeEntry = await import('one-tap-phone/server'); // the `node` condition, as Node users get it
const webEntry = await import('../dist/server/index.js'); // what edge runtimes and workers get
console.log(`Node ${process.version}, ${availableParallelism()} cores`);
console.log(`one-tap-phone/server resolves to ${import.meta.resolve('one-tap-phone/server')}\n`);
console.log(`in process, one thread, ${IN_PROCESS_SECONDS} s each, 32 signs in flight:`);
const raw = await perSecond(rawNodeCrypto);
const rawKept = await perSecond(rawKeptCipher);
const fast = await perSecond(() => nodeEntry.buildSign(input, AES_KEY));
const web = await perSecond(() => webEntry.buildSign(input, AES_KEY));
const row = (label, value, note = '') =>
  console.log(`  ${label.padEnd(44)} ${format(value).padStart(9)} /s ${note}`);
row('raw node:crypto AES-128-ECB + Base64', raw);
row('raw node:crypto, one Cipher kept per key', rawKept, `  ${format(rawKept / raw, 2)}× raw`);
row('buildSign, Node entry (node:crypto)', fast, `  ${format(fast / raw, 2)}× raw`);
row('buildSign, default entry (WebCrypto)', web, `  ${format(web / raw, 2)}× raw`);

// ---- over HTTP ---------------------------------------------------------------------------

function start(kind) {
  const child = fork(new URL('./lib/signServer.mjs', import.meta.url), [kind], { stdio: 'inherit' });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ kind, child, ...info }));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code})`)));
  });
}

const cpuOf = (server) =>
  new Promise((resolve) => {
    server.child.once('message', ({ cpu }) => resolve(cpu.user + cpu.system));
    server.child.send('cpu');
  });

const load = (server, duration) =>
  autocannon({
    url: `http://127.0.0.1:${server.port}/api/sign?appId=${APP_ID}`,
    connections: CONNECTIONS,
    duration,
  });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const [bare, handler, otel] = await Promise.all([start('bare'), start('handler'), start('otel')]);
const servers = [bare, handler, otel];
console.log(`\nover HTTP: each server in its own process (one Node thread, idle while the other is loaded);`);
console.log(
  `autocannon in this process, ${CONNECTIONS} connections to 127.0.0.1, ${WARM_UP_SECONDS} s warm-up each,`,
);
console.log(`then ${ROUNDS} rounds of ${SECONDS} s per server, alternating bare, handler, otel, bare, ...`);
console.log(`  handler: createSignHandler(...).node from ${handler.module}, default options, token cached,`);
console.log('           @opentelemetry/api installed, no SDK registered');
console.log(
  '  otel:    the same, with the OpenTelemetry SDK: spans batched to an exporter, Prometheus metrics',
);
for (const server of servers) {
  // Each answers a sign that opens to the right parameters before it is timed.
  const response = await fetch(`http://127.0.0.1:${server.port}/api/sign?appId=${APP_ID}`);
  const opened = await nodeEntry.openSign((await response.json()).sign, AES_KEY);
  if (opened.appId !== APP_ID || opened.token.length !== 32) throw new Error(`${server.kind}: a bad sign`);
  await load(server, WARM_UP_SECONDS);
}

const totals = new Map(
  servers.map((s) => [s, { requests: 0, seconds: 0, cpu: 0, rps: [], p50: [], p99: [], bad: 0 }]),
);
for (let round = 0; round < ROUNDS; round++) {
  for (const server of servers) {
    const cpuBefore = await cpuOf(server);
    const result = await load(server, SECONDS);
    const total = totals.get(server);
    total.cpu += (await cpuOf(server)) - cpuBefore;
    total.requests += result.requests.total;
    total.seconds += result.duration;
    total.rps.push(result.requests.total / result.duration);
    total.p50.push(result.latency.p50);
    total.p99.push(result.latency.p99);
    total.bad += result.non2xx + result.errors + result.timeouts;
  }
}
for (const child of children) child.disconnect();

const summary = (server) => {
  const t = totals.get(server);
  const rps = t.requests / t.seconds;
  return { rps, p50: median(t.p50), p99: median(t.p99), cpu: t.cpu / t.requests, bad: t.bad };
};
const b = summary(bare);
const h = summary(handler);
const o = summary(otel);
console.log(
  `\n  ${''.padEnd(30)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU µs/req'.padStart(11)}  non-2xx+errors`,
);
for (const [label, s] of [
  ['bare node:http + node:crypto', b],
  ['createSignHandler(...).node', h],
  ['  + OpenTelemetry SDK', o],
]) {
  console.log(
    `  ${label.padEnd(30)} ${format(s.rps).padStart(8)} ${String(s.p50).padStart(7)} ${String(s.p99).padStart(7)} ${format(s.cpu, 1).padStart(11)}  ${s.bad}`,
  );
}
console.log(
  `  (req/s over all rounds; p50 and p99 of the median round; CPU of the server process per request)`,
);
for (const [label, server] of [
  ['bare', bare],
  ['handler', handler],
  ['otel', otel],
]) {
  console.log(
    `  ${label} req/s by round: ${totals
      .get(server)
      .rps.map((rps) => format(rps))
      .join(', ')}`,
  );
}
console.log(
  `\n  handler / bare: ${format(h.rps / b.rps, 2)}× the req/s, p99 ${format(h.p99 / b.p99, 2)}× the bare's, ${format(h.cpu / b.cpu, 2)}× the CPU per request`,
);
console.log(
  `  otel / bare:    ${format(o.rps / b.rps, 2)}× the req/s, p99 ${format(o.p99 / b.p99, 2)}× the bare's, ${format(o.cpu / b.cpu, 2)}× the CPU per request`,
);
console.log(
  `  otel / handler: ${format(o.rps / h.rps, 2)}× the req/s, ${format(o.cpu - h.cpu, 1)} µs more CPU per request`,
);
process.exit(0);
