import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OneTapServerError } from '../../src/server/errors';
import { toNodeHandler } from '../../src/server/http/nodeAdapter';
import type { SignHandlerOptions } from '../../src/server/index';
import { createSignHandler } from '../../src/server/node';
import type { TokenClient } from '../../src/server/tokens/tokenClient';

// `.node` answers GET and HEAD without a Fetch Request/Response pair; toNodeHandler(handler)
// goes through the pair. Side by side on two loopback servers, the same raw requests must get
// the same bytes back (bar the Date header): status line, headers in order, framing, body.
const TOKEN = '49FF63FD025711D51DC744E836319D00';
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

function stubTokens(fail?: OneTapServerError): TokenClient & { invalidations: number } {
  return {
    invalidations: 0,
    async getToken() {
      if (fail) throw fail;
      return TOKEN;
    },
    async invalidate() {
      this.invalidations++;
    },
    async dropIfRefused() {
      this.invalidations++;
      return false;
    },
    keepFresh: () => () => undefined,
  };
}

async function listen(listener: RequestListener): Promise<number> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The raw answer to raw request bytes, without the Date header (the second it was sent in). */
function exchange(port: number, head: string, body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${head}\r\n\r\n${body}`));
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(text.replaceAll(/\r\nDate: [^\r]*/gi, '')));
  });
}

/** The fast path and the Fetch path of two handlers made with the same options. */
async function pair(options: Partial<SignHandlerOptions> = {}) {
  const make = () => {
    const tokens = stubTokens();
    return {
      tokens,
      handler: createSignHandler({ appId: 'wozhitest', aesKey: 'h1q9750o8141K864', tokens, ...options }),
    };
  };
  const fast = make();
  const fetchPath = make();
  return {
    fast: { ...fast, port: await listen(fast.handler.node) },
    fetchPath: { ...fetchPath, port: await listen(toNodeHandler(fetchPath.handler)) },
  };
}

// The sign holds a random reqId and the time: both fixed so that the two signs are equal.
beforeEach(() => {
  vi.spyOn(globalThis.crypto, 'randomUUID').mockReturnValue('00000000-0000-4000-8000-000000000000');
  vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => array); // zeros
  vi.spyOn(Date, 'now').mockReturnValue(1_490_079_600_000);
});
afterEach(() => vi.restoreAllMocks());

const get = (path: string, ...headers: string[]) =>
  [`GET ${path} HTTP/1.1`, 'Host: partner.test', ...headers, 'Connection: close'].join('\r\n');
const SIGN = '/api/sign?appId=wozhitest';

describe('createSignHandler(...).node against toNodeHandler(handler)', () => {
  it.each([
    ['a sign request', get(SIGN)],
    // Two pipelined, the first kept alive: the framing of a kept-alive answer, then a close.
    ['a sign request, kept alive', `${get(SIGN).replace('close', 'keep-alive')}\r\n\r\n${get(SIGN)}`],
    ['HEAD', get(SIGN).replace('GET', 'HEAD')],
    ['no appId', get('/api/sign')],
    ['an empty appId', get('/api/sign?appId=')],
    ['another appId', get('/api/sign?appId=someone-else')],
    ['a query with a fragment and escapes', get('/api/sign?x=%20&appId=wozhi%74est#f')],
    ['token-expired', get(`${SIGN}&reason=token-expired`)],
    ['an allowed origin', get(SIGN, 'Origin: https://partner.example')],
    ['an allowed origin padded with spaces', get(SIGN, 'Origin:   https://partner.example  ')],
    ['a foreign origin', get(SIGN, 'Origin: https://evil.example')],
    ['a preflight', get(SIGN, 'Origin: https://partner.example').replace('GET', 'OPTIONS')],
    ['a POST', `${get(SIGN).replace('GET', 'POST')}\r\nContent-Length: 3`, 'a=b'],
    ['a GET with a body', `${get(SIGN)}\r\nContent-Length: 3`, 'a=b'],
    ['a PUT over 64 KB', `${get(SIGN).replace('GET', 'PUT')}\r\nContent-Length: 70000`, 'x'.repeat(70_000)],
    ['TRACE', get(SIGN).replace('GET', 'TRACE')],
    ['a Host header that is no host', get(SIGN).replace('partner.test', 'a b')],
    ['an absolute-form target', get(`http://partner.test${SIGN}`)],
    [
      'an absolute-form target under a bad Host',
      get(`http://partner.test${SIGN}`).replace('partner.test\r', 'a b\r'),
    ],
    ['a target with credentials', get(`//user:pw@partner.test${SIGN}`)],
    ['a target no URL can hold', get('//[x/api/sign?appId=wozhitest')],
  ])('answers %s with the same bytes', async (_name, head, body = '') => {
    const { fast, fetchPath } = await pair({ cors: ['https://partner.example'] });
    const expected = await exchange(fetchPath.port, head, body);
    expect(expected).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(await exchange(fast.port, head, body)).toBe(expected);
  });

  it('answers the same with cors: true and with CORS off', async () => {
    for (const cors of [true, false]) {
      const { fast, fetchPath } = await pair({ cors });
      for (const head of [get(SIGN, 'Origin: https://a.example'), get(SIGN)]) {
        expect(await exchange(fast.port, head)).toBe(await exchange(fetchPath.port, head));
      }
    }
  });

  it('ignores a bare token-expired report alike', async () => {
    const { fast, fetchPath } = await pair();
    for (let i = 0; i < 3; i++) {
      const head = get(`${SIGN}&reason=token-expired`);
      expect(await exchange(fast.port, head)).toBe(await exchange(fetchPath.port, head));
    }
    expect(fast.tokens.invalidations).toBe(0);
    expect(fetchPath.tokens.invalidations).toBe(0);
  });

  it.each([
    ['PROVIDER_UNAVAILABLE', 503],
    ['IP_NOT_WHITELISTED', 502],
  ] as const)('answers a token failure (%s) with the same bytes', async (code, status) => {
    const tokens = stubTokens(new OneTapServerError(code));
    const options = { appId: 'wozhitest', aesKey: 'h1q9750o8141K864', tokens };
    const fast = await listen(createSignHandler(options).node);
    const fetchPath = await listen(toNodeHandler(createSignHandler(options)));
    const expected = await exchange(fetchPath, get(SIGN));
    expect(expected).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(await exchange(fast, get(SIGN))).toBe(expected);
  });
});
