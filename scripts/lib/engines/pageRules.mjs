// What the page around the flow asks of each engine: a Content-Security-Policy that refuses the
// provider (CSP_BLOCKED at once, nothing sent, nothing left), Back to a page kept in the
// back/forward cache after a login that navigated away, and no JSONP <script> or callback
// global left after failed, retried and successful lookups on one page.
import { BUTTON, CHECKBOX, expect, expectClean, open, outcome, tapToNumber, waitFor } from './steps.mjs';

/** The page's policy refuses the provider's origin: CSP_BLOCKED naming it, no request made. */
async function cspBlocked(engine, world) {
  await open(engine, world, { policy: 'nonce alone (the provider not allowed)' });
  const requests = world.provider.state.requests;
  await engine.click(BUTTON);
  const result = await outcome(engine);
  const origin = new URL(world.provider.baseUrl).origin;
  expect(
    result.code === 'CSP_BLOCKED' && result.message.includes(origin),
    `onError got ${result.code}: ${result.message} (not CSP_BLOCKED naming ${origin})`,
  );
  // At once: the first refusal ends the flow, well before the 5 s request timeout.
  expect(result.ms < 2000, `CSP_BLOCKED ${result.ms} ms after the tap`);
  expect(world.provider.state.requests === requests, 'a request reached the provider');
  const status = await engine.evaluate(`document.querySelector('#root [role=status]').textContent`);
  expect(status.trim() !== '', 'the status region says nothing');
  await expectClean(engine);
  return { ms: result.ms, detail: `CSP_BLOCKED ${result.ms} ms after the tap` };
}

/** A login that navigates away, then Back: restored from the bfcache, not busy, a tap works again. */
async function bfcacheRestore(engine, world) {
  await open(engine, world, { navigate: '1' });
  await tapToNumber(engine);
  await engine.click(CHECKBOX);
  await engine.evaluate('window.__probe.beforeLeaving = true');
  await engine.click(BUTTON);
  await waitFor(engine, `location.pathname === '/done'`, 'the page the login moved on to');
  const left = Date.now();
  await engine.back();
  await waitFor(engine, `location.pathname === '/login' && document.readyState === 'complete'`, 'Back');
  const restored = await engine.evaluate('window.__probe.beforeLeaving === true');
  expect(restored, 'Back loaded the page again: it was not kept in the back/forward cache');
  const busy = await engine.evaluate(`document.querySelectorAll('#root [aria-busy="true"]').length`);
  expect(busy === 0, `${busy} element(s) aria-busy after Back`);
  const back = Date.now() - left;
  await engine.evaluate('window.__probe.reset()');
  const ms = await tapToNumber(engine);
  await expectClean(engine);
  return { ms, detail: `restored in ${back} ms, tap → number ${ms} ms` };
}

/** A lookup that fails, its retry through an expired token, a login: JSONP ran, nothing stays. */
async function noJsonpLeftovers(engine, world) {
  await open(engine, world);
  world.provider.state.resolves = false;
  try {
    await engine.click(BUTTON);
    await waitFor(
      engine,
      `window.__probe.outcome && window.__probe.outcome.code`,
      'the first lookup to fail',
    );
  } finally {
    world.provider.state.resolves = true;
  }
  await engine.evaluate('window.__probe.reset()');
  world.provider.state.expireAtQuery = true;
  await tapToNumber(engine); // the retry button
  await engine.click(CHECKBOX);
  await engine.click(BUTTON);
  await outcome(engine);
  const seen = await engine.evaluate('window.__probe.scriptsSeen');
  expect(seen >= 10, `only ${seen} JSONP <script> inserted: the flows did not run as expected`);
  await expectClean(engine);
  return { ms: 0, detail: `${seen} JSONP <script> inserted, none left, no callback global` };
}

export const PAGE_SCENARIOS = { cspBlocked, bfcacheRestore, noJsonpLeftovers };
