// The code partners copy: every ts/tsx block of the README and of Storybook's Getting started
// page, type-checked against today's API, so that a renamed option or a new required one fails
// here instead of in a partner's editor. A block whose first line names a file
// (`// lib/yuefu.ts`) is written there, so blocks can import each other as the README shows
// (`@/lib/yuefu`); `one-tap-phone` and its subpaths resolve to the sources of what the package
// exports (the `node` condition first, as a server resolves it).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { type Block, codeBlocks, DOC_PAGES, root } from '../support/docBlocks';
import { FRAMEWORK_SHIMS, PARTNER_CODE } from '../support/docSnippetShims';

const TYPESCRIPT = ['ts', 'tsx', 'typescript'];
// Pages without a ts/tsx block (protocol.md, errors.md…) have nothing to check.
const PAGES = [...DOC_PAGES, 'stories/GettingStarted.mdx'].filter(
  (page) => codeBlocks(page, TYPESCRIPT).length > 0,
);

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

// Inside the package's node_modules, so that what the snippets import besides the package
// (redis, ioredis, msw, react) resolves as it would in a partner's project.
const scratch = mkdtempSync(join(root, 'node_modules', '.doc-snippets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A compiler host that parses what every page's program shares (TypeScript's libs, the
 * package's sources, node_modules) once for all of them: each page is a program of its own, and
 * parsing lib.dom.d.ts and @types/node again for each was most of its time.
 */
const shared = new Map<string, ts.SourceFile | undefined>();
function hostFor(options: ts.CompilerOptions, pageDir: string): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, ...rest) => {
    if (fileName.startsWith(pageDir)) return parse(fileName, ...rest);
    if (!shared.has(fileName)) shared.set(fileName, parse(fileName, ...rest));
    return shared.get(fileName);
  };
  return host;
}

/**
 * Writes one page's blocks as files of a project of their own and returns TypeScript's
 * diagnostics, each named by page and line.
 */
function typecheck(blocks: Block[]): string[] {
  const dir = mkdtempSync(join(scratch, 'page-'));
  const where = new Map<string, Block>();
  blocks.forEach((block, n) => {
    // `// lib/yuefu.ts`, or `// lib/confirm.ts: …` / `(…)` after the name; `// lib/yuefu.ts,
    // beside …` is a part of that file, checked on its own with its note.
    const named = /^\/\/ ([\w./[\]-]+\.tsx?)(?:\s*$|:\s|\s\()/.exec(block.code.split('\n')[0] ?? '')?.[1];
    // Unnamed blocks sit at the root, as the docs' relative imports (./lib/yuefu.js) expect.
    const file = join(dir, named ?? `snippet-${n}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`);
    mkdirSync(dirname(file), { recursive: true });
    // A note (`<!-- doc-snippet: import … -->` above the block) supplies what a fragment takes
    // from the blocks around it, on the block's first line, so line numbers hold.
    const code = block.note ? `${block.note} ${block.code}` : block.code;
    // Unnamed blocks are modules of their own, so their top-level names never collide.
    writeFileSync(file, named ? code : `${code}\nexport {};\n`);
    where.set(file, block);
  });
  const support = [join(dir, 'frameworks.d.ts')];
  writeFileSync(support[0] as string, FRAMEWORK_SHIMS);
  for (const [path, code] of Object.entries(PARTNER_CODE)) {
    const file = join(dir, path);
    if (where.has(file)) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
    support.push(file);
  }
  const options: ts.CompilerOptions = {
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
  };
  const program = ts.createProgram([...where.keys(), ...support], options, hostFor(options, dir));
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
