// One sign server in its own process, for `npm run bench:sign`: `bare` is node:http with
// node:crypto and nothing else (the machine's limit), `handler` is the library's
// createSignHandler(...).node imported as a Node user gets it (`one-tap-phone/server`,
// resolved through the package's own exports), with @opentelemetry/api installed and no SDK;
// `otel` is the same handler with the OpenTelemetry SDK registered as a partner would: every
// span recorded and batched to an exporter, metrics read by the Prometheus exporter. Listens on 127.0.0.1, sends its port to the
// parent over IPC and exits when the parent goes.
import { createCipheriv, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const kind = process.argv[2];
const APP_ID = 'wozhitest';
const AES_KEY = 'h1q9750o8141K864';
const TOKEN = '49FF63FD025711D51DC744E836319D00';

/** The same answer as the handler's (status, headers, JSON), built the shortest way Node allows. */
function bareServer() {
  const key = Buffer.from(AES_KEY, 'utf8');
  return createServer((req, res) => {
    const appId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('appId');
    if (appId !== APP_ID) {
      res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"error":{"code":"UNKNOWN_APP_ID"}}');
      return;
    }
    // Keys in ASCII order, as the sign's plaintext has them.
    const plain = JSON.stringify({
      appId,
      reqId: randomUUID().replaceAll('-', ''),
      timeStamp: String(Date.now()),
      token: TOKEN,
    });
    const cipher = createCipheriv('aes-128-ecb', key, null);
    const sign = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
    res.writeHead(200, { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ sign }));
  });
}

/** The library's handler with default options (its own token client), the token already cached. */
async function handlerServer() {
  const { createSignHandler } = await import('one-tap-phone/server');
  const { createMockYuefu } = await import('one-tap-phone/mock');
  // Yuefu is the mock, in-process: it is asked for the token once, before the load starts;
  // every sign after that is served from the handler's cache, as between token renewals.
  const yuefu = createMockYuefu(); // its one app is DEMO_APP: wozhitest, the document's key;
  const handler = createSignHandler({
    appId: APP_ID,
    aesKey: AES_KEY,
    baseUrl: 'https://yuefu.mock/getphone', // https: the mock is in-process; no plain-http warning in the output
    fetch: (input, init) => yuefu.fetch(new Request(input, init), { clientAddress: '127.0.0.1' }),
  });
  const warm = await handler(new Request(`http://127.0.0.1/sign?appId=${APP_ID}`));
  if (warm.status !== 200) throw new Error(`the handler answered ${warm.status} before the load`);
  return createServer(handler.node);
}

/** The SDK as a partner registers it: spans batched to an exporter (here one that drops them), metrics for Prometheus. */
async function registerOpenTelemetry() {
  const { context, metrics, trace } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { MeterProvider } = await import('@opentelemetry/sdk-metrics');
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { PrometheusExporter } = await import('@opentelemetry/exporter-prometheus');
  const dropped = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => undefined };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropped)] }),
  );
  const prometheus = new PrometheusExporter({ port: 0, host: '127.0.0.1', preventServerStart: true });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [prometheus] }));
}

if (kind === 'otel') await registerOpenTelemetry();
const server = kind === 'bare' ? bareServer() : await handlerServer();
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({
    port: server.address().port,
    module: kind === 'bare' ? 'node:http + node:crypto' : import.meta.resolve('one-tap-phone/server'),
    otel: kind === 'otel',
  });
});
// The parent asks for this process's CPU time around each round: CPU per request is the
// figure that noise from other processes on the machine moves least.
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.on('disconnect', () => process.exit(0));
