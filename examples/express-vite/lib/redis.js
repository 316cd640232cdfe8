// The one Redis client every part of this server shares (tokens, limits, accounts, SMS codes),
// or none: without REDIS_URL each part keeps its data in this process, right for one instance.
import { createClient } from 'redis';

async function connect() {
  const url = process.env.REDIS_URL;
  if (!url) {
    console.warn(
      'REDIS_URL is not set: tokens, confirmed signs, accounts, SMS codes and rate limits are kept in this process, which serves ONE instance only. Set REDIS_URL before starting a second one.',
    );
    return undefined;
  }
  const client = createClient({ url });
  // Without a listener, an 'error' (Redis stopped) would crash the process; it reconnects by itself.
  client.on('error', (error) => console.error(`Redis: ${error.message}`));
  await client.connect();
  return client;
}

/** The official `redis` client on REDIS_URL, connected; `undefined` without REDIS_URL. */
export const redis = await connect();

/** Every key this app writes starts with it: a database of its own is better still (docs/server.md). */
export const PREFIX = 'one-tap-example:';
