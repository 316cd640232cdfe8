import { readFileSync } from 'node:fs';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  type DataPoint,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createConfirmHandler,
  createEventsHandler,
  createSignHandler,
  memoryTokenStore,
  openSign,
} from '../../src/server/node';
import { SCOPE } from '../../src/server/telemetry';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// The OpenTelemetry SDK as a partner registers it, with in-memory exporters: what the library's
// spans and metrics say, where they sit, and that no secret or number is in any of them.

class TestReader extends MetricReader {
  protected override onForceFlush = async () => undefined;
  protected override onShutdown = async () => undefined;
}

const spans = new InMemorySpanExporter();
/** Every span of the file, never reset: what the secrets scan reads. */
const everySpan = new InMemorySpanExporter();
const reader = new TestReader();
let fake: FakeYuefu;
/** Every sign, token, reqId the tests saw: none may appear in telemetry. */
const secrets = new Set<string>();

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(spans), new SimpleSpanProcessor(everySpan)],
    }),
  );
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  fake = await startFakeYuefu();
});
afterAll(async () => {
  await fake.close();
  trace.disable();
  metrics.disable();
  context.disable();
});
beforeEach(() => spans.reset());

const partner = trace.getTracer('partner-http');
const PAGE = 'http://partner.test';

function setup(overrides: { fetch?: typeof fetch; baseUrl?: string } = {}) {
  const yuefu = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, store: memoryTokenStore() };
  const sign = createSignHandler({ ...yuefu, ...overrides });
  const confirm = createConfirmHandler({
    ...yuefu,
    ...overrides,
    onConfirmed: ({ carrier }) => Response.json({ carrier }),
  });
  const signFor = async (flowId = 'flow-1') => {
    const response = await sign(new Request(`${PAGE}/sign?appId=${fake.appId}&flowId=${flowId}`));
    const body = (await response.json()) as { sign?: string };
    if (body.sign) {
      secrets.add(body.sign);
      secrets.add((await openSign(body.sign, fake.aesKey)).reqId);
      secrets.add((await openSign(body.sign, fake.aesKey)).token);
    }
    return { status: response.status, sign: body.sign };
  };
  const post = (body: string) =>
    confirm(
      new Request(`${PAGE}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        body,
      }),
    );
  return { sign, signFor, confirmSign: (value: string) => post(JSON.stringify({ sign: value })), post };
}

const named = (name: string) => spans.getFinishedSpans().filter((span) => span.name === name);
const only = (name: string): ReadableSpan => {
  const found = named(name);
  expect(found, name).toHaveLength(1);
  return found[0] as ReadableSpan;
};
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

async function points(name: string): Promise<DataPoint<unknown>[]> {
  const { resourceMetrics } = await reader.collect();
  return metricsOf(resourceMetrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints as DataPoint<unknown>[]);
}
const metricsOf = (resource: ResourceMetrics) =>
  resource.scopeMetrics.filter((scope) => scope.scope.name === SCOPE.name).flatMap((scope) => scope.metrics);
const countOf = (point: DataPoint<unknown> | undefined) =>
  typeof point?.value === 'number' ? point.value : (point?.value as { count: number } | undefined)?.count;

describe('spans', () => {
  it('a sign sits inside the partner’s HTTP span, its token request inside it, with outcome and flow id', async () => {
    const { signFor } = setup();
    await partner.startActiveSpan('GET /sign', async (http) => {
      expect((await signFor('flow-a')).status).toBe(200);
      http.end();
    });
    const http = only('GET /sign');
    const sign = only('one_tap.sign');
    const token = only('one_tap.token_request');
    expect(parentOf(sign)).toBe(http.spanContext().spanId);
    expect(parentOf(token)).toBe(sign.spanContext().spanId);
    expect(sign.attributes).toEqual({ 'one_tap.flow_id': 'flow-a', 'one_tap.outcome': 'ok' });
    expect(token.attributes).toEqual({ 'one_tap.provider.operation': 'token', 'one_tap.outcome': 'ok' });
    expect(sign.instrumentationScope).toMatchObject(SCOPE);
  });

  it('a confirm carries the carrier, its provider query inside it', async () => {
    const { signFor, confirmSign } = setup();
    const { sign } = await signFor();
    spans.reset();
    expect((await confirmSign(sign as string)).status).toBe(200);
    const confirm = only('one_tap.confirm');
    const query = only('one_tap.provider_query');
    expect(parentOf(query)).toBe(confirm.spanContext().spanId);
    expect(confirm.attributes).toEqual({ 'one_tap.outcome': 'ok', 'one_tap.carrier': 'mobile' });
    expect(query.attributes).toEqual({ 'one_tap.provider.operation': 'query', 'one_tap.outcome': 'ok' });
    expect(confirm.status.code).toBe(0); // UNSET: success
  });

  it('each failure is the span’s outcome and error.type, and an error status', async () => {
    const refusing: typeof fetch = async () =>
      Response.json({ resCode: '1', success: false, message: 'IP 不在白名单' });
    const outcomes: Record<string, [string, string?]> = {};
    const record = (label: string, span: ReadableSpan) => {
      outcomes[label] = [String(span.attributes['one_tap.outcome']), span.attributes['error.type'] as string];
      if (span.attributes['one_tap.outcome'] !== 'ok') expect(span.status.code, label).toBe(2); // ERROR
    };

    await setup({ fetch: refusing }).signFor();
    record('token refused: sign', only('one_tap.sign'));
    record('token refused: token request', only('one_tap.token_request'));
    spans.reset();
    await setup({ baseUrl: 'http://127.0.0.1:9/getphone' }).signFor();
    record('provider unreachable: sign', only('one_tap.sign'));
    spans.reset();
    await setup().sign(new Request(`${PAGE}/sign`, { method: 'POST' }));
    record('POST to the sign route', only('one_tap.sign'));

    const { signFor, confirmSign, post } = setup();
    const { sign } = await signFor();
    await confirmSign(sign as string);
    spans.reset();
    await confirmSign(sign as string);
    record('replay', only('one_tap.confirm'));
    spans.reset();
    await post('{"sign":"AAAA"}');
    record('garbage sign', only('one_tap.confirm'));
    spans.reset();
    fake.unresolved = true;
    try {
      const second = await signFor();
      spans.reset();
      await confirmSign(second.sign as string);
    } finally {
      fake.unresolved = false;
    }
    record('never resolved: confirm', only('one_tap.confirm'));
    record('never resolved: query', only('one_tap.provider_query'));
    spans.reset();
    const third = await setup().signFor();
    const down = setup({ baseUrl: 'http://127.0.0.1:9/getphone' });
    spans.reset();
    await down.confirmSign(third.sign as string);
    record('provider down: query', only('one_tap.provider_query'));

    expect(outcomes).toEqual({
      'token refused: sign': ['IP_NOT_WHITELISTED', 'IP_NOT_WHITELISTED'],
      'token refused: token request': ['IP_NOT_WHITELISTED', 'IP_NOT_WHITELISTED'],
      'provider unreachable: sign': ['PROVIDER_UNAVAILABLE', 'PROVIDER_UNAVAILABLE'],
      'POST to the sign route': ['METHOD_NOT_ALLOWED', 'METHOD_NOT_ALLOWED'],
      replay: ['SIGN_USED', 'SIGN_USED'],
      'garbage sign': ['SIGN_INVALID', 'SIGN_INVALID'],
      'never resolved: confirm': ['RESULT_UNAVAILABLE', 'RESULT_UNAVAILABLE'],
      'never resolved: query': ['RESULT_UNAVAILABLE', 'RESULT_UNAVAILABLE'],
      'provider down: query': ['NETWORK', 'NETWORK'],
    });
  });

  it('a token-expired report’s check of the sign is a provider query of its own operation', async () => {
    const { sign, signFor } = setup();
    const first = await signFor();
    fake.revokeAll();
    spans.reset();
    const response = await sign(
      new Request(
        `${PAGE}/sign?appId=${fake.appId}&reason=token-expired&sign=${encodeURIComponent(first.sign as string)}`,
      ),
    );
    secrets.add(((await response.json()) as { sign: string }).sign);
    const check = only('one_tap.provider_query');
    expect(check.attributes).toEqual({
      'one_tap.provider.operation': 'report-check',
      'one_tap.outcome': 'TOKEN_EXPIRED',
      'error.type': 'TOKEN_EXPIRED',
    });
    expect(parentOf(check)).toBe(only('one_tap.sign').spanContext().spanId);
    expect(only('one_tap.token_request').attributes['one_tap.outcome']).toBe('ok'); // the new token
  });
});

describe('metrics', () => {
  it('durations in seconds by outcome, operation and carrier; the flow id is no metric attribute', async () => {
    const { signFor, confirmSign } = setup();
    const { sign } = await signFor('flow-m');
    await confirmSign(sign as string);
    const signs = await points('one_tap.sign.duration');
    const ok = signs.find((point) => point.attributes['one_tap.outcome'] === 'ok');
    expect(countOf(ok)).toBeGreaterThan(0);
    for (const point of signs) expect(Object.keys(point.attributes)).not.toContain('one_tap.flow_id');
    const confirms = await points('one_tap.confirm.duration');
    expect(confirms.some((point) => point.attributes['one_tap.carrier'] === 'mobile')).toBe(true);
    const operations = new Set(
      (await points('one_tap.provider.duration')).map(
        (point) => point.attributes['one_tap.provider.operation'],
      ),
    );
    expect([...operations].sort()).toEqual(['query', 'report-check', 'token']);
  });
});

describe('the page’s events, through createEventsHandler', () => {
  const events = createEventsHandler();
  const send = (body: unknown, headers: Record<string, string> = {}) =>
    events(
      new Request(`${PAGE}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  const event = (status: string, extra: Record<string, unknown> = {}) => ({
    flowId: 'f1',
    status,
    at: 1,
    elapsedMs: 0,
    queries: 0,
    ...extra,
  });
  const count = async (attributes: Record<string, string>) =>
    (await points('one_tap.flow.events'))
      .filter((point) => Object.entries(attributes).every(([key, value]) => point.attributes[key] === value))
      .reduce((sum, point) => sum + (countOf(point) ?? 0), 0);

  it('counts each phase by status, carrier and code, and the time to the number by carrier', async () => {
    const before = await count({ 'one_tap.status': 'ready', 'one_tap.carrier': 'telecom' });
    const response = await send({
      events: [
        event('signing'),
        event('requesting'),
        event('polling', { queries: 1 }),
        event('signing', { queries: 1 }),
        event('ready', { carrier: 'telecom', elapsedMs: 1800, queries: 2 }),
        event('confirming', { carrier: 'telecom', elapsedMs: 2600, queries: 2 }),
        event('error', { code: 'NETWORK', elapsedMs: 900 }),
      ],
    });
    expect(response.status).toBe(204);
    expect((await count({ 'one_tap.status': 'ready', 'one_tap.carrier': 'telecom' })) - before).toBe(1);
    expect(await count({ 'one_tap.status': 'error', 'one_tap.code': 'NETWORK' })).toBeGreaterThan(0);
    expect(await count({ 'one_tap.status': 'confirming', 'one_tap.carrier': 'telecom' })).toBe(1);
    // A sign fetched again after resCode 2 is no new lookup.
    expect(await count({ 'one_tap.status': 'signing', 'one_tap.code': 'TOKEN_EXPIRED' })).toBe(1);
    const times = await points('one_tap.flow.time_to_number');
    const telecom = times.find((point) => point.attributes['one_tap.carrier'] === 'telecom');
    expect((telecom?.value as { sum: number } | undefined)?.sum).toBeCloseTo(1.8);
  });

  it('drops what does not check out, and refuses what is not a batch from this site', async () => {
    const eventsSoFar = async () => count({});
    const timesSoFar = async () =>
      (await points('one_tap.flow.time_to_number')).reduce((sum, point) => sum + (countOf(point) ?? 0), 0);
    const [before, timesBefore] = [await eventsSoFar(), await timesSoFar()];
    const junk = [
      event('hacked'),
      event('ready', { carrier: 'vodafone' }),
      event('error', { code: 'NOT_A_CODE' }),
      event('error'),
      event('ready', { elapsedMs: -5 }),
      event('ready', { elapsedMs: 'soon' }),
      event('polling', { queries: 1.5 }),
      'ready',
      null,
    ];
    expect((await send({ events: junk })).status).toBe(204);
    // Counts, not series: the junk polling event would fall in a series an earlier test made.
    expect(await eventsSoFar()).toBe(before);
    expect(await timesSoFar()).toBe(timesBefore);
    expect((await send({ events: [event('polling', { queries: 1 })] })).status).toBe(204);
    expect(await eventsSoFar()).toBe(before + 1); // and a good one is counted

    expect((await send('not json')).status).toBe(400);
    expect((await send({ events: Array.from({ length: 51 }, () => event('idle')) })).status).toBe(400);
    expect((await send({ events: [] }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await send({ events: [] }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send(`{"events":[],"pad":"${'x'.repeat(17_000)}"}`)).status).toBe(413);
    expect((await events(new Request(`${PAGE}/events`))).status).toBe(405);
  });

  it('answers a listed origin’s preflight, then takes its batch', async () => {
    const shop = 'https://shop.example';
    const listed = createEventsHandler({ origins: [shop] });
    const preflight = await listed(
      new Request(`${PAGE}/events`, { method: 'OPTIONS', headers: { origin: shop } }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(shop);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    const posted = await listed(
      new Request(`${PAGE}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: shop },
        body: JSON.stringify({ events: [event('idle')] }),
      }),
    );
    expect(posted.status).toBe(204);
    const stranger = await listed(
      new Request(`${PAGE}/events`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
    );
    expect(stranger.status).toBe(405);
  });
});

describe('what telemetry never carries', () => {
  it('no sign, token, key, reqId or number, masked or not, in any span or data point', async () => {
    const { resourceMetrics } = await reader.collect();
    const exported = JSON.stringify({
      spans: everySpan.getFinishedSpans().map(({ name, attributes, status, events }) => ({
        name,
        attributes,
        status,
        events,
      })),
      metrics: metricsOf(resourceMetrics).map(({ descriptor, dataPoints }) => ({
        name: descriptor.name,
        attributes: dataPoints.map((point) => point.attributes),
      })),
    });
    expect(secrets.size).toBeGreaterThan(10);
    expect(everySpan.getFinishedSpans().length).toBeGreaterThan(20);
    const leaked = [...secrets, fake.aesKey, fake.result.phone, fake.result.par, '5678'].filter((secret) =>
      exported.includes(secret),
    );
    expect(leaked).toEqual([]);
  });

  it('the instrumentation scope is this package at its version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
    expect(SCOPE).toEqual({ name: pkg.name, version: pkg.version });
  });
});
