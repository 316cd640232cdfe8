import type { Carrier } from './carrier.js';
import type { Clock } from './clock.js';
import type { EnvironmentInfo } from './environment.js';
import type { Transport } from './jsonp.js';
import type { GetSign } from './signFetch.js';
import type { OneTapEvent } from './telemetry.js';

/** How a store (or `getPhoneNumber`) runs a flow. Only `appId` and a sign source are required. */
export interface OneTapOptions {
  /** The appId Yuefu issued to the partner. */
  appId: string;
  /** The partner's sign endpoint (GET; `appId`, `flowId` and, after resCode 2, `reason` added). Give this or `getSign`. */
  signUrl?: string | undefined;
  /** Produces a sign any other way; wins over `signUrl`. */
  getSign?: GetSign | undefined;
  /**
   * The partner's confirm route (`createConfirmHandler`, or any that keeps its contract). With
   * it, the login after consent POSTs `{ sign }` there as JSON, with the page's cookies (same
   * origin), through `fetch`, within `signTimeoutMs`; it passes through `confirming` and ends in
   * `success` with the route's JSON `answer`, or in `error` with the route's code (NO_ACCOUNT,
   * NUMBER_MISMATCH, SIGN_USED, SIGN_EXPIRED, RATE_LIMITED) or CONFIRM_FAILED. Without it,
   * `success` holds the sign for your own code to send.
   */
  confirmUrl?: string | undefined;
  /** Fetch options for `signUrl`: credentials, headers. */
  signRequestInit?: RequestInit | undefined;
  /** The `fetch` that calls `signUrl` and `confirmUrl`. @defaultValue the global `fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** @defaultValue `'http://www.meiyuefu.com/getphone'` */
  baseUrl?: string | undefined;
  /** Wait before each query, from the previous answer; its length is the number of queries. @defaultValue `[400, 400, 400, 650, 700, 2200]` */
  pollDelays?: readonly number[] | undefined;
  /** One JSONP request (getphone or query). @defaultValue 5000 */
  requestTimeoutMs?: number | undefined;
  /** The sign endpoint or `getSign`; the confirm route. @defaultValue 8000 */
  signTimeoutMs?: number | undefined;
  /** The whole lookup, from `lookup()` to a number or an error. @defaultValue 20000 */
  deadlineMs?: number | undefined;
  /** Refuse early with NOT_CELLULAR when the browser says it is on Wi-Fi or Ethernet. @defaultValue true */
  checkConnection?: boolean | undefined;
  /** Replaces what is read from `location` and `navigator` (tests, unusual hosts). */
  environment?: Partial<EnvironmentInfo> | undefined;
  /** How getphone and query are loaded. @defaultValue `jsonpTransport` (browser only; give another in Node) */
  transport?: Transport | undefined;
  /** Time for every deadline, delay and timestamp. @defaultValue `systemClock` */
  clock?: Clock | undefined;
  /**
   * Skip the authorization step: a number goes straight to `success`, with no consent asked.
   * Only for pages that obtain the user's consent to the carrier's terms elsewhere.
   * @defaultValue false
   */
  instant?: boolean | undefined;
  /**
   * A `ready` number older than this is looked up again on `confirm()`, so that the sign the
   * server confirms is fresh (`confirmResult` refuses one older than 120 s by default).
   * @defaultValue 60000
   */
  readyTtlMs?: number | undefined;
  /** Overrides the prefix table that names the carrier. @defaultValue `carrierOf` */
  carrierOf?: ((phone: string) => Carrier) | undefined;
  /** Telemetry: every phase change of every flow. Events carry no phone number and no sign. */
  onEvent?: ((event: OneTapEvent) => void) | undefined;
}

/** Throws where a configuration mistake is made, naming it, instead of failing a tap later. */
export function checkOptions(options: Partial<OneTapOptions>): void {
  const fail = (what: string) => {
    throw new TypeError(`one-tap-phone: ${what}`);
  };
  if (!options.appId || typeof options.appId !== 'string') fail('appId is required (the appId Yuefu issued)');
  if (!options.signUrl && !options.getSign) fail('give signUrl (your sign endpoint) or getSign');
  if (options.baseUrl !== undefined && !/^https?:\/\/[^/]/i.test(options.baseUrl)) {
    fail(`baseUrl must be an absolute http(s) URL, not ${JSON.stringify(options.baseUrl)}`);
  }
}
