// Every process the engine check starts (browsers, WebKitWebDriver, Xvfb) is registered here
// and killed with its whole process group when the check ends, however it ends: normally, on
// an exception, on a signal, or when the watchdog fires because something hangs.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const started = new Set();

/**
 * This process's children as /proc lists them: Playwright gives no pid for the Chromium it
 * launched, so the kill looks for it there.
 */
function children() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (name) state ppid ...": the name may hold spaces, the fields after it do not.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid)
        pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * Kills what is still running, each with its process group (browsers fork helpers; every
 * launcher here starts them detached, in a group of their own).
 */
export function killAll() {
  const pids = new Set([...[...started].map((child) => child.pid), ...children()]);
  for (const pid of pids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone, or not a group
      }
    }
  }
  started.clear();
}

/** Watches a process someone else spawned (puppeteer's Firefox): killed with the rest. */
export function track(child) {
  if (!child?.pid) return;
  started.add(child);
  child.once('exit', () => started.delete(child));
}

/** Spawns `command` in a process group of its own, tracked. */
export function spawnTracked(command, args, options = {}) {
  const child = spawn(command, args, { detached: true, stdio: 'ignore', ...options });
  track(child);
  return child;
}

/**
 * Kills everything after `ms` whatever is running, and on exit or a signal: a hung browser
 * must not outlive the check or hold CI until its own timeout.
 */
export function startWatchdog(ms) {
  const timer = setTimeout(() => {
    console.error(`engines: the watchdog fired after ${ms / 1000} s; killing every browser, driver and Xvfb`);
    killAll();
    process.exit(1);
  }, ms);
  timer.unref();
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.once(signal, () => {
      killAll();
      process.exit(1);
    });
}

/** A free loopback port, for a tool that takes a port number rather than 0. */
export async function freePort() {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
