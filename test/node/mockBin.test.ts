import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_APP } from '../../src/mock/index';
import { createSignHandler } from '../../src/server/index';
import { builtMockBin } from '../support/bundledScript';

// The bin as a process, built from source with esbuild (no dist needed): its banner and
// --help must tell the credentials a partner's sign endpoint needs, and the printed
// createSignHandler line must work against the running mock.

const bin = builtMockBin();
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGINT');
});

/** Starts the bin on a free port; resolves with its banner once complete. */
function start(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, [bin, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Ctrl-C stops it.')) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`the bin exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`no banner within 10 s: ${out}`)), 10_000);
  });
}

/** The arguments of the printed `createSignHandler({ … })` line. */
function printedOptions(text: string): { appId: string; aesKey: string; baseUrl: string } {
  const match = /createSignHandler\(\{ appId: (".*?"), aesKey: (".*?"), baseUrl: (".*?") \}\)/.exec(text);
  if (!match) throw new Error(`no createSignHandler line in:\n${text}`);
  const [appId, aesKey, baseUrl] = match.slice(1).map((json) => JSON.parse(json as string) as string);
  return { appId: appId as string, aesKey: aesKey as string, baseUrl: baseUrl as string };
}

describe('one-tap-phone-mock', () => {
  it('--help tells the demo appId, its AES key and a createSignHandler line for the defaults', () => {
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help).toContain('wozhitest');
    expect(help).toContain(DEMO_APP.aesKey);
    expect(help).toContain('DEMO_APP');
    expect(printedOptions(help)).toEqual({
      appId: DEMO_APP.appId,
      aesKey: DEMO_APP.aesKey,
      baseUrl: 'http://127.0.0.1:4010/getphone',
    });
  });

  it('prints wozhitest and its AES key when it starts, and a sign endpoint line that works', async () => {
    const banner = await start([]);
    expect(banner).toMatch(/^ {2}appId +wozhitest$/m);
    expect(banner).toMatch(new RegExp(`^ {2}aesKey +${DEMO_APP.aesKey}$`, 'm'));
    const options = printedOptions(banner);
    expect(options).toMatchObject({ appId: DEMO_APP.appId, aesKey: DEMO_APP.aesKey });
    expect(banner).toContain(`baseUrl   ${options.baseUrl}\n`);

    // Pasted as printed, the line signs in a way the mock's getphone accepts.
    const sign = createSignHandler(options);
    const response = await sign(new Request(`http://partner.test/api/sign?appId=${options.appId}`));
    expect(response.status).toBe(200);
    const { sign: value } = (await response.json()) as { sign: string };
    const getphone = await fetch(
      `${options.baseUrl}?appId=${options.appId}&sign=${encodeURIComponent(value)}`,
    );
    expect(await getphone.json()).toMatchObject({ resCode: '0' });
  });

  it('prints the credentials it was given instead of the demo ones', async () => {
    const banner = await start(['--app-id', 'partner-app', '--aes-key', 'abcdefghijklmnop']);
    expect(printedOptions(banner)).toMatchObject({ appId: 'partner-app', aesKey: 'abcdefghijklmnop' });
    expect(banner).not.toContain(DEMO_APP.aesKey);
  });

  it('takes the AES key from ONE_TAP_PHONE_MOCK_AES_KEY, out of sight of ps, and does not print it', async () => {
    const banner = await start(['--app-id', 'partner-app'], {
      ONE_TAP_PHONE_MOCK_AES_KEY: 'ponmlkjihgfedcba',
    });
    expect(banner).not.toContain('ponmlkjihgfedcba');
    expect(banner).toContain('aesKey    (from ONE_TAP_PHONE_MOCK_AES_KEY, not printed)');
    expect(banner).toContain('aesKey: process.env.ONE_TAP_PHONE_MOCK_AES_KEY');
    // and the mock answers signs made with that key
    const baseUrl = /baseUrl {3}(\S+)/.exec(banner)?.[1] as string;
    const sign = createSignHandler({ appId: 'partner-app', aesKey: 'ponmlkjihgfedcba', baseUrl });
    const response = await sign(new Request('http://partner.test/api/sign?appId=partner-app'));
    expect(response.status).toBe(200);
  });

  it('refuses a non-loopback --host without --allow-remote, before it listens', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0', '--host', '0.0.0.0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000); // a bin that listened anyway
    const code = await new Promise((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--host 0\.0\.0\.0 is not a loopback address.*--allow-remote/);
    expect(stdout).toBe('');
  });

  it('--help says never to give it a real app’s key, and names the environment variable', () => {
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/Never give the mock a real app's key/);
    expect(help).toContain('ONE_TAP_PHONE_MOCK_AES_KEY');
  });
});
