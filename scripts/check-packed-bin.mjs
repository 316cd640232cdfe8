// Tries the packed package as a new Node user would: npm pack; install the tarball alone, as
// a server-only user does, and check nothing of React comes with it or loads; install it with
// the peers into an empty project; require() the CommonJS build with Node's require(esm) switched off, import
// the ESM build, run test/packed's Jest suites (Jest has neither require(esm) nor dynamic
// import) and type-check its CommonJS consumer; then `npx one-tap-phone-mock`, one token →
// sign → getphone → query round, Ctrl-C.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const vectorFile = join(root, 'test/support/fixtures.json');
const vector = JSON.parse(readFileSync(vectorFile, 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-packed-'));
const npm = (args, cwd) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

try {
  const tarball = join(
    work,
    npm(['pack', '--pack-destination', work, '--silent'], root).trim().split('\n').pop(),
  );
  // MSW's worker belongs to the partner's own public/ (msw init), never to this package: a copy
  // in dist/ is unexported, stale against the partner's msw, and served by nobody.
  const tarEntries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  const workers = tarEntries.filter((path) => path.endsWith('mockServiceWorker.js'));
  if (workers.length > 0) throw new Error(`the tarball ships ${workers.join(', ')}`);
  const node = (args, cwd) => execFileSync('node', args, { cwd, encoding: 'utf8' }).trim();
  const newProject = (name) => {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), `{ "name": "${name}", "private": true, "type": "module" }\n`);
    return dir;
  };

  // A server-only user: the tarball alone, the ordinary way (npm installs every peer not
  // marked optional by itself, so no --legacy-peer-deps here). No React may come with it, and
  // core, server and mock must load without it, from require() and from import.
  const alone = newProject('alone');
  npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], alone);
  const installed = ['react', 'react-dom', '@tanstack/react-query', 'debug', 'jsonp'].filter((name) =>
    existsSync(join(alone, 'node_modules', name)),
  );
  if (installed.length > 0) throw new Error(`the tarball alone installed ${installed.join(', ')}`);
  const required = JSON.parse(
    node(
      [
        '--no-experimental-require-module',
        '-e',
        "for (const e of ['core', 'server', 'mock', 'mock/node']) require('one-tap-phone/' + e); console.log(JSON.stringify(Object.keys(require.cache)))",
      ],
      alone,
    ),
  );
  // The server's telemetry is @opentelemetry/api, a peer npm installs by itself (a no-op until
  // the partner registers an SDK): the one thing besides the package that may load.
  const foreign = required.filter(
    (path) =>
      !path.includes('/node_modules/one-tap-phone/dist/') &&
      !path.includes('/node_modules/@opentelemetry/api/'),
  );
  if (!required.some((path) => path.endsWith('/dist/core/index.cjs')) || foreign.length > 0)
    throw new Error(`require() of core/server/mock loaded more than the package:\n${foreign.join('\n')}`);
  const imported = node(
    [
      '--input-type=module',
      '-e',
      `for (const e of ['core', 'server', 'mock', 'mock/node']) await import('one-tap-phone/' + e);
       const { getPhoneNumber } = await import('one-tap-phone/core');
       const react = await import('react').then(() => 'react loads', () => 'no react');
       console.log(typeof getPhoneNumber, react);`,
    ],
    alone,
  );
  if (imported !== 'function no react') throw new Error(`import() in the server-only install: ${imported}`);
  // The store in plain Node, from that install: lookup → ready → the consent rule → success.
  for (const file of ['test/packed/coreStore.mjs', 'scripts/lib/independentProvider.mjs'])
    cpSync(join(root, file), join(alone, file.split('/').pop()));
  const storePhases = node(['coreStore.mjs'], alone);

  const app = newProject('app');
  const peers = ['react@19', 'react-dom@19', '@tanstack/react-query@5', '@types/node@20', '@types/react@19'];
  const jest = ['jest@30', 'jest-environment-jsdom@30'];
  npm(
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--legacy-peer-deps',
      '--ignore-scripts',
      tarball,
      ...peers,
      ...jest,
    ],
    app,
  );

  // Node consumers: import from ESM; require() with Node's require(esm) switched off.
  const args = `${JSON.stringify(vector.params)}, ${JSON.stringify(vector.aesKey)}`;
  const cjs = (code) => node(['--no-experimental-require-module', '-e', code], app);
  const viaRequire = cjs(`require('one-tap-phone/server').buildSign(${args}).then(console.log)`);
  const viaImport = node(
    [
      '--input-type=module',
      '-e',
      `const s = await import('one-tap-phone/server'); console.log(await s.buildSign(${args}))`,
    ],
    app,
  );
  if (viaRequire !== vector.sign || viaImport !== vector.sign)
    throw new Error(`server entry from CJS/ESM gave ${viaRequire} / ${viaImport}`);
  // The root entry is the React API and its error, nothing internal.
  const rootNames = cjs("console.log(Object.keys(require('one-tap-phone')).sort().join(' '))");
  if (rootNames !== 'OneTapError OneTapLogin OneTapPhoneProvider isOneTapError useOneTapPhone')
    throw new Error(`the root entry exports ${rootNames}`);
  const resolved = cjs(
    "for (const e of ['', '/core', '/server', '/mock', '/mock/node', '/mock/msw']) console.log(require.resolve('one-tap-phone' + e))",
  );
  if (!resolved.split('\n').every((path) => path.endsWith('.cjs')))
    throw new Error(`require() should resolve to the CommonJS build:\n${resolved}`);

  // 'use client' on the React entry only, in both builds.
  const dist = join(app, 'node_modules/one-tap-phone/dist');
  for (const extension of ['.js', '.cjs']) {
    for (const entry of ['index', 'core/index', 'server/index', 'mock/index', 'mock/node', 'mock/msw']) {
      const marked = readFileSync(join(dist, `${entry}${extension}`), 'utf8').startsWith('"use client";');
      if (marked !== (entry === 'index'))
        throw new Error(`'use client' is wrong on dist/${entry}${extension}`);
    }
  }

  // test/packed: Jest suites (node and jsdom) and a TypeScript CommonJS consumer, checked
  // under node16 and under the older node10 resolution.
  const packed = join(app, 'cjs');
  cpSync(join(root, 'test/packed'), packed, { recursive: true });
  cpSync(vectorFile, join(packed, 'fixtures.json'));
  const jestRun = spawnSync(join(app, 'node_modules/.bin/jest'), ['--ci'], { cwd: packed, encoding: 'utf8' });
  if (jestRun.status !== 0)
    throw new Error(`Jest failed on test/packed:\n${jestRun.stderr}${jestRun.stdout}`);
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const strict = [
    '--noEmit',
    '--strict',
    '--resolveJsonModule',
    '--types',
    'node',
    '--lib',
    'es2022,dom',
    'consumer.ts',
  ];
  node([tsc, '--module', 'node16', '--moduleResolution', 'node16', ...strict], packed);
  node(
    [tsc, '--module', 'commonjs', '--moduleResolution', 'node10', '--ignoreDeprecations', '6.0', ...strict],
    packed,
  );

  // Starts the bin in its own process group, like a terminal's foreground job.
  const startBin = (command, binArgs) => {
    const child = spawn(command, [...binArgs, '--port', '0'], {
      cwd: app,
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    const baseUrl = new Promise((resolvePromise, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const match = /baseUrl\s+(\S+)/.exec(out);
        if (match) resolvePromise(match[1]);
      });
      exited.then(({ code }) => reject(new Error(`the bin exited early with ${code}:\n${out}`)));
      setTimeout(() => reject(new Error(`no baseUrl printed within 10 s:\n${out}`)), 10_000);
    });
    return { child, exited, baseUrl };
  };
  const groupAlive = (pid) => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  const started = performance.now();
  const viaNpx = startBin('npx', ['--no-install', 'one-tap-phone-mock']);
  const baseUrl = await viaNpx.baseUrl;
  const startupMs = performance.now() - started;
  const origin = new URL(baseUrl).origin;

  const { sign } = await (await fetch(`${origin}/demo/sign?appId=wozhitest`)).json();
  const q = `appId=wozhitest&sign=${encodeURIComponent(sign)}`;
  await fetch(`${baseUrl}?${q}&callback=cb`);
  await new Promise((r) => setTimeout(r, 700));
  const answer = await (await fetch(`${baseUrl}/query?${q}`)).json();
  if (answer.resCode !== '0' || answer.object?.phone !== '134****8682') {
    throw new Error(`expected the masked phone, got ${JSON.stringify(answer)}`);
  }

  // Ctrl-C reaches the whole group: npx and the bin under it must all be gone.
  process.kill(-viaNpx.child.pid, 'SIGINT');
  await viaNpx.exited;
  await new Promise((r) => setTimeout(r, 300));
  if (groupAlive(viaNpx.child.pid)) throw new Error('Ctrl-C left a process of the bin running');

  // The bin itself (what npx runs) exits 0 on SIGINT.
  const direct = startBin(join(app, 'node_modules/.bin/one-tap-phone-mock'), []);
  await direct.baseUrl;
  process.kill(-direct.child.pid, 'SIGINT');
  const { code, signal } = await direct.exited;
  if (code !== 0) throw new Error(`Ctrl-C should stop the bin cleanly, got code ${code} signal ${signal}`);
  console.log(
    `packed: the tarball alone installs no React, and core, server, mock and mock/node load from require() and import() without it; there, in plain Node, the store against an independent provider went ${storePhases}; require() without require(esm) resolves to the .cjs build and builds the vector sign, import() too; 'use client' on the React entry only, ESM and CJS; Jest ran test/packed (CJS: server, mock, SSR, a jsdom login page tapped through the step to onSuccess, its debug panel from the CommonJS chunk): ${/Tests:.*/.exec(jestRun.stderr)?.[0]}; a TypeScript CJS consumer type-checks under node16 and node10; bin installed from ${tarball.split('/').pop()}, listening after ${startupMs.toFixed(0)} ms (incl. npx), masked phone served, stopped cleanly`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
