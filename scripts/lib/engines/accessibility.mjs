// The authorization step's accessibility in each engine: axe-core injected into the page and
// run on the component (WCAG 2.2 A and AA rules) with the step shown and again with the
// consent prompt open; the roles and names of the login button, the consent checkbox, the
// status region and the prompt, as axe computes them from the engine's DOM and styles.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BUTTON, COMPONENT, expect, open, tapToNumber, waitFor } from './steps.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Runs axe on the component: its violations, "rule: target" each, once it has finished. */
async function axeViolations(engine) {
  await engine.evaluate(`(() => {
    window.__axe = undefined;
    axe.run(${COMPONENT}, { runOnly: { type: 'tag', values: ${JSON.stringify(TAGS)} } })
      .then((r) => (window.__axe = { violations: r.violations.flatMap((v) => v.nodes.map((n) => v.id + ' (' + v.impact + '): ' + n.target.join(' '))) }))
      .catch((e) => (window.__axe = { violations: ['axe failed: ' + e.message] }));
    return true;
  })()`);
  const { violations } = await waitFor(engine, 'window.__axe', 'axe to finish', 30_000);
  return violations;
}

/** Role, accessible name and more of the step's parts, as axe's own code computes them. */
const PARTS = `(() => {
  axe.setup(document);
  try {
    const root = ${COMPONENT};
    const part = (el) => el && {
      role: axe.commons.aria.getRole(el),
      name: axe.commons.text.accessibleText(el).trim(),
      text: el.textContent.trim(),
    };
    const prompt = root.querySelector('[data-slot="consent-prompt"]');
    return {
      button: part(root.querySelector('button[data-state]')),
      checkbox: part(root.querySelector('input[type=checkbox]')),
      status: { ...part(root.querySelector('[role=status]')), live: root.querySelector('[role=status]').getAttribute('aria-live') },
      prompt: prompt && { ...part(prompt), focused: prompt.contains(document.activeElement) },
    };
  } finally {
    axe.teardown();
  }
})()`;

/** The step (zh-CN): no axe violation; then a login without consent opens the prompt. */
async function authorizationStep(engine, world) {
  await open(engine, world);
  await tapToNumber(engine);
  const injected = await engine.evaluate(`(() => { ${AXE}\n; return typeof window.axe; })()`);
  expect(injected === 'object', `axe-core not injected (${injected})`);
  const started = Date.now();
  const onStep = await axeViolations(engine);
  expect(onStep.length === 0, `axe on the step: ${onStep.join('; ')}`);
  const step = await engine.evaluate(PARTS);
  const { button, checkbox, status } = step;
  expect(
    button.role === 'button' && button.name.includes(button.text),
    `the button: ${JSON.stringify(button)}`,
  );
  expect(
    checkbox.role === 'checkbox' && checkbox.name.includes('用户协议'),
    `the checkbox is not named by its terms: ${JSON.stringify(checkbox)}`,
  );
  expect(
    status.role === 'status' && status.live === 'polite' && status.text !== '',
    `the status region: ${JSON.stringify(status)}`,
  );
  // A login without consent: the prompt, an alert dialog with a name, focus moved into it.
  await engine.click(BUTTON);
  const { prompt } = await waitFor(engine, `(${PARTS}).prompt && ${PARTS}`, 'the consent prompt');
  expect(
    prompt.role === 'alertdialog' && prompt.name !== '' && prompt.focused,
    `the prompt: ${JSON.stringify(prompt)}`,
  );
  const onPrompt = await axeViolations(engine);
  expect(onPrompt.length === 0, `axe with the prompt open: ${onPrompt.join('; ')}`);
  const ms = Date.now() - started;
  return { ms, detail: `axe: 0 violations (step, prompt), roles and names ok; ${ms} ms` };
}

export const ACCESSIBILITY_SCENARIOS = { authorizationStep };
