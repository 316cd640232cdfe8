import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// docs/operations.md is the source of the queries: the Grafana dashboard and the alert rules a
// partner imports hold exactly its PromQL, each query once, and nothing else.
const doc = readFileSync('docs/operations.md', 'utf8');
const documented = [...doc.matchAll(/```promql\n(.*?)\n```/gs)].map((match) => match[1] as string);

const dashboard = JSON.parse(readFileSync('docs/operations/grafana-dashboard.json', 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
};
const panelQueries = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
/** Each rule's `expr`: a single-quoted YAML scalar, in which `''` is a quote. */
const alertQueries = [
  ...readFileSync('docs/operations/alerts.yml', 'utf8').matchAll(/^\s+expr: '(.*)'$/gm),
].map((match) => (match[1] as string).replaceAll("''", "'"));

describe('docs/operations.md, its dashboard and its alerts', () => {
  it('the dashboard and the alert rules hold every query of the page, word for word, and no other', () => {
    expect(documented.length).toBeGreaterThan(10);
    expect(alertQueries).toHaveLength(3);
    expect([...panelQueries, ...alertQueries].sort()).toEqual([...documented].sort());
  });

  it('names only metrics and attributes the library records', () => {
    const metrics = new Set(documented.flatMap((query) => query.match(/\bone_tap_[a-z_]+(?=[{[])/g) ?? []));
    expect([...metrics].sort()).toEqual([
      'one_tap_confirm_duration_count',
      'one_tap_flow_events_total',
      'one_tap_flow_time_to_number_bucket',
      'one_tap_provider_duration_bucket',
      'one_tap_provider_duration_count',
      'one_tap_sign_duration_count',
    ]);
    const labels = new Set(
      documented.flatMap((query) => query.match(/\bone_tap_[a-z_]+(?=\s*(?:[!=]=?|,|\)))/g) ?? []),
    );
    expect([...labels].sort()).toEqual([
      'one_tap_carrier',
      'one_tap_code',
      'one_tap_outcome',
      'one_tap_provider_operation',
      'one_tap_status',
    ]);
  });
});
