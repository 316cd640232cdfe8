import { describe, expect, it } from 'vitest';

// The public entries export exactly these names: internals (the protocol parsers, the reducer,
// the sign helpers, the query client factory) stay importable from their source files only.
describe('the public entries', () => {
  it('one-tap-phone: the React API and its error', async () => {
    expect(Object.keys(await import('../../src/index')).sort()).toEqual([
      'OneTapError',
      'OneTapLogin',
      'OneTapPhoneProvider',
      'isOneTapError',
      'useOneTapPhone',
    ]);
  });

  it('one-tap-phone/core: the store, its promise form, the transport, the errors and their defaults', async () => {
    expect(Object.keys(await import('../../src/core/index')).sort()).toEqual([
      'CARRIER_TERMS',
      'DEFAULT_BASE_URL',
      'DEFAULT_POLL_DELAYS',
      'DEFAULT_TIMEOUTS',
      'ONE_TAP_ERRORS',
      'OneTapError',
      'carrierOf',
      'createOneTapStore',
      'getPhoneNumber',
      'isLookingUp',
      'isOneTapError',
      'jsonpTransport',
      'systemClock',
    ]);
  });

  it('one-tap-phone/mock: no Node server; one-tap-phone/mock/node adds it', async () => {
    const mock = Object.keys(await import('../../src/mock/index')).sort();
    expect(mock).toEqual(['DEMO_APP', 'FAULTS', 'SCENARIOS', 'createMockYuefu', 'isScenarioName']);
    expect(Object.keys(await import('../../src/mock/node')).sort()).toEqual(
      [...mock, 'startMockYuefu'].sort(),
    );
  });
});
