// What check-examples runs its children with: commands to their end, servers in their own
// process group (stopping one stops what it started), waits on their output, free ports, and
// plain HTTP requests from a chosen local address (a client of its own, to a per-IP limit).
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';

/**
 * Runs a command to its end; its output is shown only when it fails. In its own process group,
 * so that `signal` stops what it started too (npm → sh → next build and its workers).
 */
export function run(command, args, { cwd, env, signal } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stop = () => process.kill(-child.pid, 'SIGKILL');
    signal?.addEventListener('abort', stop, { once: true });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', (error) => reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${out}`)));
    child.on('close', (code, exitSignal) => {
      signal?.removeEventListener('abort', stop);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code ?? exitSignal}:\n${out}`));
    });
  });
}

/**
 * Starts a server in its own process group; `stop()` ends the group (SIGTERM, SIGKILL after 3 s).
 * `cleanups` gets the stop, so that a failure leaves nothing running.
 */
export function startServer(command, args, { cwd, env, cleanups }) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise((r) => child.on('exit', r));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid, 'SIGTERM');
    const killer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
  };
  cleanups.push(stop);
  return { child, output: () => out, exited, stop };
}

/** Resolves once `test(output)` matches, or rejects when the process exits or time runs out. */
export function waitFor(server, test, what, ms = 15_000) {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${what} within ${ms} ms:\n${server.output()}`)), ms);
    const check = () => {
      const found = test(server.output());
      if (found) done(undefined, found);
    };
    const done = (error, value) => {
      clearTimeout(timer);
      server.child.stdout.off('data', check);
      if (error) reject(error);
      else resolvePromise(value);
    };
    server.child.stdout.on('data', check);
    server.exited.then((code) => done(new Error(`exited with ${code} before ${what}:\n${server.output()}`)));
    check();
  });
}

export const freePort = () =>
  new Promise((resolvePromise) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });

/**
 * One HTTP request, its body read as JSON (or text). `localAddress` (a loopback address such as
 * 127.0.0.2) makes it a client of its own, as a server that keys limits on the socket sees it.
 */
export function request(url, { method = 'GET', headers = {}, body, localAddress } = {}) {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(url, { method, headers, localAddress }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let json;
        try {
          json = JSON.parse(text);
        } catch {}
        resolvePromise({ status: res.statusCode, headers: res.headers, body: json ?? text });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${url}: no answer within 10 s`)));
    req.end(body);
  });
}
