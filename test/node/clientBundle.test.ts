import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// What a partner's app bundles from `one-tap-phone`: no AES code, no key, no node:crypto, no
// server or mock code, and no console calls that could log a phone number or a sign.
const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

async function clientBundle(): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    minify: false,
    external: ['react', 'react-dom', '@tanstack/react-query', 'react/jsx-runtime'],
    alias: { debug: fileURLToPath(new URL('../../src/core/noDebug.cjs', import.meta.url)) },
    metafile: true,
  });
  return JSON.stringify(Object.keys(result.metafile.inputs)) + (result.outputFiles[0]?.text ?? '');
}

describe('the client bundle', () => {
  it.each([
    ['WebCrypto AES', /crypto\.subtle|importKey|AES-CBC/],
    ['the demo AES key', /h1q9750o8141K864/],
    ['node:crypto or any node: module', /node:/],
    ['server or mock modules', /src\/(server|mock)\//],
    ['console calls', /console\.(log|info|warn|error|debug)/],
    ['the debug package', /node_modules\/debug\//],
  ])('holds no %s', async (_what, pattern) => {
    expect(await clientBundle()).not.toMatch(pattern);
  });
});
