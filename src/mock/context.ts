import { type Clock, systemClock } from '../core/clock.js';
import type { MockApp, MockRequestRecord, MockYuefuOptions } from './mockYuefu.js';
import { planOf } from './scenarios.js';

/** What the mock's parts share: its options resolved, its apps, and its request log. */
export interface MockContext {
  options: MockYuefuOptions;
  clock: Clock;
  apps: ReadonlyMap<string, MockApp>;
  plan(app: MockApp): ReturnType<typeof planOf>;
  record(entry: MockRequestRecord): void;
}

/** How many requests the log keeps: enough for any test, bounded for a long-running mock. */
const LOG_SIZE = 1000;

export function createContext(
  options: MockYuefuOptions,
  defaultApp: MockApp,
  requests: MockRequestRecord[],
): MockContext {
  const apps = new Map((options.apps ?? [defaultApp]).map((app) => [app.appId, app]));
  return {
    options,
    clock: options.clock ?? systemClock,
    apps,
    plan: (app) => planOf(app.scenario ?? options.scenario ?? 'mobile'),
    record(entry) {
      requests.push(entry);
      if (requests.length > LOG_SIZE) requests.shift();
    },
  };
}

export function randomHex(bytes = 16): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}
