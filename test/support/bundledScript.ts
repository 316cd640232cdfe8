// A script a test runs as a process of its own (the mock bin, a partner's backend to kill
// mid-fetch), bundled from source with esbuild into a temporary folder: no dist needed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

// redis and ioredis are CommonJS: their require() calls need a real require in the ESM bundle.
const REAL_REQUIRE =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * Where `source` (a URL) will be bundled, to run with `process.execPath`. Call at the top level
 * of a test file or describe block: it registers the bundling (beforeAll) and the folder's
 * removal (afterAll) there.
 */
export function bundledScript(source: URL): string {
  const work = mkdtempSync(join(tmpdir(), 'one-tap-phone-script-'));
  const script = join(work, basename(source.pathname).replace(/\.ts$/, '.mjs'));
  beforeAll(async () => {
    await build({
      entryPoints: [fileURLToPath(source)],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      banner: { js: REAL_REQUIRE },
    });
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  return script;
}

/** The `one-tap-phone-mock` bin as a process runs it. */
export const builtMockBin = (): string =>
  bundledScript(new URL('../../src/bin/oneTapPhoneMock.ts', import.meta.url));
