#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { checkMain } from '../check/cli.js';
import { LOOPBACK_HOSTS } from '../mock/hosts.js';
import { DEMO_APP } from '../mock/mockYuefu.js';
import { startMockYuefu } from '../mock/node.js';
import { isScenarioName, SCENARIOS } from '../mock/scenarios.js';

// The line a partner pastes into their server to sign against the mock: without the key in
// plain sight, people dug it out of the package's .d.ts files.
// A key that came from the environment is written as the environment: it was put there to
// stay out of sight (of `ps`, and of a terminal's scrollback or a CI log).
const signHandlerLine = (appId: string, aesKey: string | { env: string }, baseUrl: string) =>
  `createSignHandler({ appId: ${JSON.stringify(appId)}, aesKey: ${typeof aesKey === 'string' ? JSON.stringify(aesKey) : `process.env.${aesKey.env}`}, baseUrl: ${JSON.stringify(baseUrl)} })`;

const KEY_ENV = 'ONE_TAP_PHONE_MOCK_AES_KEY';

/** Whether `host` is an address only this machine reaches. */
const isLoopback = (host: string) =>
  /^127(?:\.\d{1,3}){3}$/.test(host) ||
  ['localhost', '::1', '[::1]', '::ffff:127.0.0.1'].includes(host.toLowerCase());

const HELP = `one-tap-phone-mock: a mock of the Yuefu one-tap service, on loopback

Usage: one-tap-phone-mock [options]

  --port <n>            port (default 4010; 0 picks a free one)
  --host <addr>         address to listen on (default 127.0.0.1); another than loopback
                        needs --allow-remote
  --allow-remote        listen on a non-loopback --host: anyone who reaches it gets signs
                        for the app and the mock's answers
  --app-id <id>         the app's appId (default ${DEMO_APP.appId})
  --aes-key <key>       the app's 16-byte AES key (default ${DEMO_APP.aesKey}, the document's example);
                        or set ONE_TAP_PHONE_MOCK_AES_KEY, which \`ps\` does not show.
                        Never give the mock a real app's key: it signs for anyone, and prints
                        a key given by --aes-key (one from the environment it does not print).
  --allowed-host <name> a Host name to answer besides localhost, 127.0.0.1, [::1] and --host
                        (repeatable; other Host headers get 403, against DNS rebinding)
  --phone <number>      the number the carrier resolves (default ${DEMO_APP.phone})
  --resolve-ms <n>      how long the carrier takes (default 600)
  --token-ttl-ms <n>    token life (default 1800000, 30 minutes)
  --latency-ms <n>      delay added to every provider answer (default 0)
  --scenario <name>     ${Object.keys(SCENARIOS).join(', ')} (default mobile)
  -h, --help            this text

one-tap-phone-mock check --sign-url <url> [--confirm-url <url>] tests your own backend against
the mock, in any language: one-tap-phone-mock check --help

The default app is DEMO_APP of one-tap-phone/mock: appId ${DEMO_APP.appId}, AES key ${DEMO_APP.aesKey}.
Your sign endpoint, against the mock on its defaults:
  ${signHandlerLine(DEMO_APP.appId, DEMO_APP.aesKey, 'http://127.0.0.1:4010/getphone')}
`;

function fail(message: string): never {
  process.stderr.write(`one-tap-phone-mock: ${message}\n\n${HELP}`);
  process.exit(2);
}

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} takes a whole number, not ${JSON.stringify(value)}`);
  return n;
}

// `check` is its own command with its own flags (src/check/cli.ts).
if (process.argv[2] === 'check') process.exit(await checkMain(process.argv.slice(3)));

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'app-id': { type: 'string' },
      'aes-key': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'allow-remote': { type: 'boolean' },
      phone: { type: 'string' },
      'resolve-ms': { type: 'string' },
      'token-ttl-ms': { type: 'string' },
      'latency-ms': { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}
try {
  args = parse();
} catch (error) {
  fail((error as Error).message);
}
const { values } = args;
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
// The flag, else the environment: a key on the command line is visible to every user in `ps`.
const fromEnv = values['aes-key'] === undefined && process.env[KEY_ENV] !== undefined;
const aesKey = values['aes-key'] ?? process.env[KEY_ENV] ?? DEMO_APP.aesKey;
if (new TextEncoder().encode(aesKey).length !== 16)
  fail('--aes-key (or ONE_TAP_PHONE_MOCK_AES_KEY) must be 16 bytes in UTF-8');
const phone = values.phone ?? DEMO_APP.phone;
if (!/^\d{7,15}$/.test(phone)) fail('--phone takes digits only, 7 to 15 of them');
if (values.scenario !== undefined && !isScenarioName(values.scenario))
  fail(`unknown scenario ${values.scenario}`);

const appId = values['app-id'] ?? DEMO_APP.appId;
const host = values.host ?? '127.0.0.1';
// The demo sign endpoint signs for anyone who asks: on a network address, for the whole network.
if (!isLoopback(host)) {
  if (!values['allow-remote']) {
    fail(
      `--host ${host} is not a loopback address: every machine that reaches it could take signs from /demo/sign and query the mock. Pass --allow-remote to listen there anyway`,
    );
  }
  process.stderr.write(
    `one-tap-phone-mock: warning: listening on ${host}, not loopback (--allow-remote): anyone who reaches it gets signs for app ${values['app-id'] ?? DEMO_APP.appId}\n`,
  );
}
let running: Awaited<ReturnType<typeof startMockYuefu>> | undefined;

// Installed before anything is printed: a Ctrl-C right after the banner must still stop cleanly.
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  (running?.close() ?? Promise.resolve()).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  running = await startMockYuefu({
    port: int('port', values.port) ?? 4010,
    host,
    ...(values['allowed-host']
      ? {
          allowedHosts: [
            ...LOOPBACK_HOSTS,
            host.includes(':') ? `[${host}]` : host,
            ...values['allowed-host'],
          ],
        }
      : {}),
    apps: [{ appId, aesKey, phone }],
    resolveMs: int('resolve-ms', values['resolve-ms']),
    tokenTtlMs: int('token-ttl-ms', values['token-ttl-ms']),
    latencyMs: int('latency-ms', values['latency-ms']),
    scenario: isScenarioName(values.scenario) ? values.scenario : undefined,
  });
} catch (error) {
  fail(`could not listen: ${(error as Error).message}`);
}

process.stdout.write(
  [
    `Mock Yuefu listening (scenario ${values.scenario ?? 'mobile'}, app ${appId})`,
    `  appId     ${appId}`,
    `  aesKey    ${fromEnv ? `(from ${KEY_ENV}, not printed)` : aesKey}`,
    `  baseUrl   ${running.baseUrl}`,
    `  token     POST ${running.baseUrl}/token`,
    `  getphone  GET  ${running.baseUrl}?appId=…&sign=…&callback=…`,
    `  query     GET  ${running.baseUrl}/query?appId=…&sign=…&callback=…`,
    `  signUrl   ${running.signUrl}?appId=${encodeURIComponent(appId)}`,
    'Your own sign endpoint, against this mock:',
    `  ${signHandlerLine(appId, fromEnv ? { env: KEY_ENV } : aesKey, running.baseUrl)}`,
    'Ctrl-C stops it.',
    '',
  ].join('\n'),
);
