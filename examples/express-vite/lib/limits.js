// Per-caller budgets, on the shared Redis (RateLimiterRedis, the client this server already has)
// or in this process (RateLimiterMemory) without REDIS_URL: every instance counts into the same
// budget, so adding instances does not multiply what one client may do.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { redis } from './redis.js';

/** Each budget: points per `seconds`, per key; `env` overrides the points (the examples check does). */
const BUDGETS = {
  // Per IP, the one-tap routes (one-tap-phone/server asks `limit` before any work). A login page
  // view asks for a sign or two; confirms and reports are rarer. Keep 'expiry-report' at or below
  // 'sign': a report is answered with a new sign too.
  sign: { points: 30, seconds: 60, env: 'LIMIT_SIGN' },
  'expiry-report': { points: 5, seconds: 60, env: 'LIMIT_EXPIRY_REPORT' },
  confirm: { points: 10, seconds: 60, env: 'LIMIT_CONFIRM' },
  // The page's telemetry beacon (createEventsHandler), where you mount one: a few per login.
  events: { points: 60, seconds: 60, env: 'LIMIT_EVENTS' },
  // Per IP, the SMS routes: each code sent costs you money and reaches someone's phone.
  'sms-send': { points: 5, seconds: 600, env: 'LIMIT_SMS_SEND' },
  'sms-verify': { points: 20, seconds: 600, env: 'LIMIT_SMS_VERIFY' },
  // Per number: one code a minute, and 5 tries at the codes of 10 minutes (a code has 10^6 values).
  'sms-number': { points: 1, seconds: 60, env: 'LIMIT_SMS_NUMBER' },
  'sms-tries': { points: 5, seconds: 600, env: 'LIMIT_SMS_TRIES' },
};

function pointsOf({ points, env }) {
  const value = process.env[env];
  if (value === undefined) return points;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${env} must be a whole number of at least 1, not "${value}"`);
  return n;
}

const limiters = Object.fromEntries(
  Object.entries(BUDGETS).map(([kind, budget]) => {
    const options = {
      keyPrefix: `one-tap-example:limit:${kind}`,
      points: pointsOf(budget),
      duration: budget.seconds,
    };
    return [
      kind,
      redis
        ? new RateLimiterRedis({ ...options, storeClient: redis, useRedisPackage: true })
        : new RateLimiterMemory(options),
    ];
  }),
);

/**
 * Spends one point of `kind` for `key`: true while within the budget, false past it. A store
 * failure (Redis down) rejects, for the caller to decide.
 * @param {keyof typeof BUDGETS} kind
 */
export async function spend(kind, key) {
  try {
    await limiters[kind].consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

// Under Express and `.node`, the socket's address. Behind your own proxy that is the proxy's:
// set BEHIND_PROXY=1 and have it set X-Real-IP (overwriting what a client sent), never trust a
// header a client can send unchecked (a new X-Real-IP per request would evade every limit).
const BEHIND_PROXY = process.env.BEHIND_PROXY === '1';

/** The caller's address from a Fetch request's headers, or the socket's. */
export const callerOf = (headers, socketAddress) =>
  (BEHIND_PROXY ? headers.get('x-real-ip') : socketAddress) ?? 'unknown';

/**
 * The `limit` hook of both one-tap handlers (`kind`: 'sign', 'expiry-report', 'confirm'): false
 * answers 429 RATE_LIMITED. Redis down: let the request through, since the library's own caps
 * (3 provider queries per sign, one expiry check per 5 s) still hold, and a limit that fails
 * closed would lock everyone out.
 * @type {import('one-tap-phone/server').RequestLimit}
 */
export const limit = (request, kind, { clientAddress }) =>
  spend(kind, callerOf(request.headers, clientAddress)).catch(() => true);
