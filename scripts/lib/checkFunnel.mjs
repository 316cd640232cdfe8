// check-examples on an example that exports OpenTelemetry metrics for Prometheus (the Express
// example, otel.js): before the journeys, Debian's prometheus starts scraping both instances;
// after them, each instance's /metrics must hold the counts the journeys caused, and every query
// of docs/operations.md (so of the dashboard and the alert rules, which a test holds to it) must
// return data from that prometheus.
import { operationsQueries, parseMetrics, startPrometheus, total } from './prometheus.mjs';

/** Starts prometheus on the instances' metrics ports, or nothing for an example without them. */
export async function watchFunnel({ example, instances, cleanups }) {
  if (!example.metrics) return undefined;
  const prometheus = await startPrometheus(instances.map((instance) => instance.metricsTarget));
  cleanups.push(async () => prometheus.stop());
  return prometheus;
}

/** The counts of every instance's /metrics page, summed. */
async function scrape(instances) {
  const pages = await Promise.all(
    instances.map(async ({ metricsTarget }) => (await fetch(`http://${metricsTarget}/metrics`)).text()),
  );
  return pages.flatMap(parseMetrics);
}

/** What a run of the journeys must have counted at least: [what, metric, labels, at least]. */
const EXPECTED = [
  ['lookups begun (page)', 'one_tap_flow_events_total', { one_tap_status: 'signing', one_tap_code: '' }, 4],
  ['numbers found (page)', 'one_tap_flow_events_total', { one_tap_status: 'ready' }, 4],
  ['consents (page, confirmUrl)', 'one_tap_flow_events_total', { one_tap_status: 'confirming' }, 4],
  ['logins (page)', 'one_tap_flow_events_total', { one_tap_status: 'success' }, 1],
  [
    'NO_ACCOUNT (page)',
    'one_tap_flow_events_total',
    { one_tap_status: 'error', one_tap_code: 'NO_ACCOUNT' },
    2,
  ],
  [
    'NUMBER_MISMATCH (page)',
    'one_tap_flow_events_total',
    { one_tap_status: 'error', one_tap_code: 'NUMBER_MISMATCH' },
    1,
  ],
  ['times to the number (page)', 'one_tap_flow_time_to_number_count', {}, 4],
  ['logins (confirm route)', 'one_tap_confirm_duration_count', { one_tap_outcome: 'ok' }, 2],
  ['NO_ACCOUNT (confirm route)', 'one_tap_confirm_duration_count', { one_tap_outcome: 'NO_ACCOUNT' }, 3],
  [
    'NUMBER_MISMATCH (confirm route)',
    'one_tap_confirm_duration_count',
    { one_tap_outcome: 'NUMBER_MISMATCH' },
    2,
  ],
  [
    'SIGN_BOUND_ELSEWHERE (confirm route)',
    'one_tap_confirm_duration_count',
    { one_tap_outcome: 'SIGN_BOUND_ELSEWHERE' },
    1,
  ],
  ['SIGN_USED (confirm route)', 'one_tap_confirm_duration_count', { one_tap_outcome: 'SIGN_USED' }, 1],
  ['RATE_LIMITED (confirm route)', 'one_tap_confirm_duration_count', { one_tap_outcome: 'RATE_LIMITED' }, 1],
  ['RATE_LIMITED (sign route)', 'one_tap_sign_duration_count', { one_tap_outcome: 'RATE_LIMITED' }, 1],
  ['signs (sign route)', 'one_tap_sign_duration_count', { one_tap_outcome: 'ok' }, 20],
  [
    'failed token request (provider)',
    'one_tap_provider_duration_count',
    { one_tap_provider_operation: 'token', one_tap_outcome: 'PROVIDER_UNAVAILABLE' },
    1,
  ],
  [
    'token-expired report checks (provider)',
    'one_tap_provider_duration_count',
    { one_tap_provider_operation: 'report-check' },
    1,
  ],
  [
    'confirm queries (provider)',
    'one_tap_provider_duration_count',
    { one_tap_provider_operation: 'query', one_tap_outcome: 'ok' },
    2,
  ],
];

/**
 * The parts of a query that can return data on a fresh prometheus: an alert's expression
 * without its threshold, and the two halves of a comparison with a day ago without the day ago.
 */
function runnable(query) {
  return query
    .split(' and ')
    .flatMap((part) => part.split(' < 0.5 * '))
    .filter((part) => !part.includes('offset'))
    .map((part) => part.replace(/\s*[<>]=?\s*[\d.]+$/, ''));
}

/**
 * After the journeys: the counts on /metrics (waiting a few seconds for the last beacons), then
 * every query of docs/operations.md against prometheus. Returns a summary for the check's line.
 */
export async function checkFunnel({ instances, prometheus, root }) {
  let samples = [];
  let short = [];
  for (let tries = 0; tries < 20; tries++) {
    samples = await scrape(instances);
    short = EXPECTED.filter(([, name, labels, least]) => total(samples, name, labels) < least);
    if (short.length === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (short.length > 0)
    throw new Error(
      `/metrics lacks what the journeys caused: ${short
        .map(([what, name, labels, least]) => `${what}: ${total(samples, name, labels)} < ${least}`)
        .join('; ')}`,
    );
  const secrets = /\d{3}\*{4}\d{4}|1[3-9]\d{9}|__Host-|sign=/;
  const leaked = samples.filter((sample) => Object.values(sample.labels).some((v) => secrets.test(v)));
  if (leaked.length > 0) throw new Error(`a metric label holds a number or a cookie: ${leaked[0].name}`);

  const queries = operationsQueries(root).flatMap(runnable);
  const empty = [];
  for (const query of queries) {
    const result = await prometheus.waitForSamples(query);
    if (!result.some((series) => Number.isFinite(Number(series.value?.[1])))) empty.push(query);
  }
  if (empty.length > 0) throw new Error(`prometheus returned no data for:\n  ${empty.join('\n  ')}`);
  const count = (name, labels) => total(samples, name, labels);
  const lookups = count('one_tap_flow_events_total', { one_tap_status: 'signing', one_tap_code: '' });
  const numbers = count('one_tap_flow_events_total', { one_tap_status: 'ready' });
  const logins = count('one_tap_confirm_duration_count', { one_tap_outcome: 'ok' });
  return `/metrics: ${lookups} lookups, ${numbers} numbers, ${logins} logins, each provoked error counted; prometheus scraping both instances: all ${queries.length} queries of docs/operations.md (alerts without their thresholds) return data`;
}
