// The fenced code blocks of the pages partners read (the README, docs/*.md, Storybook's Getting
// started page), for the tests that hold what partners copy to today's API and to the rules
// the library keeps (test/node/docSnippets.test.ts, test/node/signRouteSnippets.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

/** README.md and every docs/*.md, as paths from the package root. */
export const DOC_PAGES = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

export interface Block {
  page: string;
  /** The line of the opening fence, from 1. */
  line: number;
  /** The fence's language: ts, tsx, js… */
  lang: string;
  code: string;
  /** What an HTML comment right above the fence says, `<!-- doc-snippet: … -->`, if any. */
  note: string | undefined;
}

/** The fenced blocks of a Markdown (or MDX) page in `languages`, with the line each starts on. */
export function codeBlocks(page: string, languages: readonly string[], text?: string): Block[] {
  const lines = (text ?? readFileSync(join(root, page), 'utf8')).split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${page}:${i + 1}: a code block that never closes`);
    const lang = open[1] ?? '';
    if (languages.includes(lang)) {
      const note = /^<!-- doc-snippet: (.*) -->$/.exec(lines[i - 1] ?? '')?.[1];
      blocks.push({ page, line: i + 1, lang, code: lines.slice(i + 1, end).join('\n'), note });
    }
    i = end;
  }
  return blocks;
}
