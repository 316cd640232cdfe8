// The one place that knows the provider's credentials: the sign route and the confirm route
// share them. Server code only: the AES key is here.
import { carrierOf } from 'one-tap-phone/core';
import { confirmResult, createSignHandler } from 'one-tap-phone/server';

function required(name) {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: see .env.example (npx one-tap-phone-mock prints a demo app)`);
  return value;
}

const appId = required('ONE_TAP_APP_ID');
const aesKey = required('ONE_TAP_AES_KEY');
const baseUrl = required('ONE_TAP_BASE_URL');

// store: when confirmResult takes the `store` the sign handler keeps its signs in, make it once
// here and pass the same one to both calls.
export const signHandler = createSignHandler({ appId, aesKey, baseUrl });

/** Asks the provider itself what the sign resolved to: never trust what the browser reports. */
export async function confirm(sign) {
  const { phone, par } = await confirmResult({ appId, sign, baseUrl });
  // A best guess from the masked number's prefix, as the browser shows it; numbers can be ported.
  return { phone, par, carrier: carrierOf(phone) };
}
