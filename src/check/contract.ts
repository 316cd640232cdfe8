// The contract's checks, beside the route checks: what a backend spends and withstands when
// someone other than its own page calls it. Their titles and hints live here, one place for the
// five; the checks are in ./bindingChecks.ts, ./slowBodies.ts, ./tokenFailure.ts and
// ./reportBudget.ts.
import { type CheckResult, type ContractCheckId, failed, passed, skipped } from './results.js';

const DOCS = 'docs/backends.md';

/** How many times each check asks, and what it allows: the titles say them. */
export const LIMITS = {
  confirms: 10,
  queriesPerSign: 3,
  reports: 50,
  reportWindowMs: 5000,
  signsWhileRefused: 50,
  tokenRequestsWhileRefused: 2,
  fastMs: 1000,
  stalled: 16,
  stalledWithinMs: 2000,
} as const;

/** What each line says a passing backend does. */
export const CONTRACT_TITLES = {
  'confirm-binding': 'confirm: a sign posted from another session, or with no cookie, is refused (4xx)',
  'confirm-query-budget': `confirm: ${LIMITS.confirms} confirms of a sign that never resolves cost at most ${LIMITS.queriesPerSign} provider queries`,
  'slow-bodies': `slow clients: ${LIMITS.stalled} confirm posts stalled mid-body do not keep the sign route from answering within ${LIMITS.stalledWithinMs / 1000} s`,
  'token-failure': `sign: while the provider refuses tokens, ${LIMITS.signsWhileRefused} sign requests cost at most ${LIMITS.tokenRequestsWhileRefused} token requests, each answered with an error within ${LIMITS.fastMs / 1000} s`,
  'report-budget': `sign: ${LIMITS.reports} token-expired reports of one sign cost at most 1 provider query in ${LIMITS.reportWindowMs / 1000} s`,
} satisfies Record<ContractCheckId, string>;

/** What to change, as whole sentences. */
const HINTS = {
  'confirm-binding': `Set a fresh random id (128 bits or more) in an HttpOnly cookie with every sign, bind the sign to it, and answer a confirm that does not bring that cookie's value with 401 SIGN_BOUND_ELSEWHERE, before any provider query (${DOCS}).`,
  'confirm-query-budget': `Count the provider queries each sign has cost over all its confirms and token-expired reports, across instances (e.g. Redis INCR on its reqId), and once it has cost ${LIMITS.queriesPerSign} answer 401 RESULT_UNAVAILABLE without asking the provider (${DOCS}).`,
  'slow-bodies': `Read request bodies with a timeout (a body not complete within 10 s gets 408, or the connection closed) and serve connections so that stalled ones cannot hold every worker (an event loop, or threads not taken from a small fixed pool) (${DOCS}).`,
  'token-failure': `Remember a failed token request for 2 s per app (across instances where the store is shared), and answer sign requests in that window at once with the same error (502 or 503, with Retry-After) without asking for a token: otherwise any client drives the provider's token endpoint at its own rate (${DOCS}).`,
  'report-budget': `Ask the provider about a reported token at most once per ${LIMITS.reportWindowMs / 1000} s per cached token, across instances (e.g. Redis SET NX PX ${LIMITS.reportWindowMs} on the token's digest), however many reports arrive: anyone can send one (${DOCS}).`,
} satisfies Record<ContractCheckId, string>;

export const ok = (id: ContractCheckId, detail?: string): CheckResult =>
  passed(id, CONTRACT_TITLES[id], detail);
export const bad = (id: ContractCheckId, detail: string, hint: string = HINTS[id]): CheckResult =>
  failed(id, CONTRACT_TITLES[id], detail, hint);
export const notRun = (id: ContractCheckId, detail: string): CheckResult =>
  skipped(id, CONTRACT_TITLES[id], detail);

export const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;
