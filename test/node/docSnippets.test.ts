// The code partners copy: every ts/tsx block of the README and of Storybook's Getting started
// page, type-checked against today's API, so that a renamed option or a new required one fails
// here instead of in a partner's editor. A block whose first line names a file
// (`// lib/yuefu.ts`) is written there, so blocks can import each other as the README shows
// (`@/lib/yuefu`); `one-tap-phone` and its subpaths resolve to the sources of what the package
// exports (the `node` condition first, as a server resolves it).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { type Block, codeBlocks, root } from '../support/docBlocks';

const PAGES = ['README.md', 'stories/GettingStarted.mdx'];
const TYPESCRIPT = ['ts', 'tsx', 'typescript'];

/** One subpath's conditions, as package.json lists them. */
interface ExportTarget {
  node?: { import: { default: string } };
  import: { default: string };
}

/** `one-tap-phone` and each subpath, to the source its export builds from (dist/x.js ← src/x.ts). */
function packagePaths(): Record<string, string[]> {
  const { name, exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries<string | ExportTarget>(exports)) {
    if (typeof target === 'string') continue; // ./package.json
    const built = (target.node ?? target).import.default;
    const source = join(root, built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
    if (!existsSync(source)) throw new Error(`${subpath} builds from ${built}, but ${source} does not exist`);
    paths[subpath === '.' ? name : `${name}/${subpath.slice(2)}`] = [source];
  }
  return paths;
}

// next is not a dependency of the library: the one API the README's page uses, as Next types it.
const NEXT_SHIM = `declare module 'next/navigation' {
  export function useRouter(): { push(href: string): void; replace(href: string): void; refresh(): void };
}`;

const scratch = mkdtempSync(join(tmpdir(), 'doc-snippets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Writes one page's blocks as files of a project of their own and returns TypeScript's
 * diagnostics, each named by page and line.
 */
function typecheck(blocks: Block[]): string[] {
  const dir = mkdtempSync(join(scratch, 'page-'));
  const where = new Map<string, Block>();
  blocks.forEach((block, n) => {
    const named = /^\/\/ ([\w./[\]-]+\.tsx?)\s*$/.exec(block.code.split('\n')[0] ?? '')?.[1];
    const file = join(
      dir,
      named ?? `snippets/${block.page.replace(/\W/g, '_')}-${n}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`,
    );
    mkdirSync(dirname(file), { recursive: true });
    // Unnamed blocks are modules of their own, so their top-level names never collide.
    writeFileSync(file, named ? block.code : `${block.code}\nexport {};\n`);
    where.set(file, block);
  });
  writeFileSync(join(dir, 'next-shim.d.ts'), NEXT_SHIM);
  const program = ts.createProgram([...where.keys(), join(dir, 'next-shim.d.ts')], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [join(root, 'node_modules/@types')],
    paths: { '@/*': [join(dir, '*')], ...packagePaths() },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const block = d.file && where.get(d.file.fileName);
    if (!d.file || !block || d.start === undefined) return `${d.file?.fileName ?? '(program)'}: ${text}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${block.page}:${block.line + 1 + line}: ${text}`;
  });
}

describe('the code blocks partners copy', () => {
  it.each(PAGES)('of %s type-check against the package as it is today', { timeout: 90_000 }, (page) => {
    const blocks = codeBlocks(page, TYPESCRIPT);
    expect(blocks.length).toBeGreaterThan(1);
    expect(typecheck(blocks)).toEqual([]);
  });

  it('fail when a block calls the API wrongly (the check is real)', { timeout: 90_000 }, () => {
    const wrong: Block = {
      page: 'wrong.md',
      line: 1,
      lang: 'ts',
      note: undefined,
      code: "import { confirmResult } from 'one-tap-phone/server';\nconfirmResult({ appId: 'x', sign: 'y' });",
    };
    expect(typecheck([wrong]).join('\n')).toMatch(/^wrong\.md:3: [\s\S]*missing[\s\S]*aesKey/m);
  });
});
