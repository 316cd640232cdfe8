// CI: `one-tap-phone-mock check`, from the packed tarball, against three backends that serve the
// same React page: examples/python (standard library + Debian's python3-cryptography),
// examples/java (JDK 17 alone) and the Node server of examples/express-vite. Each must pass every
// check (exit 0, 0 failed). What Python and Java need is installed with apt only when missing.
//
//   node scripts/check-backends.mjs [path/to/one-tap-phone-x.y.z.tgz]   (else npm pack; needs dist/)
//
// Every process it starts runs in its own process group and is stopped by its PID, on success,
// failure, the time limit (CHECK_BACKENDS_TIMEOUT_MS, 5 minutes) or Ctrl-C.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { checkRawRequests } from './lib/rawRequests.mjs';

const root = resolve(import.meta.dirname, '..');
const LIMIT_MS = Number(process.env.CHECK_BACKENDS_TIMEOUT_MS ?? 5 * 60_000);
const stopAll = new AbortController();
const deadline = stopAll.signal;
setTimeout(() => stopAll.abort(new Error(`check-backends: over ${LIMIT_MS / 1000} s`)), LIMIT_MS).unref();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => stopAll.abort(new Error(`check-backends: ${signal}`)));

// Debian's own interpreter: python3-cryptography is installed for it, whatever else is on PATH.
const PYTHON = '/usr/bin/python3';
const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-backends-'));
const running = new Set();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Starts a command in its own process group; `done` resolves with its exit code and output. */
function start(command, args, { cwd = root, env = process.env } = {}) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const done = new Promise((resolvePromise) => {
    child.on('error', (error) => resolvePromise({ code: -1, output: `${output}${error.message}` }));
    child.on('close', (code, signal) => resolvePromise({ code: code ?? signal, output }));
  });
  const proc = { child, done, output: () => output };
  running.add(proc);
  done.then(() => running.delete(proc));
  return proc;
}

/** Stops one process group by its PID: SIGTERM, then SIGKILL after 3 s. */
async function stop(proc) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null || !proc.child.pid) return;
  try {
    process.kill(-proc.child.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const killer = setTimeout(() => {
    try {
      process.kill(-proc.child.pid, 'SIGKILL');
    } catch {}
  }, 3000);
  await proc.done;
  clearTimeout(killer);
}

/** Runs a command to its end within the deadline; rejects with its output when it fails. */
async function run(command, args, options) {
  const proc = start(command, args, options);
  const abort = () => stop(proc);
  deadline.addEventListener('abort', abort, { once: true });
  const { code, output } = await proc.done;
  deadline.removeEventListener('abort', abort);
  if (deadline.aborted) throw deadline.reason;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`);
  return output;
}

const works = (command, args) =>
  run(command, args).then(
    () => true,
    () => false,
  );

/** python3-cryptography and a JDK 17 from Debian, installed only when missing (CI runs as root). */
async function ensureDebianPackages() {
  const missing = [];
  if (!(await works(PYTHON, ['-c', 'import cryptography.hazmat.primitives.ciphers'])))
    missing.push('python3-cryptography');
  const javac = await run('javac', ['-version']).catch(() => '');
  if (!/javac (1[7-9]|[2-9]\d)/.test(javac)) missing.push('openjdk-17-jdk-headless');
  if (missing.length === 0) return 'none missing';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  // Another apt may hold the lock for a moment; an old package list may lack the package.
  for (let attempt = 1; ; attempt++) {
    try {
      await install();
      return `installed ${missing.join(', ')}`;
    } catch (error) {
      if (attempt === 3) throw error;
      if (attempt === 1) await run('apt-get', ['update', '-qq'], { env }).catch(() => {});
      else await new Promise((r) => setTimeout(r, 5000));
    }
  }
}

const freePort = () =>
  new Promise((resolvePromise) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });

/** Resolves once `proc`'s output matches, or rejects when it exits first or after `ms`. */
async function waitForOutput(proc, pattern, what, ms = 20_000) {
  const until = Date.now() + ms;
  while (!pattern.test(proc.output())) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`exited before ${what}:\n${proc.output()}`);
    if (Date.now() > until || deadline.aborted)
      throw new Error(`no ${what} within ${ms} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The built page is served at / with its script: the backend serves the Express example's page. */
async function checkPage(origin) {
  const html = await (await fetch(`${origin}/`, { signal: AbortSignal.timeout(5000) })).text();
  const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
  if (!script) throw new Error(`${origin}/ served no page with a module script:\n${html.slice(0, 300)}`);
  const asset = await fetch(`${origin}${script}`, { signal: AbortSignal.timeout(5000) });
  if (!asset.ok || !/javascript/.test(asset.headers.get('content-type') ?? ''))
    throw new Error(`${origin}${script} answered ${asset.status} ${asset.headers.get('content-type')}`);
}

const cleanups = [];
try {
  const started = performance.now();
  const apt = await ensureDebianPackages();
  console.log(
    `backends: Debian packages for Python and Java: ${apt} (${seconds(performance.now() - started)})`,
  );

  let tarball = process.argv[2] && resolve(process.argv[2]);
  if (!tarball) {
    if (!existsSync(join(root, 'dist'))) throw new Error('no dist/: run `npm run build` first');
    const packed = await run('npm', ['pack', '--pack-destination', work, '--silent']);
    tarball = join(work, packed.trim().split('\n').pop());
  }

  // The Express example as committed, with the packed library: its server, its page and the bin.
  const app = join(work, 'express-vite');
  cpSync(join(root, 'examples/express-vite'), app, {
    recursive: true,
    filter: (path) => !/(^|\/)(node_modules|dist|\.env(\.local)?)$/.test(path),
  });
  await run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: app });
  const mockPort = await freePort();
  const baseUrl = `http://127.0.0.1:${mockPort}/getphone`;
  const credentials = {
    ONE_TAP_APP_ID: 'wozhitest',
    ONE_TAP_AES_KEY: 'h1q9750o8141K864',
    ONE_TAP_BASE_URL: baseUrl,
  };
  const env = {
    ...process.env,
    ...credentials,
    VITE_ONE_TAP_APP_ID: 'wozhitest',
    VITE_ONE_TAP_BASE_URL: baseUrl,
  };
  await run('npm', ['run', 'build', '--silent'], { cwd: app, env });
  const page = join(app, 'dist');

  const classes = join(work, 'java-classes');
  const javaSources = join(root, 'examples/java/src');
  const sources = readdirSync(javaSources).filter((name) => name.endsWith('.java'));
  await run('javac', [
    '-Xlint:all',
    '-Werror',
    '-d',
    classes,
    ...sources.map((name) => join(javaSources, name)),
  ]);
  // Python writes no __pycache__ into the repository.
  const pythonEnv = { PYTHONDONTWRITEBYTECODE: '1' };

  // `raw`: also the raw requests of ./lib/rawRequests.mjs, for the backends whose HTTP parsing
  // and body reading are written by hand here (the Node server's are the library's).
  const BACKENDS = [
    {
      name: 'examples/python',
      command: [PYTHON, ['server.py']],
      cwd: join(root, 'examples/python'),
      env: pythonEnv,
      raw: true,
    },
    {
      name: 'examples/java',
      command: ['java', ['-cp', classes, 'OneTapServer']],
      cwd: join(root, 'examples/java'),
      raw: true,
    },
    {
      name: 'examples/express-vite (Node)',
      command: ['node', ['server.js']],
      cwd: app,
      // Its confirm route logs in only the account this browser proved by SMS (issue 32): the
      // kit names no account, so it gets NO_ACCOUNT; its sign route is checked here, and the
      // library's confirm route by test/node/backendContract.test.ts and the examples check.
      signOnly: true,
      // Its login seals cookies with a secret it needs at start; its per-IP budgets let one
      // check run through (it sends about 150 signs from 127.0.0.1: docs/backends.md); its
      // metrics take a free port.
      env: {
        SESSION_SECRET: 'check-backends-session-secret-0123456789abcdef',
        LIMIT_SIGN: '1000',
        LIMIT_EXPIRY_REPORT: '1000',
        LIMIT_CONFIRM: '1000',
        METRICS_PORT: '0',
      },
    },
  ];
  const bin = join(app, 'node_modules/.bin/one-tap-phone-mock');
  const only = process.env.CHECK_BACKENDS_ONLY; // e.g. "java", to run one while working on it
  for (const backend of BACKENDS.filter((b) => !only || b.name.includes(only))) {
    const began = performance.now();
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const check = start(bin, [
      'check',
      '--sign-url',
      `${origin}/api/one-tap/sign`,
      ...(backend.signOnly ? [] : ['--confirm-url', `${origin}/api/one-tap/confirm`]),
      '--port',
      String(mockPort),
    ]);
    cleanups.push(() => stop(check));
    // The check's mock listens first; the backend starts while the check waits for it.
    await waitForOutput(check, /baseUrl\s+\S+/, 'the mock');
    const [command, args] = backend.command;
    const server = start(command, args, {
      cwd: backend.cwd,
      env: {
        ...process.env,
        ...credentials,
        ...backend.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ONE_TAP_STATIC_DIR: page,
      },
    });
    cleanups.push(() => stop(server));
    const result = await Promise.race([
      check.done,
      new Promise((_, reject) =>
        deadline.addEventListener('abort', () => reject(deadline.reason), { once: true }),
      ),
    ]);
    const summary = result.output.trimEnd().split('\n').at(-1) ?? '';
    const counts = /^(\d+) passed, (\d+) failed$/.exec(summary);
    if (result.code !== 0 || !counts || Number(counts[2]) !== 0 || Number(counts[1]) < 10)
      throw new Error(
        `${backend.name}: the check exited ${result.code}:\n${result.output}\n--- the backend said:\n${server.output()}`,
      );
    await checkPage(origin);
    const raw = backend.raw ? `; ${await checkRawRequests(origin)}` : '';
    await stop(server);
    console.log(
      `${backend.name}: ${summary} (check exit 0), serves the page${raw}; ${seconds(performance.now() - began)}`,
    );
  }
  console.log(`backends: all passed in ${seconds(performance.now() - started)} (${basename(tarball)})`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error.message));
  await Promise.all([...running].map(stop));
  rmSync(work, { recursive: true, force: true });
}
