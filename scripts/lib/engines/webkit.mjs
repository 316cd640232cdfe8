// WebKitGTK's MiniBrowser through WebKitWebDriver, a classic W3C WebDriver spoken with plain
// fetch (no client library, nothing downloaded). The GTK MiniBrowser has no headless mode: it
// draws on an Xvfb display of its own, on a display number Xvfb picks (-displayfd).
import { freePort, spawnTracked } from './processes.mjs';

const BINARY = process.env.WEBKIT_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function startXvfb() {
  const xvfb = spawnTracked('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise((resolve, reject) => {
    let said = '';
    xvfb.stdio[3].on('data', (chunk) => {
      said += chunk;
      if (said.includes('\n')) resolve(`:${said.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before naming its display`)));
  });
  return { xvfb, display };
}

/** Waits until WebKitWebDriver answers its status endpoint. */
async function untilReady(endpoint, driver) {
  for (let tries = 0; tries < 100; tries++) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    const ready = await fetch(`${endpoint}/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('WebKitWebDriver did not answer within 10 s');
}

/** Starts Xvfb, WebKitWebDriver and a MiniBrowser session: the Engine of ./steps.mjs. */
export async function launchWebKit() {
  const { xvfb, display } = await startXvfb();
  const port = await freePort();
  const driver = spawnTracked('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: display },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await untilReady(endpoint, driver);
  const call = async (method, path, body) => {
    const response = await fetch(`${endpoint}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body && { body: JSON.stringify(body) }),
    });
    const { value } = await response.json();
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}`);
    return value;
  };
  const { sessionId, capabilities } = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: { 'webkitgtk:browserOptions': { binary: BINARY, args: ['--automation'] } },
    },
  });
  const session = (path) => `/session/${sessionId}${path}`;
  const execute = (expression) =>
    call('POST', session('/execute/sync'), { script: `return ${expression};`, args: [] });
  return {
    name: 'WebKit',
    version: `WebKitGTK ${capabilities.browserVersion}`,
    goto: (url) => call('POST', session('/url'), { url }),
    evaluate: execute,
    async click(expression) {
      const element = await execute(expression);
      if (!element?.[ELEMENT]) throw new Error(`nothing to click: ${expression}`);
      await call('POST', session(`/element/${element[ELEMENT]}/click`), {});
    },
    back: () => call('POST', session('/back'), {}),
    async close() {
      await call('DELETE', session('')).catch(() => undefined);
      driver.kill('SIGTERM');
      xvfb.kill('SIGTERM');
    },
  };
}
