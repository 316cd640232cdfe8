// The few operations accounts and SMS codes need, on the shared Redis or in this process.
import { PREFIX, redis } from './redis.js';

/**
 * @typedef {object} KeyValue
 * @property {(key: string) => Promise<string | undefined>} get
 * @property {(key: string, value: string, options?: { ttlMs?: number, onlyIfAbsent?: boolean }) => Promise<boolean>} set
 *   false when `onlyIfAbsent` and the key exists
 * @property {(key: string) => Promise<boolean>} delete true for the one caller that removed it
 */

/** @returns {KeyValue} */
function redisKeyValue(client) {
  return {
    get: async (key) => (await client.get(PREFIX + key)) ?? undefined,
    set: async (key, value, { ttlMs, onlyIfAbsent } = {}) =>
      (await client.set(PREFIX + key, value, {
        ...(ttlMs && { PX: ttlMs }),
        ...(onlyIfAbsent && { NX: true }),
      })) === 'OK',
    delete: async (key) => (await client.del(PREFIX + key)) === 1,
  };
}

/** @returns {KeyValue} */
function memoryKeyValue() {
  const entries = new Map(); // key → { value, expiresAt }
  const live = (key) => {
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

export const kv = redis ? redisKeyValue(redis) : memoryKeyValue();
