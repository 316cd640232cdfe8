import vector from './fixtures.json' with { type: 'json' };

/**
 * The protocol's sign test vector (docs/protocol.md): the app's AES key, the four signed
 * parameters, their plaintext as the provider serialises it, and the sign they encrypt to.
 * The JSON file is the one copy; the packed suites outside TypeScript read it as it is.
 */
export const SIGN_VECTOR: {
  readonly aesKey: string;
  readonly params: {
    readonly appId: string;
    readonly reqId: string;
    readonly timeStamp: string;
    readonly token: string;
  };
  readonly plaintext: string;
  readonly sign: string;
} = vector;
