// The tests need Debian's Chromium (browser tests), redis-server and redis-cli (the shared token
// store, on one server and on a Redis Cluster).
// Find them, or install what is missing with apt-get when we may (root), and say so.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const onPath = (name) => {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const missing = [];
if (!existsSync(chromium))
  missing.push({ pkg: 'chromium', why: `Chromium for the browser tests (${chromium})` });
if (!onPath('redis-server'))
  missing.push({ pkg: 'redis-server', why: 'redis-server for the Redis token store tests' });
else if (!onPath('redis-cli'))
  missing.push({ pkg: 'redis-tools', why: 'redis-cli to create the Redis Cluster the store tests start' });
if (missing.length === 0) process.exit(0);

const isRoot = process.getuid?.() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  for (const m of missing)
    console.error(
      `Missing: ${m.why}. Install Debian's ${m.pkg}${m.pkg === 'chromium' ? ' or set CHROMIUM_PATH' : ''}.`,
    );
  process.exit(1);
}
for (const m of missing) console.log(`Missing: ${m.why}. Installing Debian's ${m.pkg} with apt-get…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...missing.map((m) => m.pkg)], { stdio: 'inherit', env });
if (!existsSync(chromium) || !onPath('redis-server') || !onPath('redis-cli')) {
  console.error('apt-get finished but a test dependency is still missing.');
  process.exit(1);
}
