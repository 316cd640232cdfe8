import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The public entries export exactly these names: internals (the protocol parsers, the reducer,
// the sign helpers, the query client factory) stay importable from their source files only.
describe('the public entries', () => {
  it('one-tap-phone: the React API and its error', async () => {
    expect(Object.keys(await import('../../src/index')).sort()).toEqual(values(ENTRIES['src/index.ts']));
  });

  it('one-tap-phone/core: the store, its promise form, the transport, the errors and their defaults', async () => {
    expect(Object.keys(await import('../../src/core/index')).sort()).toEqual(
      values(ENTRIES['src/core/index.ts']),
    );
  });

  it("one-tap-phone/beacon: the page's events to the events route, and nothing else", async () => {
    expect(Object.keys(await import('../../src/beacon')).sort()).toEqual(values(ENTRIES['src/beacon.ts']));
  });

  it('one-tap-phone/server: the same names on WebCrypto and, under the node condition, on node:crypto', async () => {
    const server = values(ENTRIES['src/server/index.ts']);
    expect(Object.keys(await import('../../src/server/index')).sort()).toEqual(server);
    expect(Object.keys(await import('../../src/server/node')).sort()).toEqual(server);
  });

  it('one-tap-phone/mock: no Node server; one-tap-phone/mock/node adds it; one-tap-phone/mock/msw the handlers', async () => {
    expect(Object.keys(await import('../../src/mock/index')).sort()).toEqual(
      values(ENTRIES['src/mock/index.ts']),
    );
    expect(Object.keys(await import('../../src/mock/node')).sort()).toEqual(
      values(ENTRIES['src/mock/node.ts']),
    );
    expect(Object.keys(await import('../../src/mock/msw')).sort()).toEqual(
      values(ENTRIES['src/mock/msw.ts']),
    );
  });

  it('export these types, as the compiler sees each entry', () => {
    const files = Object.keys(ENTRIES) as (keyof typeof ENTRIES)[];
    const options = ts.getParsedCommandLineOfConfigFile(
      'tsconfig.json',
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
      },
    )?.options;
    const program = ts.createProgram(files, options ?? {});
    const checker = program.getTypeChecker();
    const exported = Object.fromEntries(
      files.map((file) => {
        const module = checker.getSymbolAtLocation(program.getSourceFile(file) as ts.SourceFile);
        const names = checker.getExportsOfModule(module as ts.Symbol).map((symbol) => {
          const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
          return target.flags & ts.SymbolFlags.Value ? symbol.name : `type ${symbol.name}`;
        });
        return [file, names.sort()];
      }),
    );
    expect(exported).toEqual(Object.fromEntries(files.map((file) => [file, [...ENTRIES[file]].sort()])));
  }, 60_000);
});

/** A runtime name, or `type Name` for a name that only a type checker sees. */
const ENTRIES = {
  'src/index.ts': [
    ...['OneTapError', 'OneTapLogin', 'OneTapPhoneProvider', 'isOneTapError', 'useOneTapPhone'],
    ...types(
      'Agreement Carrier GetSign Locale OneTapConfig OneTapErrorCode OneTapErrorDetails OneTapEvent OneTapLabels',
      'OneTapLoginProps OneTapOptions OneTapPhoneProviderProps OneTapResult OneTapState OneTapStatus OneTapSuccess',
      'SignContext SignReason Transport TransportRequest UseOneTapPhoneOptions UseOneTapPhoneResult',
    ),
  ],
  'src/core/index.ts': [
    ...['CARRIER_TERMS', 'DEFAULT_BASE_URL', 'DEFAULT_POLL_DELAYS', 'DEFAULT_TIMEOUTS', 'ONE_TAP_ERRORS'],
    ...['OneTapError', 'carrierOf', 'createOneTapStore', 'getPhoneNumber', 'isLookingUp', 'isOneTapError'],
    ...['jsonpTransport', 'systemClock'],
    ...types(
      'Agreement Carrier Clock EnvironmentInfo GetPhoneNumberOptions GetSign Locale OneTapErrorCode',
      'OneTapErrorDetails OneTapEvent OneTapListener OneTapOptions OneTapResult OneTapState OneTapStatus',
      'OneTapStore OneTapSuccess SignContext SignReason Transport TransportRequest',
    ),
  ],
  'src/beacon.ts': ['beaconEvents', ...types('BeaconEventsOptions OneTapEvent')],
  'src/server/index.ts': serverEntry(),
  'src/server/node.ts': serverEntry(),
  'src/mock/index.ts': mockEntry(),
  'src/mock/node.ts': [...mockEntry(), 'startMockYuefu', ...types('RunningMockYuefu StartMockOptions')],
  'src/mock/msw.ts': ['MOCK_ORIGIN', 'mockYuefuHandlers'],
} satisfies Record<string, readonly string[]>;

function serverEntry(): string[] {
  return [
    ...[
      'AesKeyError',
      'DEFAULT_TOKEN_KEY',
      'OneTapError',
      'OneTapServerError',
      'SERVER_ERRORS',
      'SignOpenError',
    ],
    ...['buildSign', 'confirmResult', 'createConfirmHandler', 'createEventsHandler', 'createSignHandler'],
    'createTokenClient',
    'isOneTapError',
    ...[
      'isOneTapServerError',
      'maskMatches',
      'memoryTokenStore',
      'openSign',
      'redisTokenStore',
      'requestToken',
    ],
    ...['signPlaintext', 'toNodeHandler'],
    ...types(
      'AccountConfirmHandlerOptions AccountLookup BuildSignInput Carrier Clock ConfirmAccount ConfirmHandler',
      'ConfirmHandlerOptions ConfirmOptions ConfirmedResult',
      'CorsOptions CorsSetting EventsHandler EventsHandlerOptions FetchHandler IORedisLike LimitKind RequestLimit',
      'MemoryTokenStoreOptions NodeHandler RedisClientLike RedisCommandAdapter RedisCommandsLike',
      'RedisTokenStoreOptions RequestBinding ServerErrorCode',
      'SignFailureFields SignHandler SignHandlerLogger SignHandlerOptions SignParams TokenClient',
      'TokenClientOptions TokenEntry TokenStore TransportLogger',
    ),
  ];
}

function mockEntry(): string[] {
  return [
    ...['DEMO_APP', 'FAULTS', 'SCENARIOS', 'createMockYuefu', 'isScenarioName'],
    ...types('FaultEndpoint FaultName MockApp MockRequestRecord MockYuefu MockYuefuOptions ScenarioName'),
  ];
}

function types(...lines: string[]): string[] {
  return lines.flatMap((line) => line.split(' ').map((name) => `type ${name}`));
}

/** The runtime names of an entry, sorted as Object.keys(...).sort() sorts them. */
function values(names: readonly string[]): string[] {
  return names.filter((name) => !name.startsWith('type ')).sort();
}
