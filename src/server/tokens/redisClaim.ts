// A key taken by one owner (a confirm's claim, the token lock) that a lost reply cannot strand.
// A take whose caller saw it fail (timed out, or its connection dropped after the command was
// sent) may still run in Redis, late or twice: node-redis's socket buffer reaches a stalled
// server after it continues, ioredis re-sends the command after reconnecting. Each script
// touches one key, so a cluster routes it as any other command.
import type { RedisTokenCommands } from './redisClients.js';

// Owner ids are hex (ownerId), so a value starting with `~` is an undo's mark: `~id1~id2`,
// the owners whose take was undone. Anyone else may take a marked key; the owners it names may
// not, so their take that Redis runs after the undo takes nothing.
const TAKE = `local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then return 1 end
if v and (string.sub(v, 1, 1) ~= '~' or string.find(v, '~' .. ARGV[1], 1, true)) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
// Marks the key as undone for this owner unless another owner holds it (then it is theirs).
const UNDO = `local v = redis.call('GET', KEYS[1])
if v and v ~= ARGV[1] and string.sub(v, 1, 1) ~= '~' then return 0 end
local mark = '~' .. ARGV[1]
if v and v ~= ARGV[1] then mark = v .. mark end
local ttl = math.max(tonumber(ARGV[2]), redis.call('PTTL', KEYS[1]))
redis.call('SET', KEYS[1], mark, 'PX', ttl)
return 1`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

function ownerId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

export interface OwnedKey {
  /** Takes the key for its owner: true if it holds it, also when Redis runs the take twice. */
  take(): Promise<boolean>;
  /** Frees a key the owner holds (a lock's release after its fetch): owner-checked. */
  release(): Promise<unknown>;
  /**
   * For a take whose caller saw it fail: whether Redis ran it, runs it later, or never does,
   * the owner ends up not holding the key. Retried while Redis is unreachable; never throws.
   */
  undo(): void;
}

/** One owner's hold on `key` (prefixed) for `ttlMs`. */
export function ownedKey(
  client: RedisTokenCommands,
  key: string,
  ttlMs: number,
  retryMs: number,
  setTimer: (run: () => void, ms: number) => unknown,
): OwnedKey {
  const id = ownerId();
  const ttl = String(Math.max(1, Math.round(ttlMs)));
  let undone = false;
  const undo = (attempt: number) =>
    void client.eval(UNDO, key, [id, ttl]).catch(() => {
      if (attempt < 3) setTimer(() => undo(attempt + 1), retryMs);
    });
  return {
    take: async () => Number(await client.eval(TAKE, key, [id, ttl])) === 1,
    release: () => client.eval(RELEASE, key, [id]),
    undo: () => {
      if (undone) return;
      undone = true;
      undo(1);
    },
  };
}
