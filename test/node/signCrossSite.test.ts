import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmHandler, createSignHandler } from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';
import { type FakeYuefu, startFakeYuefu } from '../support/fakeYuefu';

// In Chromium: while the login tab waits with its sign, a page of another site sends the
// browser to the sign URL (a top-level navigation, which stores a SameSite=Lax cookie) or loads
// it as an image, a script and a frame. The login tab's cookie must stay, and its confirm pass.
// The login tab gets its sign with the library's own page client (src/core/signFetch.ts).
// The partner is http://localhost:P (a secure context, so `__Host-` cookies are stored), the
// other site http://127.0.0.1:Q.
const NAME = '__Host-one-tap';
let fake: FakeYuefu;
let browser: Browser;
const servers: Server[] = [];
let partner = '';
let other = '';

const listen = async (server: Server) => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  fake = await startFakeYuefu();
  const yuefu = { appId: fake.appId, aesKey: fake.aesKey, baseUrl: fake.baseUrl, store: memoryTokenStore() };
  const sign = createSignHandler({ ...yuefu, bindingCookie: NAME });
  const confirm = createConfirmHandler({
    ...yuefu,
    bindingCookie: NAME,
    onConfirmed: async ({ phone }) => Response.json({ phone }),
  });
  const client = await build({
    stdin: {
      contents: `import { signUrlGetter } from './src/core/signFetch.ts';
        window.getSign = () => signUrlGetter({ signUrl: '/sign', appId: ${JSON.stringify(fake.appId)} })(
          { appId: ${JSON.stringify(fake.appId)}, reason: 'initial', flowId: 'f1', signal: new AbortController().signal });`,
      resolveDir: fileURLToPath(new URL('../..', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
  });
  const script = client.outputFiles[0]?.text ?? '';
  const partnerPort = await listen(
    createServer((req, res) => {
      if (req.url?.startsWith('/sign')) return sign.node(req, res);
      if (req.url?.startsWith('/confirm')) return confirm.node(req, res);
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><script>${script}</script>login`);
    }),
  );
  partner = `http://localhost:${partnerPort}`;
  const signUrl = `${partner}/sign?appId=${fake.appId}`;
  const otherPort = await listen(
    createServer((req, res) => {
      const body =
        req.url === '/load'
          ? `<img src="${signUrl}"><script src="${signUrl}"></script><iframe src="${signUrl}"></iframe>`
          : `<script>location.href = ${JSON.stringify(signUrl)}</script>`;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html>${body}`);
    }),
  );
  other = `http://127.0.0.1:${otherPort}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await fake?.close();
});

describe('another site sending the browser to the sign URL', { timeout: 20_000 }, () => {
  it.each(['/navigate', '/load'])(
    '(%s) leaves the login tab’s cookie, and its confirm passes',
    async (how) => {
      const context = await browser.newContext();
      try {
        const cookie = async () => (await context.cookies(partner)).find((c) => c.name === NAME)?.value;
        const login = await context.newPage();
        await login.goto(`${partner}/`);
        const sign = await login.evaluate(() =>
          (window as unknown as { getSign(): Promise<string> }).getSign(),
        );
        const before = await cookie();
        expect(before).toMatch(/^[0-9a-f]{64}$/);
        const elsewhere = await context.newPage();
        // The navigation's answer (403) is the page it lands on; the loads fail or show nothing.
        const signAnswer = elsewhere.waitForResponse((response) =>
          response.url().startsWith(`${partner}/sign`),
        );
        await elsewhere.goto(`${other}${how}`);
        const refused = (await signAnswer).status();
        await elsewhere.waitForLoadState('networkidle');
        expect(await cookie()).toBe(before);
        const confirmed = await login.evaluate(async (value) => {
          const response = await fetch('/confirm', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ sign: value }),
          });
          return { status: response.status, body: await response.json() };
        }, sign);
        expect(confirmed).toEqual({ status: 200, body: { phone: fake.result.phone } });
        expect(refused).toBe(403);
      } finally {
        await context.close();
      }
    },
  );
});
