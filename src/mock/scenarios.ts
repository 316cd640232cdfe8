/**
 * How a mock app behaves. A scenario belongs to an app (or is the mock's default for its apps),
 * so tests and stories pick one by creating their own mock or by the appId they sign for:
 * no global switch, nothing that two tests running side by side could fight over.
 */
export const SCENARIOS = {
  mobile: 'on mobile data: the number resolves `resolveMs` after getphone',
  wifi: 'on Wi-Fi: the carrier never sees the phone; query answers resCode 3 forever',
  slow: 'a slow carrier: the number resolves `slowResolveMs` after getphone',
  'token-expired':
    'the first token expires right after its first getphone (query answers 2); a fresh one works',
  'token-expired-twice': 'the first two tokens expire right after their first getphone',
  'http-500': 'getphone and query answer HTTP 500',
  'bad-envelope': 'query answers valid JSONP whose body is not the envelope',
  'no-callback': 'query answers a script that runs without calling back',
  'no-answer': 'query never answers (until `hangMs`, then HTTP 504)',
} as const;

export type ScenarioName = keyof typeof SCENARIOS;

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && Object.hasOwn(SCENARIOS, value);
}

/** How many of an app's first tokens die at their first getphone. */
export function tokensToExpire(scenario: ScenarioName): number {
  if (scenario === 'token-expired') return 1;
  if (scenario === 'token-expired-twice') return 2;
  return 0;
}
