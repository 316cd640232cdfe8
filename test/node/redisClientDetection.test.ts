import { describe, expect, it } from 'vitest';
import { redisTokenStore } from '../../src/server/tokens/redisTokenStore';

// How redisTokenStore tells a client apart, and what it sends a client of no library it knows:
// no Redis here (test/node/redisClients.test.ts runs every kind against real servers).

/** A RedisCommandAdapter that records what it is sent and answers as Redis would. */
function recordingAdapter() {
  const sent: { command: string[]; key: string }[] = [];
  const values = new Map<string, string>();
  return {
    sent,
    adapter: {
      async sendCommand(command: string[], key: string): Promise<unknown> {
        sent.push({ command, key });
        const [name, , value] = command;
        if (name === 'GET') return values.get(key) ?? null;
        if (name === 'PTTL') return 60_000;
        if (name === 'SET') {
          if (command.includes('NX') && values.has(key)) return null;
          values.set(key, value as string);
          return 'OK';
        }
        // The owner's take (redisClaim.ts: EVAL script 1 key owner ttl), as Redis runs it here.
        if (name === 'EVAL' && command.length === 6) {
          const owner = command[4] as string;
          if (values.has(key)) return values.get(key) === owner ? 1 : 0;
          values.set(key, owner);
          return 1;
        }
        if (name === 'EVAL') return 0;
        throw new Error(`ERR unknown command '${name}'`);
      },
    },
  };
}

describe('redisTokenStore with a client of its own kind', () => {
  it('throws a TypeError naming the cause for a missing client', () => {
    // @ts-expect-error: the mistake under test
    expect(() => redisTokenStore({})).toThrow(/redisTokenStore: client is undefined/);
  });

  it('throws a TypeError for a client not yet awaited', () => {
    const pending = Promise.resolve({});
    // @ts-expect-error: the mistake under test
    expect(() => redisTokenStore({ client: pending })).toThrow(/client is a Promise; await/);
  });

  it('throws a TypeError for an object that is no client it knows', () => {
    // @ts-expect-error: the mistake under test
    expect(() => redisTokenStore({ client: { get() {} } })).toThrow(/none of pTTL, pttl or sendCommand/);
  });

  it('sends the adapter every command on one key, named for a cluster to route by', async () => {
    const { adapter, sent } = recordingAdapter();
    const store = redisTokenStore({ client: adapter, prefix: '{app}:' });
    await store.set('token', { token: 'T1', fetchedAt: 0, expiresAt: 60_000 });
    await store.get('token');
    await store.delete('token', 'T1');
    expect(await store.claim('sign', 1000)).toBe(true);
    expect(await store.claim('sign', 1000)).toBe(false);
    const release = await store.lock?.('lock', 1000);
    await release?.();
    expect(sent.map(({ command }) => command[0])).toEqual([
      'SET',
      'GET',
      'EVAL',
      'EVAL',
      'EVAL',
      'EVAL',
      'EVAL',
    ]);
    for (const { command, key } of sent) {
      // EVAL script numkeys key…: one key, the one named; every other command's key comes first.
      if (command[0] === 'EVAL') expect(command.slice(2, 4)).toEqual(['1', key]);
      else expect(command[1]).toBe(key);
      expect(key.startsWith('{app}:')).toBe(true);
    }
    expect(sent[0]?.command).toEqual([
      'SET',
      '{app}:token',
      JSON.stringify({ token: 'T1', fetchedAt: 0, expiresAt: 60_000 }),
      'PX',
      '60000',
    ]);
    // The claim names its owner: a re-sent claim finds its own, an undo leaves others' alone.
    expect(sent[3]?.command).toEqual([
      'EVAL',
      expect.stringContaining("'PX', ARGV[2]"),
      '1',
      '{app}:sign',
      expect.stringMatching(/^[0-9a-f]{24}$/),
      '1000',
    ]);
  });

  it('reads a plain token through the adapter with its PTTL', async () => {
    const { adapter } = recordingAdapter();
    await adapter.sendCommand(['SET', 'plain', 'ABCDEF', 'PX', '60000'], 'plain');
    const read = await redisTokenStore({ client: adapter }).get('plain');
    expect(read?.token).toBe('ABCDEF');
    expect((read?.expiresAt ?? 0) - (read?.fetchedAt ?? 0)).toBe(60_000);
  });
});
