// The one place that knows the provider's credentials: the sign route and the confirm route
// share them. Server code only: the AES key is here.
import 'server-only';
import { carrierOf } from 'one-tap-phone/core';
import { confirmResult, createSignHandler } from 'one-tap-phone/server';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: see .env.example (npx one-tap-phone-mock prints a demo app)`);
  return value;
}

// Both calls take the same options. When confirmResult takes `store` (the one the sign handler
// keeps its signs in, so a sign confirms one login), add it here: `store: memoryTokenStore()`.
const provider = {
  appId: required('ONE_TAP_APP_ID'),
  aesKey: required('ONE_TAP_AES_KEY'),
  baseUrl: required('ONE_TAP_BASE_URL'),
};

export const signHandler = createSignHandler(provider);

/** Asks the provider itself what the sign resolved to: never trust what the browser reports. */
export async function confirm(sign: string) {
  const { phone, par } = await confirmResult({ ...provider, sign });
  // Today's confirmResult resolves { phone, par }: the carrier is the browser's guess from the
  // masked number's prefix (numbers can be ported). Once it resolves `carrier` too, return it as is.
  return { phone, par, carrier: carrierOf(phone) };
}
