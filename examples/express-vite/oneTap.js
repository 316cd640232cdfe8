// The one place that knows the provider's credentials: the sign route and the confirm route
// share them. Server code only: the AES key is here.
import { confirmResult, createSignHandler, memoryTokenStore, redisTokenStore } from 'one-tap-phone/server';
import { createClient } from 'redis';

function required(name) {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: see .env.example (npx one-tap-phone-mock prints a demo app)`);
  return value;
}

/**
 * Where the token and the confirmed signs live. Instances must share it: with a store each, a
 * sign confirms once per instance and each fetches a token of its own. So Redis when
 * REDIS_URL is set (a database or an ACL user of this app's own, docs/server.md), else this
 * process's memory, which is right for one instance only, and said so at start.
 */
async function tokenStore() {
  const url = process.env.REDIS_URL;
  if (!url) {
    console.warn(
      'REDIS_URL is not set: tokens and confirmed signs are kept in this process (memoryTokenStore), which serves ONE instance only. Set REDIS_URL before starting a second one.',
    );
    return memoryTokenStore();
  }
  const client = createClient({ url });
  client.on('error', (error) => console.error(`Redis: ${error.message}`)); // it reconnects by itself
  await client.connect();
  return redisTokenStore({ client, prefix: 'one-tap-example:' }); // a prefix per app
}

// Both calls take the same options, the store included: the sign handler caches its token
// there, and confirmResult remembers each confirmed sign there, so a sign logs in once.
const provider = {
  appId: required('ONE_TAP_APP_ID'),
  aesKey: required('ONE_TAP_AES_KEY'),
  baseUrl: required('ONE_TAP_BASE_URL'),
  store: await tokenStore(),
};

export const signHandler = createSignHandler(provider);

/** Asks the provider itself what the sign resolved to: never trust what the browser reports. */
export async function confirm(sign) {
  // It refuses a sign this server never issued, one already used and one over 2 minutes old;
  // carrier is a guess from the masked number's prefix (numbers can be ported).
  const { phone, par, carrier } = await confirmResult({ ...provider, sign });
  return { phone, par, carrier };
}
