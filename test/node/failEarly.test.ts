import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEMO_APP } from '../../src/mock/index';
import { AesKeyError } from '../../src/server/aesEcb';
import { OneTapServerError } from '../../src/server/errors';
import { createSignHandler, type SignHandlerOptions } from '../../src/server/signHandler';
import { createTokenClient, requestToken } from '../../src/server/tokenClient';

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

describe('createSignHandler refuses a bad configuration at construction', () => {
  it.each([
    ['a missing aesKey', { appId }, AesKeyError, /aesKey is missing/],
    ['an empty aesKey', { appId, aesKey: '' }, AesKeyError, /aesKey is empty/],
    ['a short aesKey', { appId, aesKey: 'short' }, AesKeyError, /16 bytes.*this one is 5/],
    ['a 17-byte aesKey', { appId, aesKey: `${aesKey}x` }, AesKeyError, /this one is 17/],
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
