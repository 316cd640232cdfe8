import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll } from 'vitest';

// A real redis-server (Debian's package) on a free loopback port, no persistence.
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP: the server holds every connection open and answers nothing (a stall, not a crash). */
  pause(): void;
  /** SIGCONT: it runs what was queued meanwhile. */
  resume(): void;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      child.once('error', reject);
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk;
        if (out.includes('Ready to accept connections')) resolve();
      });
      setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}

/**
 * A redis-server for one test file: started before its tests, stopped after them, with every
 * client `connect()` made closed first. `server()` is the running server: stop and start it to
 * test an outage.
 */
export function redisForFile() {
  let server: RedisServer | undefined;
  const clients: ReturnType<typeof createClient>[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) await client.destroy();
    await server?.stop();
  });
  const running = (): RedisServer => {
    if (!server) throw new Error('redisForFile: the server starts in beforeAll');
    return server;
  };
  return {
    server: running,
    /** A connected client that retries every 100 ms through an outage (whose errors it expects). */
    async connect() {
      const client = createClient({ url: running().url, socket: { reconnectStrategy: () => 100 } });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    },
  };
}
