// The Redis clients redisTokenStore takes as they are, told apart by their methods, and the
// one shape the store sends its commands in. Nothing here imports a client: the partner's own
// is passed in, and neither `redis` nor `ioredis` is a dependency.

/**
 * The official `redis` client (v5 and later), `createClient()` or `createCluster()`, as far as
 * the store uses it: told apart by its camelCase `pTTL`.
 */
export interface NodeRedisLike {
  get(key: string): Promise<unknown>;
  set(
    key: string,
    value: string,
    options: { expiration: { type: 'PX'; value: number }; condition?: 'NX' },
  ): Promise<unknown>;
  pTTL(key: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * An `ioredis` client or `Cluster` (v5 and later), as far as the store uses it: told apart by
 * its lowercase `pttl`.
 */
export interface IORedisLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ttlMs: number): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<unknown>;
  pttl(key: string): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}

/**
 * Any other client, in one method: send `command` (Redis's own spelling, e.g.
 * `['SET', key, value, 'PX', '60000', 'NX']`) and resolve with Redis's reply: a bulk string as
 * a string, nil as `null`, an integer as a number, `OK` as `'OK'`. A Redis error rejects with
 * its message as Redis gives it (a `WRONGTYPE …` one included). Every command the store sends
 * touches one key, `key`, for a cluster client to route by.
 *
 * The store sends `GET`, `SET key value PX ms`, `PTTL` and `EVAL script 1 key args…`.
 */
export interface RedisCommandAdapter {
  sendCommand(command: string[], key: string): Promise<unknown>;
}

/** What `redisTokenStore({ client })` takes. */
export type RedisClientLike = NodeRedisLike | IORedisLike | RedisCommandAdapter;

/** The store's commands, whatever the client. Each touches one key (any cluster slot). */
export interface RedisTokenCommands {
  get(key: string): Promise<unknown>;
  /** `SET key value PX ttlMs`, with `NX` if `onlyIfAbsent`: whether it was set. */
  set(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<boolean>;
  pttl(key: string): Promise<number>;
  /** `EVAL script 1 key ...args` */
  eval(script: string, key: string, args: string[]): Promise<unknown>;
}

const hasMethod = (value: unknown, name: string): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>)[name] === 'function';

function fromNodeRedis(client: NodeRedisLike): RedisTokenCommands {
  return {
    get: (key) => client.get(key),
    set: async (key, value, ttlMs, onlyIfAbsent) =>
      (await client.set(key, value, {
        expiration: { type: 'PX', value: ttlMs },
        ...(onlyIfAbsent ? { condition: 'NX' as const } : {}),
      })) === 'OK',
    pttl: async (key) => Number(await client.pTTL(key)),
    eval: (script, key, args) => client.eval(script, { keys: [key], arguments: args }),
  };
}

function fromIORedis(client: IORedisLike): RedisTokenCommands {
  return {
    get: (key) => client.get(key),
    set: async (key, value, ttlMs, onlyIfAbsent) =>
      (await (onlyIfAbsent
        ? client.set(key, value, 'PX', ttlMs, 'NX')
        : client.set(key, value, 'PX', ttlMs))) === 'OK',
    pttl: async (key) => Number(await client.pttl(key)),
    eval: (script, key, args) => client.eval(script, 1, key, ...args),
  };
}

function fromAdapter(adapter: RedisCommandAdapter): RedisTokenCommands {
  return {
    get: (key) => adapter.sendCommand(['GET', key], key),
    set: async (key, value, ttlMs, onlyIfAbsent) =>
      (await adapter.sendCommand(
        ['SET', key, value, 'PX', String(ttlMs), ...(onlyIfAbsent ? ['NX'] : [])],
        key,
      )) === 'OK',
    pttl: async (key) => Number(await adapter.sendCommand(['PTTL', key], key)),
    eval: (script, key, args) => adapter.sendCommand(['EVAL', script, '1', key, ...args], key),
  };
}

/**
 * The store's commands on `client`, told apart by what it is: node-redis (client or cluster)
 * by `pTTL`, ioredis (client or Cluster) by `pttl`, anything else by `sendCommand`
 * ({@link RedisCommandAdapter}). node-redis and ioredis have a `sendCommand` of their own, with
 * other arguments, so they are recognised first.
 * @throws TypeError, naming the cause, for anything else: at the store's construction, not at
 *   the first sign.
 */
export function redisCommandsOf(client: unknown, where: string): RedisTokenCommands {
  if (hasMethod(client, 'pTTL')) return fromNodeRedis(client as NodeRedisLike);
  if (hasMethod(client, 'pttl')) {
    if (!hasMethod(client, 'eval'))
      throw new TypeError(`${where}: client has pttl() but no eval(); pass an ioredis client or Cluster`);
    return fromIORedis(client as IORedisLike);
  }
  if (hasMethod(client, 'sendCommand')) return fromAdapter(client as RedisCommandAdapter);
  if (hasMethod(client, 'then'))
    throw new TypeError(`${where}: client is a Promise; await the client's connect() and pass the client`);
  const what =
    client === undefined || client === null
      ? String(client)
      : `${typeof client === 'object' ? 'an object' : `a ${typeof client}`} with none of pTTL, pttl or sendCommand`;
  throw new TypeError(
    `${where}: client is ${what}; pass a connected node-redis client or cluster, an ioredis client or Cluster, or { sendCommand(command, key) } (docs/server.md)`,
  );
}
