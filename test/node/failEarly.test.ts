import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APP, type RunningMockYuefu, startMockYuefu } from '../../src/mock/node';
import { OneTapServerError, SERVER_ERRORS } from '../../src/server/errors';
import type { SignHandlerLogger } from '../../src/server/http/hooks';
import { AesKeyError, createSignHandler, openSign, type SignHandlerOptions } from '../../src/server/index';
import { createTokenClient, requestToken } from '../../src/server/tokens/tokenClient';

// Misconfiguration must fail at construction or name its cause: a wrong key, a missing appId
// or a forgotten baseUrl used to surface only as an unexplained 500, 403 or 503.

const { appId, aesKey } = DEMO_APP;

/** A loopback port that refuses connections: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function recordingLogger() {
  const calls: { level: 'error' | 'warn'; args: unknown[] }[] = [];
  const logger: SignHandlerLogger = {
    error: (...args) => calls.push({ level: 'error', args }),
    warn: (...args) => calls.push({ level: 'warn', args }),
  };
  // Deeply, with getters and causes: a secret must not hide in a nested field either.
  const text = () => calls.map((c) => inspect(c.args, { depth: 10, getters: true })).join('\n');
  return { logger, calls, text };
}

const signOf = (handler: ReturnType<typeof createSignHandler>, query = '') =>
  handler(new Request(`http://partner.test/api/sign?appId=${appId}${query}`));

describe('createSignHandler refuses a bad configuration at construction', () => {
  it.each([
    ['a missing aesKey', { appId }, AesKeyError, /aesKey is missing/],
    ['an empty aesKey', { appId, aesKey: '' }, AesKeyError, /aesKey is empty/],
    ['a short aesKey', { appId, aesKey: 'short' }, AesKeyError, /16 bytes in UTF-8; this one is 5 bytes$/],
    ['a 17-byte aesKey', { appId, aesKey: `${aesKey}x` }, AesKeyError, /this one is 17 bytes$/],
    ['16 characters of 17 bytes', { appId, aesKey: `${aesKey.slice(0, 15)}é` }, AesKeyError, /is 17/],
    ['a non-string aesKey', { appId, aesKey: 1234567890123456 }, AesKeyError, /a number, not a string/],
    ['a missing appId', { aesKey }, TypeError, /appId is missing/],
    ['a blank appId', { appId: ' ', aesKey }, TypeError, /appId is empty/],
    ['a non-string appId', { appId: 42, aesKey }, TypeError, /appId is a number/],
  ])('throws for %s', (_name, options, type, message) => {
    const create = () => createSignHandler(options as unknown as SignHandlerOptions);
    expect(create).toThrow(type);
    expect(create).toThrow(message);
    expect(create).toThrow(/^createSignHandler: /);
  });

  it('never puts the key in the message', () => {
    const wrong = 'h1q9750o8141K86'; // one byte short of the demo key
    expect(() => createSignHandler({ appId, aesKey: wrong })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(wrong) }),
    );
  });

  it('accepts the demo app, and a token client of its own without a baseUrl', () => {
    expect(() => createSignHandler({ appId, aesKey })).not.toThrow();
    const tokens = createTokenClient({ appId, fetch: async () => new Response('{}') });
    expect(() => createSignHandler({ appId, aesKey, tokens })).not.toThrow();
  });
});

describe('createTokenClient', () => {
  it.each([[undefined], [''], [7]])('throws a TypeError for appId %j', (bad) => {
    expect(() => createTokenClient({ appId: bad as unknown as string })).toThrow(
      /^createTokenClient: appId is/,
    );
  });
});

describe('PROVIDER_UNAVAILABLE names the host and the cause', () => {
  it('says ECONNREFUSED and the host:port of a closed loopback port', async () => {
    const port = await closedPort();
    const error = await requestToken({ appId, baseUrl: `http://127.0.0.1:${port}/getphone` }).catch((e) => e);
    expect(error).toBeInstanceOf(OneTapServerError);
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toContain(`127.0.0.1:${port}: ECONNREFUSED`);
    expect(error.message).not.toContain('default baseUrl');
  });

  it('says the default baseUrl was used when none was given', async () => {
    const fetchFailed = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND www.meiyuefu.com'), { code: 'ENOTFOUND' }),
    });
    const error = await requestToken({ appId, fetch: () => Promise.reject(fetchFailed) }).catch((e) => e);
    expect(error.message).toMatch(/: www\.meiyuefu\.com \(the default baseUrl\): ENOTFOUND$/);
  });

  it('says how long it waited on a timeout', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const error = await requestToken({
      appId,
      baseUrl: 'http://yuefu.test/getphone',
      timeoutMs: 250,
      fetch: () => Promise.reject(timeout),
    }).catch((e) => e);
    expect(error.message).toMatch(/: yuefu\.test: no answer within 250 ms$/);
  });

  it('names the host that answered an HTTP error', async () => {
    const fetch = async () => new Response('no', { status: 502 });
    const error = await requestToken({ appId, baseUrl: 'http://yuefu.test:8080/getphone', fetch }).catch(
      (e) => e,
    );
    expect(error.message).toMatch(/: HTTP 502 from yuefu\.test:8080$/);
  });
});

describe('the sign handler logger', () => {
  let yuefu: RunningMockYuefu;
  beforeAll(async () => {
    yuefu = await startMockYuefu({ port: 0 });
  });
  afterAll(() => yuefu.close());

  it('reports each failed request once, with code, status and cause, and no secret', async () => {
    const port = await closedPort();
    const { logger, calls, text } = recordingLogger();
    const handler = createSignHandler({
      appId,
      aesKey,
      baseUrl: `http://127.0.0.1:${port}/getphone`,
      logger,
    });
    expect((await signOf(handler)).status).toBe(503);
    expect((await signOf(handler)).status).toBe(503);
    expect(calls.map((c) => c.level)).toEqual(['error', 'error']);
    expect(calls[0]?.args[0]).toMatch(/503 PROVIDER_UNAVAILABLE: .*127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(calls[0]?.args[1]).toEqual({
      code: 'PROVIDER_UNAVAILABLE',
      status: 503,
      cause: expect.stringContaining('ECONNREFUSED'),
    });
    expect(text()).not.toContain(aesKey);
  });

  it('tells the logger where it failed, and the caller only the code and its fixed text', async () => {
    const port = await closedPort();
    const handler = createSignHandler({ appId, aesKey, baseUrl: `http://127.0.0.1:${port}/getphone` });
    const response = await signOf(handler);
    expect(await response.json()).toEqual({
      error: { code: 'PROVIDER_UNAVAILABLE', message: SERVER_ERRORS.PROVIDER_UNAVAILABLE.message },
    });
  });

  it('reports a 500 INTERNAL with its cause, the key cut out of a foreign message', async () => {
    const { logger, calls, text } = recordingLogger();
    const tokens = createTokenClient({ appId, baseUrl: yuefu.baseUrl });
    // A foreign failure (a custom store, say) that quotes the key.
    const broken = { ...tokens, getToken: () => Promise.reject(new Error(`store said: ${aesKey}`)) };
    const response = await signOf(createSignHandler({ appId, aesKey, tokens: broken, logger }));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0]).toMatch(/500 INTERNAL/);
    expect(calls[0]?.args[1]).toEqual({
      code: 'INTERNAL',
      status: 500,
      cause: 'Error: store said: [aesKey]',
    });
    expect(text()).not.toContain(aesKey);
  });

  it('reports a store failure after good signs without the key or the token', async () => {
    const { logger, calls, text } = recordingLogger();
    const tokens = createTokenClient({ appId, baseUrl: yuefu.baseUrl });
    let storeDown = false;
    const flaky = {
      ...tokens,
      getToken: () =>
        storeDown
          ? Promise.reject(
              new OneTapServerError('STORE_UNAVAILABLE', { cause: new Error('connection reset') }),
            )
          : tokens.getToken(),
    };
    const handler = createSignHandler({ appId, aesKey, tokens: flaky, logger });
    const { sign } = (await (await signOf(handler)).json()) as { sign: string };
    const { token } = await openSign(sign, aesKey);
    storeDown = true;
    expect((await signOf(handler)).status).toBe(503);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[1]).toEqual({
      code: 'STORE_UNAVAILABLE',
      status: 503,
      cause: 'Error: connection reset',
    });
    expect(text()).not.toContain(aesKey);
    expect(text()).not.toContain(token);
    expect(text()).not.toContain(sign);
  });

  it('logs nothing for a good sign, warns when Yuefu confirms a token-expired report, never with a secret', async () => {
    const { logger, calls, text } = recordingLogger();
    // A key Yuefu does not hold: it refuses every sign, which is what the warning is for.
    const wrongKey = 'zzzzzzzzzzzzzzzz';
    const handler = createSignHandler({ appId, aesKey: wrongKey, baseUrl: yuefu.baseUrl, logger });
    const ok = await signOf(handler);
    const { sign } = (await ok.json()) as { sign: string };
    const { token } = await openSign(sign, wrongKey);
    expect(calls).toEqual([]);
    expect((await signOf(handler, '&reason=token-expired')).status).toBe(200); // bare: drops nothing
    expect(calls).toEqual([]);
    const reported = `&reason=token-expired&sign=${encodeURIComponent(sign)}`;
    expect((await signOf(handler, reported)).status).toBe(200);
    expect(calls.map((c) => c.level)).toEqual(['warn']);
    expect(calls[0]?.args[0]).toMatch(/AES key or appId/);
    expect(text()).not.toContain(wrongKey);
    expect(text()).not.toContain(token);
    expect(text()).not.toContain(sign);
  });

  it('does not log requests anyone can send (400, 403, 405)', async () => {
    const { logger, calls } = recordingLogger();
    const handler = createSignHandler({ appId, aesKey, baseUrl: yuefu.baseUrl, logger });
    await handler(new Request('http://partner.test/api/sign'));
    await handler(new Request('http://partner.test/api/sign?appId=other'));
    await handler(new Request(`http://partner.test/api/sign?appId=${appId}`, { method: 'POST' }));
    expect(calls).toEqual([]);
  });
});
