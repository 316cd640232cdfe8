// Per-caller budgets, on the shared Redis (RateLimiterRedis, the client this app already has) or
// in this process (RateLimiterMemory) without REDIS_URL: every instance counts into the same
// budget, so adding instances does not multiply what one client may do.
import 'server-only';
import type { LimitKind, RequestLimit } from 'one-tap-phone/server';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { perProcess } from './perProcess';
import { redis } from './redis';

type Kind = LimitKind | 'sms-send' | 'sms-verify' | 'sms-number' | 'sms-tries';

/** Each budget: points per `seconds`, per key; `env` overrides the points (the examples check does). */
const BUDGETS: Record<Kind, { points: number; seconds: number; env: string }> = {
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

function pointsOf({ points, env }: { points: number; env: string }): number {
  const value = process.env[env];
  if (value === undefined) return points;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${env} must be a whole number of at least 1, not "${value}"`);
  return n;
}

const makeLimiters = () =>
  Object.fromEntries(
    Object.entries(BUDGETS).map(([kind, budget]) => {
      const options = {
        keyPrefix: `one-tap-example:limit:${kind}`,
        points: pointsOf(budget),
        duration: budget.seconds,
      };
      return [
        kind,
        redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options),
      ];
    }),
  ) as Record<Kind, RateLimiterRedis | RateLimiterMemory>;
const limiters = perProcess('limiters', makeLimiters);

/**
 * Spends one point of `kind` for `key`: true while within the budget, false past it. A store
 * failure (Redis down) rejects, for the caller to decide.
 */
export async function spend(kind: Kind, key: string): Promise<boolean> {
  try {
    await limiters[kind].consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

/**
 * The caller's address. A Next.js route handler gets no socket address, and the X-Forwarded-For
 * that `next start` fills in is a client's own when the client sent one. So this reads X-Real-IP,
 * which your proxy or host must set, overwriting whatever a client sent (nginx's
 * `proxy_set_header X-Real-IP $remote_addr`; Vercel sets it): never a header a client can send
 * unchecked, since a new address per request would evade every limit. Without one, every caller
 * shares the budget of 'unknown'.
 */
export const callerOf = (request: Request) => request.headers.get('x-real-ip') ?? 'unknown';

/**
 * The `limit` hook of both one-tap handlers: false answers 429 RATE_LIMITED. Redis down: let the
 * request through, since the library's own caps (3 provider queries per sign, one expiry check
 * per 5 s) still hold, and a limit that fails closed would lock everyone out.
 */
export const limit: RequestLimit = (request, kind) => spend(kind, callerOf(request)).catch(() => true);
