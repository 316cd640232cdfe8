import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redisServer';

// A real 3-node Redis Cluster (Debian's redis-server and redis-cli), masters only, on free
// loopback ports (client and bus ports both picked free), in a temp dir of its own. Every wait
// is bounded; every node is stopped by its PID, on a failed start too, and at process exit if
// the test never got to it.

const run = promisify(execFile);
const START_MS = 20_000;

export interface RedisClusterNode {
  host: string;
  port: number;
}

export interface RedisCluster {
  nodes: RedisClusterNode[];
  /** Kills every node (SIGKILL): the whole cluster is down. */
  stop(): Promise<void>;
  /** Starts every node again from its nodes.conf; resolves when the cluster is ok again. */
  start(): Promise<void>;
  /** Stops every node and deletes the temp dir. */
  close(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_MS;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis cluster: ${what} not within ${START_MS / 1000} s`);
}

const clusterOk = async ({ host, port }: RedisClusterNode) => {
  const { stdout } = await run('redis-cli', ['-h', host, '-p', String(port), 'cluster', 'info'], {
    timeout: 2000,
  });
  return stdout.includes('cluster_state:ok');
};

export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'one-tap-phone-redis-cluster-'));
  const nodes: (RedisClusterNode & { busPort: number; dir: string; child?: ChildProcess })[] = [];
  // Six distinct ports: a client port and a cluster bus port for each node.
  const ports = new Set<number>();
  while (ports.size < 6) ports.add(await freePort());
  const [p0, b0, p1, b1, p2, b2] = [...ports] as [number, number, number, number, number, number];
  for (const [i, port, busPort] of [
    [0, p0, b0],
    [1, p1, b1],
    [2, p2, b2],
  ] as const) {
    const nodeDir = join(dir, `node${i}`);
    mkdirSync(nodeDir);
    nodes.push({ host: '127.0.0.1', port, busPort, dir: nodeDir });
  }

  const startNode = (node: (typeof nodes)[number]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(node.port),
          '--cluster-port',
          String(node.busPort),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          '2000',
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { cwd: node.dir, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      node.child = child;
      running.add(child);
      child.once('exit', () => running.delete(child));
      child.once('error', reject);
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`redis-server (cluster node) did not start: ${out}`)),
        START_MS,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk;
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  const stopNode = (node: (typeof nodes)[number]) =>
    new Promise<void>((resolve) => {
      const child = node.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });

  const stop = async () => {
    await Promise.all(nodes.map(stopNode));
  };
  const start = async () => {
    await Promise.all(nodes.map(startNode));
    await until('cluster_state:ok on every node', async () =>
      (await Promise.all(nodes.map(clusterOk))).every(Boolean),
    );
  };
  const close = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await Promise.all(nodes.map(startNode));
    await run(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((n) => `${n.host}:${n.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { timeout: START_MS },
    );
    await until('cluster_state:ok on every node', async () =>
      (await Promise.all(nodes.map(clusterOk))).every(Boolean),
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes: nodes.map(({ host, port }) => ({ host, port })), stop, start, close };
}
