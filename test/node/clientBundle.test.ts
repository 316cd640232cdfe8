import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { jsonpEsmEsbuildPlugin } from '../../scripts/lib/jsonpAsEsm.mjs';

const source = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

/** An entry bundled for a browser as a partner's bundler would, jsonp compiled as in the build. */
async function browserBundle(
  entry: string,
  external: string[],
): Promise<{ text: string; imports: string[] }> {
  const result = await build({
    entryPoints: [source(entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    minify: false,
    // A node: import is left in place rather than failing the build, so the check below names it.
    external: [...external, 'node:*'],
    plugins: [jsonpEsmEsbuildPlugin()],
    metafile: true,
  });
  const imports = Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.map((i) => i.path),
  );
  return {
    text: JSON.stringify(Object.keys(result.metafile.inputs)) + (result.outputFiles[0]?.text ?? ''),
    imports,
  };
}

// What a partner's app bundles from `one-tap-phone`: no AES code, no key, no node:crypto, no
// server or mock code, and no console calls that could log a phone number or a sign.
describe('the client bundle', () => {
  const bundle = browserBundle('index.ts', [
    'react',
    'react-dom',
    '@tanstack/react-query',
    'react/jsx-runtime',
  ]);

  it.each([
    ['WebCrypto AES', /crypto\.subtle|importKey|AES-CBC/],
    ['the demo AES key', /h1q9750o8141K864/],
    ['server or mock modules', /src\/(server|mock)\//],
    ['console calls', /console\.(log|info|warn|error|debug)/],
    ['the debug package', /node_modules\/debug\//],
    // jsonp arrives as plain ESM: no CommonJS wrapper or require() from esbuild's interop.
    ['CommonJS interop', /__commonJS|__toESM|\brequire\(/],
  ])('holds no %s', async (_what, pattern) => {
    expect((await bundle).text).not.toMatch(pattern);
  });

  it('imports nothing but the React peers (no node: module)', async () => {
    expect([...new Set((await bundle).imports)].sort()).toEqual([
      '@tanstack/react-query',
      'react',
      'react/jsx-runtime',
    ]);
  });

  it('holds jsonp itself', async () => {
    expect((await bundle).text).toMatch(/node_modules\/jsonp\/index\.js/);
  });
});

// `one-tap-phone/mock` runs in Storybook and browser tests (behind MSW): nothing of Node's.
describe('the mock entry bundled for a browser', () => {
  const bundle = browserBundle('mock/index.ts', []);

  it('imports no node: module (nor anything else)', async () => {
    expect((await bundle).imports).toEqual([]);
  });

  it('holds no Node server', async () => {
    expect((await bundle).text).not.toMatch(/createServer|startMockYuefu/);
  });

  it('holds the mock (the bundle is not empty by accident)', async () => {
    expect((await bundle).text).toMatch(/function createMockYuefu/);
  });
});
