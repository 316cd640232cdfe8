// The one place that knows the provider's credentials: the sign route and the confirm route
// share them. Server code only: the AES key is here.
import {
  createConfirmHandler,
  createSignHandler,
  memoryTokenStore,
  redisTokenStore,
} from 'one-tap-phone/server';
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

// Both handlers take the same options, the store included: the sign handler caches its token
// there, and the confirm route remembers each confirmed sign there, so a sign logs in once.
// Several server instances share a redisTokenStore instead (docs/server.md).
const provider = {
  appId: required('ONE_TAP_APP_ID'),
  aesKey: required('ONE_TAP_AES_KEY'),
  baseUrl: required('ONE_TAP_BASE_URL'),
  store: await tokenStore(),
};

/**
 * The HttpOnly cookie that binds each sign to the browser that asked for it: a sign read off
 * the page (any script there can) confirms for no other browser. The sign route puts a fresh
 * id in it for every sign, never one the request brought: a script on the page can set a
 * cookie, a `__Host-` one too (the prefix only keeps it off subdomains and plain http).
 */
export const BINDING_COOKIE = '__Host-one-tap';
/** The binding in a Cookie header (Express's req.headers.cookie) or a Fetch Request. */
const bindingOf = (from) => {
  const cookie = typeof from === 'string' || from === undefined ? from : from.headers.get('cookie');
  return /(?:^|;\s*)__Host-one-tap=([\w-]{16,64})(?:;|$)/.exec(cookie ?? '')?.[1];
};

export const signHandler = createSignHandler({ ...provider, binding: bindingOf });

/**
 * POST { sign } as JSON from this site's pages → { phone, par, carrier } once the provider itself
 * says the sign resolved. It refuses a sign this server never issued, one bound to another
 * browser, one already used and one over 2 minutes old; carrier is a guess from the masked
 * number's prefix (numbers can be ported).
 */
export const confirmHandler = createConfirmHandler({
  ...provider,
  binding: bindingOf,
  // Where a real app finds or creates the account and starts its session: its Set-Cookie passes through.
  onConfirmed: async ({ phone, par, carrier }) =>
    Response.json({ phone, par, carrier }, { headers: { 'cache-control': 'no-store' } }),
  logger: console, // the detail of a failure (hosts, causes) goes here, never to the caller
});
