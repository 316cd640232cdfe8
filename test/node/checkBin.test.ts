import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_APP } from '../../src/mock/index';
import { builtMockBin } from '../support/bundledScript';
import { type PartnerBackend, startPartnerBackend } from '../support/partnerBackend';
import { freePort } from '../support/redisServer';

// `one-tap-phone-mock check` as a partner's CI runs it: the bin as a process, built from source
// with esbuild, its exit status and its lines.

const run = promisify(execFile);
const bin = builtMockBin();
const backends: PartnerBackend[] = [];

afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

/** Runs the bin; resolves with its exit status and output whatever the status. */
async function bin$(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('one-tap-phone-mock check, the bin', { timeout: 30_000 }, () => {
  it('check --help documents every flag and exits 0; the mock’s own --help points to it', async () => {
    const { code, stdout } = await bin$(['check', '--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--sign-url <url>',
      '--confirm-url <url>',
      '--port <n>',
      'default 4010',
      '--json',
      '--help',
    ])
      expect(stdout).toContain(flag);
    expect((await bin$(['--help'])).stdout).toContain('one-tap-phone-mock check --help');
  });

  it('exits 2 on an unknown flag, naming it', async () => {
    const { code, stderr } = await bin$(['check', '--sign-url', 'http://127.0.0.1:1/sign', '--wait', '5']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^one-tap-phone-mock check: .*'--wait'/);
  });

  it('exits 1 against a backend written as the provider document shows it, naming its three faults', async () => {
    // The mock's port is picked here: the backend must know its base URL before the check runs.
    const port = await freePort();
    const backend = await startPartnerBackend({
      appId: DEMO_APP.appId,
      aesKey: DEMO_APP.aesKey,
      baseUrl: () => `http://127.0.0.1:${port}/getphone`,
      fixedReqId: '5450312',
      noCacheHeader: true,
      keepExpiredToken: true,
      confirm: false,
    });
    backends.push(backend);
    const { code, stdout } = await bin$(['check', '--sign-url', backend.signUrl, '--port', String(port)]);
    expect(code).toBe(1);
    expect(stdout).toContain(`  baseUrl  http://127.0.0.1:${port}/getphone`);
    const crosses = stdout.split('\n').filter((line) => line.startsWith('✗'));
    expect(crosses.map((line) => /^✗ sign: ([^:]+):/.exec(line)?.[1])).toEqual([
      'reqIds unique over 20 signs',
      'answered with Cache-Control',
      'after the provider expires the token, a token-expired report gets a live token',
    ]);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('8 passed, 3 failed');
  });

  it('--port 0: the mock takes a free port and prints it, and a backend configured with it passes every check', async () => {
    let baseUrl = '';
    const backend = await startPartnerBackend({
      appId: DEMO_APP.appId,
      aesKey: DEMO_APP.aesKey,
      baseUrl: () => baseUrl,
      confirm: {},
    });
    backends.push(backend);
    const child = spawn(
      process.execPath,
      [bin, 'check', '--sign-url', backend.signUrl, '--confirm-url', backend.confirmUrl, '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      baseUrl = /^ {2}baseUrl +(\S+)$/m.exec(stdout)?.[1] ?? baseUrl;
    });
    const [code] = (await once(child, 'close')) as [number];
    const port = /^Mock Yuefu listening on http:\/\/127\.0\.0\.1:(\d+)\/getphone \(port (\d+)\)\./m.exec(
      stdout,
    );
    expect(port?.[1]).toBe(port?.[2]);
    expect(Number(port?.[1])).toBeGreaterThan(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
    expect(code).toBe(0);
  });
});
