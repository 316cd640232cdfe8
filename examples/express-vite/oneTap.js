// The one place that knows the provider's credentials: the sign route and the confirm route
// share them. Server code only: the AES key is here.
import {
  createConfirmHandler,
  createEventsHandler,
  createSignHandler,
  memoryTokenStore,
  redisTokenStore,
} from 'one-tap-phone/server';
import { accountById, masked } from './lib/accounts.js';
import { limit } from './lib/limits.js';
import { PREFIX, redis } from './lib/redis.js';
import { rememberedAccountId, sessionOf } from './lib/session.js';

function required(name) {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: see .env.example (npx one-tap-phone-mock prints a demo app)`);
  return value;
}

// Both handlers take the same options. The store: the sign handler caches its token there, and
// the confirm route remembers each confirmed sign there, so a sign logs in once. Instances must
// share it (with a store each, a sign confirms once per instance), so Redis when REDIS_URL is
// set, else this process's memory (lib/redis.js warns at start). `bindingCookie`: every sign is
// bound to a fresh random id in that HttpOnly cookie, which the confirm route reads back, so a
// sign read off the page (any script there can) confirms for no other browser. `limit`: per-IP
// budgets on the sign, token-expired report and confirm routes (lib/limits.js).
const provider = {
  appId: required('ONE_TAP_APP_ID'),
  aesKey: required('ONE_TAP_AES_KEY'),
  baseUrl: required('ONE_TAP_BASE_URL'),
  store: redis ? redisTokenStore({ client: redis, prefix: PREFIX }) : memoryTokenStore(),
  bindingCookie: '__Host-one-tap',
  limit,
  logger: console, // the detail of a failure (hosts, causes) goes here, never to the caller
};

/** GET ?appId=… → { sign } (no-store), with the binding cookie. */
export const signHandler = createSignHandler(provider);

/**
 * POST { sign } as JSON from this site's pages. The account is the one this browser proved by
 * SMS (the sealed remembered cookie), never a number the request names: with none, 401
 * NO_ACCOUNT before the provider is asked; when the provider's masked number is not that
 * account's, 401 NUMBER_MISMATCH. Both send the page to the SMS login. Otherwise the session
 * starts here, on the server, and the page gets { account: { phone } }, masked.
 */
export const confirmHandler = createConfirmHandler({
  ...provider,
  account: async (request) => {
    const id = await rememberedAccountId(request);
    return id ? accountById(id) : undefined;
  },
  onConfirmed: async ({ account }, request) => {
    const response = Response.json(
      { account: { phone: masked(account.phone) } },
      { headers: { 'cache-control': 'no-store' } },
    );
    const session = await sessionOf(request, response); // its Set-Cookie passes through
    session.accountId = account.id;
    await session.save();
    return response;
  },
});

/**
 * POST { events } from this site's login page (beaconEvents): each phase of each lookup, with no
 * number and no sign, recorded as the funnel's metrics (docs/operations.md). Same site only,
 * checked field by field; per-IP budget 'events'.
 */
export const eventsHandler = createEventsHandler({ limit });
