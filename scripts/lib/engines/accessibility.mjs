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

/** The page's own agreement, by locale (scripts/lib/engines/loginPage.mjs): the checkbox's name lists it. */
const AGREEMENT = { 'zh-CN': '用户协议', en: 'Terms of use' };

/** The step in `locale`: no axe violation; then a login without consent opens the prompt. */
async function checkStep(engine, world, locale) {
  await open(engine, world, { locale });
  await tapToNumber(engine);
  const injected = await engine.evaluate(`(() => { ${AXE}\n; return typeof window.axe; })()`);
  expect(injected === 'object', `axe-core not injected (${injected})`);
  const onStep = await axeViolations(engine);
  expect(onStep.length === 0, `${locale}: axe on the step: ${onStep.join('; ')}`);
  const { button, checkbox, status } = await engine.evaluate(PARTS);
  expect(
    button.role === 'button' && button.name.includes(button.text),
    `${locale}: the button: ${JSON.stringify(button)}`,
  );
  expect(
    checkbox.role === 'checkbox' && checkbox.name.includes(AGREEMENT[locale]),
    `${locale}: the checkbox is not named by its terms: ${JSON.stringify(checkbox)}`,
  );
  expect(
    status.role === 'status' && status.live === 'polite' && status.text !== '',
    `${locale}: the status region: ${JSON.stringify(status)}`,
  );
  // A login without consent: the prompt, an alert dialog with a name, focus moved into it.
  await engine.click(BUTTON);
  const { prompt } = await waitFor(engine, `(${PARTS}).prompt && ${PARTS}`, 'the consent prompt');
  expect(
    prompt.role === 'alertdialog' && prompt.name !== '' && prompt.focused,
    `${locale}: the prompt: ${JSON.stringify(prompt)}`,
  );
  const onPrompt = await axeViolations(engine);
  expect(onPrompt.length === 0, `${locale}: axe with the prompt open: ${onPrompt.join('; ')}`);
}

/** The step and its prompt in both languages (no timing of its own: the table shows the scenario's). */
async function authorizationStep(engine, world) {
  for (const locale of ['zh-CN', 'en']) await checkStep(engine, world, locale);
  return { ms: 0, detail: 'zh-CN and en: axe 0 violations on the step and the prompt, roles and names ok' };
}

export const ACCESSIBILITY_SCENARIOS = { authorizationStep };
