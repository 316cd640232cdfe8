// What check-examples does with a built example: start it on a free port (ready once its sign
// route answers a sign), open a new browser at phone size that fails the check on any page
// error or policy refusal, and check a page's Content-Security-Policy.
import { freePort, startServer } from './processes.mjs';

/** Starts the built app on a free port; resolves once its sign route answers a sign. */
export async function startApp(example, app, env, cleanups) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const [command, args, extraEnv] = example.start(port);
  // An example that exports metrics (otel.js) serves them on a port of its own.
  const metricsPort = example.metrics ? await freePort() : undefined;
  const metricsEnv = metricsPort ? { METRICS_PORT: String(metricsPort) } : {};
  const server = startServer(command, args, {
    cwd: app,
    env: { ...env, ...extraEnv, ...metricsEnv },
    cleanups,
  });
  const until = Date.now() + 30_000;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`${example.name} exited:\n${server.output()}`);
    const response = await fetch(`${origin}/api/one-tap/sign?appId=${env.ONE_TAP_APP_ID}`, {
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
    if (response?.ok && typeof (await response.json()).sign === 'string')
      return { origin, server, metricsTarget: metricsPort && `127.0.0.1:${metricsPort}` };
    if (Date.now() > until) throw new Error(`${origin}/api/one-tap/sign answered no sign within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A new browser (its own cookies) at phone size, whose page errors and policy refusals fail the check. */
export async function newBrowserPage(browser, cleanups) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Whatever a page's policy refuses, from the first script on, fails the check.
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.violations.push(`${event.effectiveDirective} refused ${event.blockedURI || event.sample}`),
    );
  });
  const problems = async () => {
    if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join('; ')}`);
    const violations = await page.evaluate(() => window.violations ?? []);
    if (violations.length > 0) throw new Error(`the page's policy refused: ${violations.join('; ')}`);
  };
  return { context, page, problems };
}

/** A fresh nonce with 'strict-dynamic' on every response, on every script the page came with. */
export async function checkPolicy(page, response, url) {
  const policy = response.headers()['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  if (!nonce || !/script-src [^;]*'strict-dynamic'/.test(policy))
    throw new Error(`the login page's policy has no nonce with 'strict-dynamic': "${policy}"`);
  const again = (await fetch(url)).headers.get('content-security-policy') ?? '';
  if (again.includes(nonce)) throw new Error('the login page served the same nonce twice');
  const unnonced = await page.evaluate(
    (n) => [...document.scripts].filter((s) => s.nonce !== n).length,
    nonce,
  );
  if (unnonced > 0) throw new Error(`${unnonced} script(s) of the login page without its nonce`);
}
