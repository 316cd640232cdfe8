import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import type { RedisClientLike } from '../../src/server/tokens/redisClients';

// The clients partners hold, made as a partner would, for a redis-server or a Redis Cluster:
// node-redis's createClient and createCluster, ioredis's Redis and Cluster, and a client of
// no library we know, through the store's one-method adapter (over ioredis's `call`). Each
// retries every 100 ms through an outage, whose errors it expects. No vitest here: the lock
// holder child process makes its client with it too.

export const CLIENT_KINDS = [
  'node-redis',
  'node-redis cluster',
  'ioredis',
  'ioredis Cluster',
  'adapter',
] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export interface RedisNode {
  host: string;
  port: number;
}

/** Whether `kind` talks to a Redis Cluster (else to one redis-server). */
export const isClusterKind = (kind: ClientKind): boolean => kind.endsWith('luster');

/** An ACL user to connect as, else the default user. */
export interface RedisAuth {
  username: string;
  password: string;
}

/** A client of `kind`, connected (ready for commands), with `raw` to send any command and `close`. */
export interface KindClient {
  client: RedisClientLike;
  /** Sends a command as Redis spells it, routed by `key` on a cluster; for the tests' own looks. */
  raw(command: string[], key: string): Promise<unknown>;
  close(): Promise<void>;
}

async function ioredisReady(client: Redis | Cluster): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve);
    client.once('end', () => reject(new Error('ioredis: connection ended before ready')));
  });
}

export async function connectKind(
  kind: ClientKind,
  nodes: RedisNode[],
  auth?: RedisAuth,
): Promise<KindClient> {
  const [first] = nodes;
  if (!first) throw new Error('connectKind: no Redis node');
  const user = auth ? `${encodeURIComponent(auth.username)}:${encodeURIComponent(auth.password)}@` : '';
  const url = (node: RedisNode) => `redis://${user}${node.host}:${node.port}`;
  switch (kind) {
    case 'node-redis': {
      const client = createClient({ url: url(first), socket: { reconnectStrategy: () => 100 } });
      client.on('error', () => undefined);
      await client.connect();
      return { client, raw: (command) => client.sendCommand(command), close: async () => client.destroy() };
    }
    case 'node-redis cluster': {
      const client = createCluster({
        rootNodes: nodes.map((node) => ({ url: url(node) })),
        defaults: { ...auth, socket: { reconnectStrategy: () => 100 } },
      });
      client.on('error', () => undefined);
      await client.connect();
      return {
        client,
        raw: (command, key) => client.sendCommand(key, false, command),
        close: async () => client.destroy(),
      };
    }
    case 'ioredis':
    case 'adapter': {
      const client = new Redis({ ...auth, host: first.host, port: first.port, retryStrategy: () => 100 });
      client.on('error', () => undefined);
      await ioredisReady(client);
      const raw = ([name, ...args]: string[]) => client.call(name as string, ...args);
      const close = async () => void client.disconnect();
      // The adapter as docs/server.md shows it, for a client the store does not know.
      const adapter = { sendCommand: (command: string[]) => raw(command) };
      return { client: kind === 'adapter' ? adapter : client, raw, close };
    }
    case 'ioredis Cluster': {
      const client = new Cluster(nodes, {
        clusterRetryStrategy: () => 100,
        ...(auth ? { redisOptions: auth } : {}),
      });
      client.on('error', () => undefined);
      await ioredisReady(client);
      return {
        client,
        raw: ([name, ...args]) => client.call(name as string, ...args),
        close: async () => void client.disconnect(),
      };
    }
  }
}
