// The whole suite while a busy loop holds one core: what CI's machine (two cores) looks like
// when something else is running. A test that passes here has room to spare in CI.
// Usage: npm run test:stress [-- vitest args]
import { spawn } from 'node:child_process';

const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
console.log(`test:stress: a busy loop (pid ${busy.pid}) holds one core while the suite runs`);
const stop = () => busy.kill('SIGKILL');
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const vitest = spawn('node_modules/.bin/vitest', ['run', ...process.argv.slice(2)], { stdio: 'inherit' });
vitest.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
