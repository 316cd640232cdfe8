import { describe, expect, it } from 'vitest';
import { DEMO_APP } from '../../src/mock/index';
import { AesKeyError } from '../../src/server/aesEcb';
import { createSignHandler, type SignHandlerOptions } from '../../src/server/signHandler';
import { createTokenClient } from '../../src/server/tokenClient';

// Misconfiguration must fail at construction or name its cause: a wrong key, a missing appId
// or a forgotten baseUrl used to surface only as an unexplained 500, 403 or 503.

const { appId, aesKey } = DEMO_APP;

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
