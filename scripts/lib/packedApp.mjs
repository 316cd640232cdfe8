// What the packed-tarball checks share: a fresh Vite React app (test/consumer) with the packed
// tarball installed, type-checked and built as a partner's would be, and the partner's sign
// endpoint on the package as that app installed it.
import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '../..');

/** Runs a command, its output returned, its errors on this process's stderr. */
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/**
 * Packs the repository into `work`, copies test/consumer beside it (with `page` as its
 * src/main.tsx when given), installs the tarball (React `REACT`, 19 by default, with its types),
 * type-checks against the published types and builds. Returns the app's folder and the tarball.
 */
export function buildPackedApp(work, { page } = {}) {
  const tarball = join(
    work,
    run('npm', ['pack', '--pack-destination', work, '--silent'], root).trim().split('\n').pop(),
  );
  const app = join(work, 'app');
  cpSync(join(root, 'test/consumer'), app, {
    recursive: true,
    filter: (p) => !p.includes('node_modules') && !p.includes('/dist'),
  });
  if (page) writeFileSync(join(app, 'src/main.tsx'), page);
  // REACT=18 tries the other supported major: react, react-dom and their types.
  const react = process.env.REACT ?? '19';
  const majors =
    react === '19'
      ? []
      : [`react@${react}`, `react-dom@${react}`, `@types/react@${react}`, `@types/react-dom@${react}`];
  run('npm', ['install', '--no-audit', '--no-fund', tarball, ...majors], app);
  run('npm', ['run', 'typecheck', '--silent'], app); // against the published .d.ts, strict, skipLibCheck off
  run('npm', ['run', 'build', '--silent'], app);
  return { app, tarball, react };
}

/**
 * The partner's sign endpoint: `one-tap-phone/server` resolved from the test app's own
 * node_modules (the package as a partner installs it, not our sources), createSignHandler
 * against the given provider, on a free loopback port. `asked` holds each request's query
 * (URLSearchParams: what the page sent, its flowId, its reason; empty it at will); `close()`
 * ends open connections too.
 */
export async function startPackedSignEndpoint(app, { appId, aesKey, baseUrl }) {
  const requireFromApp = createRequire(join(app, 'package.json'));
  const server = await import(pathToFileURL(requireFromApp.resolve('one-tap-phone/server')).href);
  const handler = server.createSignHandler({ appId, aesKey, baseUrl, cors: true });
  const asked = [];
  const api = createServer((req, res) => {
    asked.push(new URL(req.url, 'http://endpoint').searchParams);
    handler.node(req, res);
  });
  await new Promise((r) => api.listen(0, '127.0.0.1', r));
  return {
    signUrl: `http://127.0.0.1:${api.address().port}/api/sign`,
    server,
    asked,
    close: () => {
      api.closeAllConnections();
      return new Promise((r) => api.close(r));
    },
  };
}
