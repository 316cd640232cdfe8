// What the engine check's scenarios share: the component's elements, waiting on the page (classic
// WebDriver has no auto-waiting), and the leftovers and errors check that ends each flow.
// `world` holds the servers ({ page, provider, endpoint, openSign }); `engine` is an Engine.

/**
 * One browser with one tab, as every scenario drives it (./chromium.mjs, ./firefox.mjs,
 * ./webkit.mjs): no engine-specific call in any scenario.
 * @typedef {object} Engine
 * @property {string} name
 * @property {string} version
 * @property {(url: string) => Promise<unknown>} goto loads `url`, waiting for its load event
 * @property {(expression: string) => Promise<any>} evaluate a JS expression's value, as JSON
 * @property {(expression: string) => Promise<void>} click a click through the driver's input
 *   (not element.click()) on the element `expression` gives
 * @property {() => Promise<unknown>} back the history's Back
 * @property {() => Promise<unknown>} close
 */

export const MASKED = '134****8682';
export const COMPONENT = `document.querySelector('#root [data-state]')`;
export const BUTTON = `document.querySelector('#root button[data-state]')`;
export const CHECKBOX = `document.querySelector('#root input[type=checkbox]')`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `expression` in the page until it is truthy; its value. */
export async function waitFor(engine, expression, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await engine.evaluate(expression).catch(() => undefined); // mid-navigation
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await sleep(25);
  }
}

export const expect = (ok, what) => {
  if (!ok) throw new Error(what);
};

/** Loads the login page with `params` and waits for the component. */
export async function open(engine, world, params = {}) {
  const { signUrl } = world.endpoint;
  await engine.goto(world.page.url({ sign: signUrl, provider: world.provider.baseUrl, ...params }));
  await waitFor(engine, `!!${BUTTON} && !!window.__probe.globals`, 'the component and the load event');
}

export const outcome = (engine) => waitFor(engine, 'window.__probe.outcome', 'onSuccess or onError');

/** Taps the main button and waits for the authorization step: the ms from the tap to the number. */
export async function tapToNumber(engine) {
  await engine.click(BUTTON);
  const step = await waitFor(
    engine,
    `window.__probe.numberAt !== undefined && { ms: window.__probe.numberAt, phone: document.querySelector('[data-slot="phone"] [aria-hidden="true"]').textContent }`,
    'the masked number',
  );
  expect(step.phone === MASKED, `the step shows "${step.phone}", not ${MASKED}`);
  return step.ms;
}

/**
 * No provider <script> and no callback global left once the flow is over (the page's own
 * scripts and globals were noted at load), nor any error or warning the page saw.
 */
export async function expectClean(engine, settleMs = 3000) {
  const leftovers = await waitFor(
    engine,
    `(() => {
      const scripts = [...document.querySelectorAll('script:not([data-page])')].map((s) => s.src || 'inline');
      const globals = Object.keys(window).filter((key) => !window.__probe.globals.includes(key));
      return scripts.length + globals.length === 0 ? 'clean' : false;
    })()`,
    'no provider <script> and no callback global left',
    settleMs,
  ).catch(async () =>
    engine.evaluate(`JSON.stringify({
      scripts: [...document.querySelectorAll('script:not([data-page])')].map((s) => s.src || 'inline'),
      globals: Object.keys(window).filter((key) => !window.__probe.globals.includes(key)),
    })`),
  );
  expect(leftovers === 'clean', `left on the page: ${leftovers}`);
  const errors = await engine.evaluate('window.__probe.errors');
  expect(errors.length === 0, `the page saw: ${errors.join(' | ')}`);
}
