// The sign routes partners copy keep the binding's one rule: a sign is bound to a fresh id that
// only the sign's own response carries, never to an id the request brought. A script on the
// page can set cookies (a __Host- one too), so a sign bound to a cookie the request brought is
// bound to a value that script may have chosen, and its client elsewhere confirms it. The
// README once bound each sign to `bindingOf(request) ?? crypto.randomUUID()`; the examples and
// docs/server.md had been fixed, the snippet partners copy first had not. The library makes the
// id itself (`bindingCookie`), so a sign route is the handler alone. Every ts/tsx/js block of
// README.md and docs/*.md is read with TypeScript's parser, and these are refused:
// - `?? randomUUID()`: a fresh id only when the request brought none;
// - in a function that calls a sign handler (`sign(…)`, `sign.node(…)`), reading the request's
//   cookie: `headers.get('cookie')`, `headers.cookie`, `cookies`, a `binding…(request)` call;
// - `createSignHandler({ binding })` whose function reads a cookie (declared on the same page).
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type Block, codeBlocks, DOC_PAGES } from '../support/docBlocks';

const LANGUAGES = ['ts', 'tsx', 'typescript', 'js', 'jsx', 'javascript'];

/** A sign handler as the docs name it, called as a Fetch handler or under `.node`. */
const SIGN_HANDLER = /^(sign|signHandler)$/;

function callee(node: ts.CallExpression): string {
  const { expression } = node;
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) {
    const owner = ts.isIdentifier(expression.expression) ? expression.expression.text : '';
    return `${owner}.${expression.name.text}`;
  }
  return '';
}

const callsSignHandler = (node: ts.CallExpression) => {
  const [owner = '', member] = callee(node).split('.');
  return SIGN_HANDLER.test(owner) && (member === undefined || member === 'node');
};

/** Whether `node` reads the request's cookie (writing the header is not reading it). */
function readsCookie(node: ts.Node): boolean {
  if (ts.isCallExpression(node)) {
    const name = callee(node);
    const [first] = node.arguments;
    if (
      /\.get$/.test(name) ||
      (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'get')
    ) {
      if (first && ts.isStringLiteralLike(first) && first.text.toLowerCase() === 'cookie') return true;
    }
    if (/(^|\.)cookies$/.test(name)) return true; // Next.js cookies(), a framework's request.cookies()
    if (/binding/i.test(name) && node.arguments.length > 0) return true; // bindingOf(request)
  }
  if (ts.isPropertyAccessExpression(node) && /^cookies?$/.test(node.name.text)) {
    const parent = node.parent;
    const written =
      ts.isBinaryExpression(parent) &&
      parent.left === node &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    if (!written) return true; // request.headers.cookie, req.cookies
  }
  return false;
}

const someDescendant = (node: ts.Node, test: (node: ts.Node) => boolean): boolean =>
  test(node) || (ts.forEachChild(node, (child) => someDescendant(child, test) || undefined) ?? false);

const isFunction = (node: ts.Node): node is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node);

/** The text of each top-level declaration on the page, by name: what a `binding: name` reads. */
function declarations(files: ts.SourceFile[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const file of files) {
    file.forEachChild(function visit(node) {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name))
        byName.set(node.name.text, node.getText(file));
      if (ts.isFunctionDeclaration(node) && node.name) byName.set(node.name.text, node.getText(file));
      node.forEachChild(visit);
    });
  }
  return byName;
}

/** Where the page's blocks bind a sign to an id the request brought: `page:line: why`. */
function requestBoundSigns(blocks: Block[]): string[] {
  const files = blocks.map((block) =>
    ts.createSourceFile(
      `${block.page}:${block.line}.tsx`,
      block.code,
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TSX,
    ),
  );
  const declared = declarations(files);
  const found: string[] = [];
  files.forEach((file, n) => {
    const block = blocks[n] as Block;
    const at = (node: ts.Node, why: string) =>
      found.push(
        `${block.page}:${block.line + 1 + file.getLineAndCharacterOfPosition(node.getStart(file)).line}: ${why}`,
      );
    file.forEachChild(function visit(node) {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken &&
        /randomUUID|getRandomValues|randomBytes/.test(node.right.getText(file))
      ) {
        at(node, 'a fresh id only when the request brought none: the sign is bound to the id it brought');
      }
      if (
        isFunction(node) &&
        someDescendant(node, (child) => ts.isCallExpression(child) && callsSignHandler(child))
      ) {
        const reading = (child: ts.Node): boolean => readsCookie(child);
        let reported = false;
        someDescendant(node, (child) => {
          if (!reported && reading(child)) {
            at(child, 'a sign route that reads the cookie the request brought');
            reported = true;
          }
          return reported;
        });
      }
      if (ts.isCallExpression(node) && callee(node) === 'createSignHandler') {
        for (const argument of node.arguments) {
          if (!ts.isObjectLiteralExpression(argument)) continue;
          for (const property of argument.properties) {
            const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
            if (name !== 'binding') continue;
            const value = ts.isPropertyAssignment(property)
              ? property.initializer
              : ts.isShorthandPropertyAssignment(property)
                ? property.name
                : undefined;
            if (!value) continue;
            const text = ts.isIdentifier(value) ? (declared.get(value.text) ?? '') : value.getText(file);
            if (/cookie/i.test(text)) {
              at(property, 'a sign handler bound to a cookie the request brought: use bindingCookie');
            }
          }
        }
      }
      node.forEachChild(visit);
    });
  });
  return found;
}

// The README's sign route before the fix, and the binding it used: what the rule exists for.
const README_BEFORE: Block[] = [
  {
    page: 'README.md',
    line: 76,
    lang: 'ts',
    note: undefined,
    code: `// lib/yuefu.ts
export const BINDING_COOKIE = '__Host-one-tap';
export const bindingOf = (request: Request) =>
  /(?:^|;\\s*)__Host-one-tap=([\\w-]{16,64})(?:;|$)/.exec(request.headers.get('cookie') ?? '')?.[1];
export const sign = createSignHandler({ ...yuefu, binding: bindingOf });`,
  },
  {
    page: 'README.md',
    line: 101,
    lang: 'ts',
    note: undefined,
    code: `// app/api/one-tap/sign/route.ts
import { BINDING_COOKIE, bindingOf, sign } from '@/lib/yuefu';

export async function GET(request: Request) {
  const id = bindingOf(request) ?? crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set('cookie', \`\${BINDING_COOKIE}=\${id}\`);
  const response = await sign(new Request(request.url, { headers }));
  response.headers.append('set-cookie', \`\${BINDING_COOKIE}=\${id}; HttpOnly; Secure; SameSite=Lax; Path=/\`);
  return response;
}`,
  },
];

describe('the sign routes partners copy', () => {
  it.each(DOC_PAGES)('of %s bind no sign to an id the request brought', (page) => {
    expect(requestBoundSigns(codeBlocks(page, LANGUAGES))).toEqual([]);
  });

  it('refuse the README’s sign route as it was (the check is real)', () => {
    expect(requestBoundSigns(README_BEFORE)).toEqual([
      'README.md:81: a sign handler bound to a cookie the request brought: use bindingCookie',
      'README.md:106: a sign route that reads the cookie the request brought',
      'README.md:106: a fresh id only when the request brought none: the sign is bound to the id it brought',
    ]);
  });

  it('refuse an Express route that reads the cookie, and pass the ones that do not', () => {
    const express: Block = {
      page: 'x.md',
      line: 1,
      lang: 'ts',
      note: undefined,
      code: `app.get('/sign', (req, res) => {
  req.headers.cookie = \`one-tap=\${req.headers.cookie?.split('=')[1] ?? 'x'}\`;
  sign.node(req, res);
});
app.get('/fine', (req, res) => {
  req.headers.cookie = \`one-tap=\${randomUUID()}\`;
  sign.node(req, res);
});
export const GET = (request: Request) => sign(request);
const a = createSignHandler({ ...yuefu, bindingCookie: '__Host-one-tap' });
const b = createSignHandler({ ...yuefu, binding: (request) => sessionIdOf(request) });`,
    };
    expect(requestBoundSigns([express])).toEqual([
      'x.md:3: a sign route that reads the cookie the request brought',
    ]);
  });
});
