// Debian's prometheus for the checks: one server on a free loopback port, scraping the given
// targets every second into a temp dir, asked over its HTTP API, stopped by its process group.
// Also what the checks read from a /metrics page and from docs/operations.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts prometheus scraping `targets` (`host:port` of /metrics pages) every second.
 * @returns {Promise<{ url: string, query: (promql: string) => Promise<unknown[]>, waitForSamples: (promql: string, timeoutMs?: number) => Promise<unknown[]>, stop: () => void }>}
 */
export async function startPrometheus(targets, { signal } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'one-tap-prometheus-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: one-tap-example',
      '    static_configs:',
      `      - targets: [${targets.map((target) => JSON.stringify(target)).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  };
  signal?.addEventListener('abort', stop, { once: true });
  const url = `http://127.0.0.1:${port}`;

  const query = async (promql) => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = await response.json();
    if (body.status !== 'success')
      throw new Error(`prometheus refused ${promql}: ${body.error ?? response.status}`);
    return body.data.result;
  };
  // Ready, and every target scraped at least once.
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log}`);
    try {
      const up = await query('up');
      if (up.length === targets.length && up.every((series) => series.value[1] === '1')) break;
    } catch {}
    if (tries > 60) {
      stop();
      throw new Error(`prometheus did not scrape ${targets.join(', ')} within 30 s:\n${log}`);
    }
    await sleep(500);
  }
  /** Asks until the query returns at least one series whose value is a number, for up to `timeoutMs`. */
  const waitForSamples = async (promql, timeoutMs = 15_000) => {
    const until = Date.now() + timeoutMs;
    let last = [];
    while (Date.now() < until) {
      last = await query(promql);
      if (last.some((series) => Number.isFinite(Number(series.value?.[1])))) return last;
      await sleep(500);
    }
    return last;
  };
  return { url, query, waitForSamples, stop };
}

/** `name{labels} value` lines of a Prometheus text page, as [{ name, labels, value }]. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of a metric's samples whose labels include `labels` (a label given as '' must be absent). */
export function total(samples, name, labels = {}) {
  return samples
    .filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, value]) => (sample.labels[key] ?? '') === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Every PromQL block of docs/operations.md, in order. */
export const operationsQueries = (root) =>
  [...readFileSync(join(root, 'docs/operations.md'), 'utf8').matchAll(/```promql\n(.*?)\n```/gs)].map(
    (match) => match[1],
  );
