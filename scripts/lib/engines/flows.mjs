// The login flows every engine runs, each on a fresh page load: tap → number → consent →
// login, a carrier that never tells the number, a token that expires mid-flow. Each returns its
// timing and a detail for the table, or throws what went wrong.
import { BUTTON, CHECKBOX, expect, expectClean, MASKED, open, outcome, tapToNumber } from './steps.mjs';

/** Tap → number → consent → login: onSuccess with a sign the partner's server opens. */
async function happyPath(engine, world) {
  await open(engine, world);
  const ms = await tapToNumber(engine);
  await engine.click(CHECKBOX);
  await engine.click(BUTTON);
  const result = await outcome(engine);
  expect(result.phone === MASKED && result.carrier === 'mobile', `onSuccess got ${JSON.stringify(result)}`);
  const opened = await world.openSign(result.sign);
  expect(opened.appId === 'wozhitest', 'the partner server opens the sign onSuccess got');
  await expectClean(engine);
  return { ms, detail: `tap → number ${ms} ms` };
}

/** A carrier that never tells the number: every scheduled query, then RESULT_UNAVAILABLE. */
async function neverReady(engine, world) {
  await open(engine, world);
  const before = world.provider.state.queries;
  world.provider.state.resolves = false;
  try {
    await engine.click(BUTTON);
    const result = await outcome(engine);
    expect(result.code === 'RESULT_UNAVAILABLE', `onError got ${result.code}: ${result.message}`);
    const queries = world.provider.state.queries - before;
    expect(queries === 6, `${queries} queries, not the 6 of the default schedule`);
    await expectClean(engine);
    return { ms: result.ms, detail: `RESULT_UNAVAILABLE after 6 queries, ${result.ms} ms` };
  } finally {
    world.provider.state.resolves = true;
  }
}

/** resCode 2 at the first query: a new sign, reported as token-expired, then the number. */
async function tokenExpiry(engine, world) {
  await open(engine, world);
  const tokens = world.provider.state.tokenRequests;
  world.endpoint.asked.length = 0;
  world.provider.state.expireAtQuery = true;
  const ms = await tapToNumber(engine);
  const reasons = world.endpoint.asked.map((query) => query.get('reason'));
  expect(reasons.includes('token-expired'), 'no sign asked for with reason=token-expired');
  expect(world.provider.state.tokenRequests > tokens, 'the sign endpoint fetched no new token');
  await expectClean(engine);
  return { ms, detail: `resCode 2 → new sign → number ${ms} ms` };
}

export const FLOW_SCENARIOS = { happyPath, neverReady, tokenExpiry };
