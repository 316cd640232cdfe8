// The docs the npm package ships (package.json "files": README, docs/*.md, CONTRIBUTING,
// CHANGELOG) are read from node_modules, on npmjs.com and in editors, where nothing but the
// tarball is there. A relative link must name a file the tarball holds, and an anchor a heading
// of its page; anything else (the examples, screenshots not shipped) is an absolute link to the
// repository. The file list is npm's own: `npm pack --dry-run --json`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** The paths `npm pack` puts in the tarball, relative to the package root. */
function packedFiles(): Set<string> {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`npm pack --dry-run failed: ${packed.stderr}`);
  const [{ files }] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
  return new Set(files.map(({ path }) => path));
}

/** The page outside its fenced code blocks. */
const withoutFences = (markdown: string): string => markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');

/** The page's text outside code blocks and code spans: what a reader sees as links. */
const prose = (markdown: string): string => withoutFences(markdown).replace(/`[^`\n]*`/g, '');

/** Every link target of a page: Markdown links and images, and HTML `href`/`src`. */
function linksOf(markdown: string): string[] {
  const text = prose(markdown);
  const markdownLinks = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const htmlLinks = [...text.matchAll(/\s(?:href|src)="([^"]+)"/g)].map((m) => m[1]);
  return [...markdownLinks, ...htmlLinks].filter((link): link is string => link !== undefined);
}

/** GitHub's anchors for a page's headings (lower case, punctuation dropped, spaces to hyphens). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading = ''] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** What is wrong with each relative link of `page` (a path inside the package), or nothing. */
function brokenLinks(
  page: string,
  markdown: string,
  files: ReadonlySet<string>,
  read: (path: string) => string,
) {
  const broken: string[] = [];
  for (const link of linksOf(markdown)) {
    if (/^[a-z][a-z\d+.-]*:/i.test(link)) continue; // https:, mailto:: absolute
    if (link.startsWith('/')) {
      broken.push(`${page}: ${link} is site-relative: nothing in the tarball answers it`);
      continue;
    }
    const [path = '', anchor] = link.split('#', 2);
    const target = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), decodeURI(path)));
    if (!files.has(target)) {
      broken.push(`${page}: ${link} is not in the tarball (make it absolute, to the repository)`);
      continue;
    }
    if (anchor && target.endsWith('.md') && !anchorsOf(read(target)).has(anchor)) {
      broken.push(`${page}: ${link} names no heading of ${target}`);
    }
  }
  return broken;
}

describe('the links of the docs the package ships', () => {
  it('resolve inside the tarball, or are absolute', { timeout: 60_000 }, () => {
    const files = packedFiles();
    const pages = [...files].filter((path) => path.endsWith('.md'));
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/server.md', 'CHANGELOG.md']));
    const read = (path: string) => readFileSync(join(root, path), 'utf8');
    const broken = pages.flatMap((page) => brokenLinks(page, read(page), files, read));
    expect(broken).toEqual([]);
  });

  it('are held to it: a link to the examples, an unshipped screenshot or a missing heading fails', () => {
    const files = new Set(['README.md', 'docs/react.md', 'docs/screenshots/step-zh-CN.png']);
    const page = [
      '# Title',
      '## The `core`, without React',
      '[ok](../README.md) [ok](#the-core-without-react) ![ok](screenshots/step-zh-CN.png)',
      '[ok](https://github.com/one-tap-phone/one-tap-phone/tree/main/examples/python)',
      '`[not a link](../examples/java)`',
      '```tsx',
      '<a href="/login/sms">not a link either</a>',
      '```',
      '[examples](../examples/python) ![shot](screenshots/step-en.png) [gone](#nowhere)',
      '<img src="/logo.png">',
    ].join('\n');
    const read = (path: string) => (path === 'docs/react.md' ? page : '# Readme');
    expect(brokenLinks('docs/react.md', page, files, read)).toEqual([
      'docs/react.md: ../examples/python is not in the tarball (make it absolute, to the repository)',
      'docs/react.md: screenshots/step-en.png is not in the tarball (make it absolute, to the repository)',
      'docs/react.md: #nowhere names no heading of docs/react.md',
      'docs/react.md: /logo.png is site-relative: nothing in the tarball answers it',
    ]);
  });
});
