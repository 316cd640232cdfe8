// What the browser checks and the benchmark share: Debian's Chromium launched as this machine
// needs it, and a static file server on loopback.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { chromium } from 'playwright';

/** `backForwardCache`: keep Chromium's bfcache on (Playwright switches it off by default). */
export function launchChromium({ backForwardCache = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    ...(backForwardCache && { ignoreDefaultArgs: ['--disable-back-forward-cache'] }),
  });
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `dir` below `prefix` on a free loopback port. A missing file is `fallback` (a
 * single-page app's index.html) when given, else 404; nothing outside `dir` is served.
 */
export async function serveStatic(dir, { prefix = '/', fallback } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const wanted = path.startsWith(prefix) ? join(dir, path.slice(prefix.length) || 'index.html') : undefined;
    const found =
      wanted?.startsWith(dir) && statSync(wanted, { throwIfNoEntry: false })?.isFile() ? wanted : undefined;
    const file = found ?? (fallback ? join(dir, fallback) : undefined);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
