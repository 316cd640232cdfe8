import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as defaultEntry from '../../src/server/index';
import * as nodeEntry from '../../src/server/node';

// `one-tap-phone/server` has two entries: node.ts under the `node` export condition
// (node:crypto), index.ts everywhere else (WebCrypto). Same names; each AES by module graph.
const src = (path: string) => fileURLToPath(new URL(`../../src/server/${path}`, import.meta.url));

async function moduleGraph(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [src(entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    external: ['node:*'],
    metafile: true,
  });
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  return [...Object.keys(result.metafile.inputs), ...imports];
}

describe('the server entries', () => {
  it('export the same names', () => {
    expect(Object.keys(nodeEntry).sort()).toEqual(Object.keys(defaultEntry).sort());
  });

  it('share the classes callers test with instanceof', () => {
    expect(nodeEntry.AesKeyError).toBe(defaultEntry.AesKeyError);
    expect(nodeEntry.SignOpenError).toBe(defaultEntry.SignOpenError);
    expect(nodeEntry.OneTapServerError).toBe(defaultEntry.OneTapServerError);
    expect(nodeEntry.OneTapError).toBe(defaultEntry.OneTapError);
  });

  it('build the same sign', async () => {
    const input = { appId: 'wozhitest', reqId: '5450312', timeStamp: '1490079600000', token: 'T0K3N' };
    const key = 'h1q9750o8141K864';
    const sign = await nodeEntry.buildSign(input, key);
    expect(await defaultEntry.buildSign(input, key)).toBe(sign);
    await expect(defaultEntry.openSign(sign, key)).resolves.toEqual(input);
  });

  it('the default entry holds no node:crypto and the Node entry no WebCrypto backend', async () => {
    const web = await moduleGraph('index.ts');
    expect(web.some((path) => /node:crypto|aesEcbNode/.test(path))).toBe(false);
    expect(web.some((path) => path.endsWith('aesEcb.ts'))).toBe(true);
    const node = await moduleGraph('node.ts');
    expect(node.some((path) => path.endsWith('aesEcb.ts'))).toBe(false);
    expect(node).toContain('node:crypto');
  });

  it('are wired in package.json: the node condition first, then import and require', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const server = pkg.exports['./server'];
    expect(Object.keys(server)).toEqual(['node', 'import', 'require']);
    expect(server.node).toEqual({
      import: { types: './dist/server/node.d.ts', default: './dist/server/node.js' },
      require: { types: './dist/server/node.d.cts', default: './dist/server/node.cjs' },
    });
    expect(server.import.default).toBe('./dist/server/index.js');
  });
});
