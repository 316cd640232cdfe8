import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS } from '../../src/core/schedule';
import { SIGN_STALE_MS } from '../../src/react/signQuery';
import { DEFAULT_MAX_AGE_MS } from '../../src/server/confirmResult';

// Three layers set a sign's life: the page's sign cache, the store (the lookup's deadline and
// how long a number may wait for the user) and the partner's confirmResult. With every default
// the oldest sign a user can log in with must still be one the server accepts, or a user who
// waits on the page would be refused with SIGN_EXPIRED after agreeing.
describe('a sign’s life across the page and the server', () => {
  it('is longest at confirm (cached, then the lookup, then the number waiting) and still inside maxAgeMs', () => {
    const oldestAtConfirm = SIGN_STALE_MS + DEFAULT_TIMEOUTS.deadlineMs + DEFAULT_TIMEOUTS.readyTtlMs;
    expect(oldestAtConfirm).toBe(100_000);
    expect(oldestAtConfirm).toBeLessThan(DEFAULT_MAX_AGE_MS - 10_000); // room for the round trips
  });
});
