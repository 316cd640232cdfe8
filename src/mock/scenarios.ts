import type { FaultName } from './faults.js';

/**
 * How a mock app behaves. A scenario belongs to an app (or is the mock's default for its apps),
 * so tests and stories pick one by creating their own mock or by the appId they sign for:
 * no global switch, nothing that two tests running side by side could fight over.
 */
interface Scenario {
  about: string;
  /** Spoil every flow, checked in this order; see faults.ts. @defaultValue none */
  faults?: readonly FaultName[];
  /** When the carrier resolves the number. @defaultValue `'resolveMs'` */
  carrier?: 'resolveMs' | 'slowResolveMs' | 'never';
  /** How many of an app's first tokens die at their first getphone. @defaultValue 0 */
  expiringTokens?: number;
}

const PLANS = {
  mobile: { about: 'on mobile data: the number resolves `resolveMs` after getphone' },
  wifi: {
    about: 'on Wi-Fi: the carrier never sees the phone; query answers resCode 3 forever',
    carrier: 'never',
  },
  slow: {
    about: 'a slow carrier: the number resolves `slowResolveMs` after getphone',
    carrier: 'slowResolveMs',
  },
  'token-expired': {
    about: 'the first token expires right after its first getphone (query answers 2); a fresh one works',
    expiringTokens: 1,
  },
  'token-expired-twice': {
    about: 'the first two tokens expire right after their first getphone',
    expiringTokens: 2,
  },
  'http-500': { about: 'getphone and query answer HTTP 500', faults: ['getphone-500', 'query-500'] },
  'bad-envelope': {
    about: 'query answers valid JSONP whose body is not the envelope',
    faults: ['query-bad-envelope'],
  },
  'no-callback': {
    about: 'query answers a script that runs without calling back',
    faults: ['query-no-callback'],
  },
  'no-answer': { about: 'query never answers (until `hangMs`, then HTTP 504)', faults: ['query-hang'] },
} as const satisfies Record<string, Scenario>;

/** A scenario's name, as `scenario` options and the bin's `--scenario` take it. */
export type ScenarioName = keyof typeof PLANS;

/** Every scenario's name and what it does. */
export const SCENARIOS = Object.fromEntries(
  Object.entries(PLANS).map(([name, plan]) => [name, plan.about]),
) as { readonly [Name in ScenarioName]: string };

/** Whether `value` names a scenario (for URL parameters and flags). */
export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && Object.hasOwn(PLANS, value);
}

/** A scenario's plan, defaults filled in. */
export const planOf = (name: ScenarioName): Required<Scenario> => ({
  faults: [],
  carrier: 'resolveMs',
  expiringTokens: 0,
  ...PLANS[name],
});
