// The `one-tap-phone-mock` bin as a process runs it, bundled from source with esbuild into a
// temporary folder (no dist needed): for the tests that spawn it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

const source = fileURLToPath(new URL('../../src/bin/oneTapPhoneMock.ts', import.meta.url));

/**
 * Where the bin will be, to run with `process.execPath`. Call at a test file's top level: it
 * registers the bundling (beforeAll) and the folder's removal (afterAll) in that file.
 */
export function builtMockBin(): string {
  const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-bin-'));
  const bin = join(work, 'one-tap-phone-mock.mjs');
  beforeAll(async () => {
    await build({
      entryPoints: [source],
      outfile: bin,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  return bin;
}
