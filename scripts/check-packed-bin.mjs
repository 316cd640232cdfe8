// Tries the mock bin as a new user would: npm pack, install the tarball into an empty
// project, `npx one-tap-phone-mock`, one token → sign → getphone → query round, Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-packed-'));
const npm = (args, cwd) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

try {
  const tarball = join(
    work,
    npm(['pack', '--pack-destination', work, '--silent'], root).trim().split('\n').pop(),
  );
  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), '{ "name": "new-user", "private": true, "type": "module" }\n');
  npm(['install', '--no-audit', '--no-fund', '--legacy-peer-deps', tarball], app);

  // Starts the bin in its own process group, like a terminal's foreground job.
  const startBin = (command, args) => {
    const child = spawn(command, [...args, '--port', '0'], {
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
    `packed bin: installed from ${tarball.split('/').pop()}, listening after ${startupMs.toFixed(0)} ms (incl. npx), masked phone served, stopped cleanly`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
