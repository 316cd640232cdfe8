import { describe, expect, it } from 'vitest';
import { ownedKey } from '../../src/server/tokens/redisClaim';
import { redisCommandsOf } from '../../src/server/tokens/redisClients';
import { connectKind } from '../support/redisClientKinds';
import { redisForFile } from '../support/redisServer';

// The owner's take and its undo on a real redis-server, in either order: a take Redis runs
// after its undo (a stalled server's buffer, a client's re-send) must take nothing.
const { server: redis } = redisForFile();
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('ownedKey', () => {
  it('is idempotent for its owner, exclusive to others, and undone whichever runs first', async () => {
    const { client, raw, close } = await connectKind('ioredis', [
      { host: '127.0.0.1', port: Number(new URL(redis().url).port) },
    ]);
    const commands = redisCommandsOf(client, 'test');
    const owned = (key: string) => ownedKey(commands, key, 60_000, 100, setTimeout);
    try {
      const a = owned('k1');
      expect(await a.take()).toBe(true);
      expect(await a.take()).toBe(true); // the re-send of a take that already ran
      expect(await owned('k1').take()).toBe(false);
      a.undo();
      await settle();
      expect(await owned('k1').take()).toBe(true); // free to anyone else once undone

      const late = owned('k2');
      late.undo(); // the undo runs before the take it undoes
      await settle();
      expect(await late.take()).toBe(false);
      expect(String(await raw(['GET', 'k2'], 'k2'))).toMatch(/^~/);
      expect(await owned('k2').take()).toBe(true);
    } finally {
      await close();
    }
  });
});
