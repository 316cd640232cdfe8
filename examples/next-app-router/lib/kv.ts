// The few operations accounts and SMS codes need, on the shared Redis or in this process.
import 'server-only';
import type { Redis } from 'ioredis';
import { perProcess } from './perProcess';
import { PREFIX, redis } from './redis';

interface KeyValue {
  get(key: string): Promise<string | undefined>;
  /** False when `onlyIfAbsent` and the key exists. */
  set(key: string, value: string, options?: { ttlMs?: number; onlyIfAbsent?: boolean }): Promise<boolean>;
  /** True for the one caller that removed it. */
  delete(key: string): Promise<boolean>;
}

function redisKeyValue(client: Redis): KeyValue {
  return {
    get: async (key) => (await client.get(PREFIX + key)) ?? undefined,
    set: async (key, value, { ttlMs, onlyIfAbsent } = {}) =>
      (await client.call(
        'SET',
        PREFIX + key,
        value,
        ...(ttlMs ? ['PX', String(ttlMs)] : []),
        ...(onlyIfAbsent ? ['NX'] : []),
      )) === 'OK',
    delete: async (key) => (await client.del(PREFIX + key)) === 1,
  };
}

function memoryKeyValue(): KeyValue {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) entries.delete(key);
    return entries.get(key);
  };
  return {
    get: async (key) => live(key)?.value,
    set: async (key, value, { ttlMs, onlyIfAbsent } = {}) => {
      if (onlyIfAbsent && live(key)) return false;
      entries.set(key, { value, expiresAt: ttlMs ? Date.now() + ttlMs : Number.POSITIVE_INFINITY });
      return true;
    },
    delete: async (key) => live(key) !== undefined && entries.delete(key),
  };
}

export const kv = redis ? redisKeyValue(redis) : perProcess('kv', memoryKeyValue);
