// The one Redis client every part of this app shares (tokens, limits, accounts, SMS codes), or
// none: without REDIS_URL each part keeps its data in this process, right for one instance
// (instrumentation.ts says so at start). ioredis connects on its first command (`lazyConnect`),
// so `next build`, which loads the route modules, never dials Redis.
import 'server-only';
import { Redis } from 'ioredis';
import { perProcess } from './perProcess';

function connect() {
  const url = process.env.REDIS_URL;
  if (!url) return undefined;
  const client = new Redis(url, { lazyConnect: true });
  // Without a listener, an 'error' (Redis stopped) would crash the process; it reconnects by itself.
  client.on('error', (error) => console.error(`Redis: ${error.message}`));
  return client;
}

/** The `ioredis` client on REDIS_URL; `undefined` without REDIS_URL. */
export const redis = perProcess('redis', connect);

/** Every key this app writes starts with it: a database of its own is better still (docs/server.md). */
export const PREFIX = 'one-tap-example:';
