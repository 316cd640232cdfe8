// The one place that knows the provider's credentials: the sign route and the confirm route
// share them. Server code only: the AES key is here.
import { confirmResult, createSignHandler, memoryTokenStore } from 'one-tap-phone/server';

function required(name) {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: see .env.example (npx one-tap-phone-mock prints a demo app)`);
  return value;
}

// Both calls take the same options, the store included: the sign handler caches its token
// there, and confirmResult remembers each confirmed sign there, so a sign logs in once.
// Several server instances share a redisTokenStore instead (docs/server.md).
const provider = {
  appId: required('ONE_TAP_APP_ID'),
  aesKey: required('ONE_TAP_AES_KEY'),
  baseUrl: required('ONE_TAP_BASE_URL'),
  store: memoryTokenStore(),
};

export const signHandler = createSignHandler(provider);

/** Asks the provider itself what the sign resolved to: never trust what the browser reports. */
export async function confirm(sign) {
  // It refuses a sign this server never issued, one already used and one over 2 minutes old;
  // carrier is a guess from the masked number's prefix (numbers can be ported).
  const { phone, par, carrier } = await confirmResult({ ...provider, sign });
  return { phone, par, carrier };
}
