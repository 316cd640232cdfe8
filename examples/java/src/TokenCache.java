import java.io.IOException;

/**
 * The provider's token: fetched by one thread while the others wait, cached 29 minutes, a
 * refusal remembered 2 seconds, and the token-expired reports' checks of it, one per token
 * every 5 seconds at most. In memory for one process; several share it in Redis.
 */
final class TokenCache {
  /** A token lives 30 minutes at the provider; it is not used in its last minute. */
  private static final long TTL_NANOS = 29L * 60 * 1_000_000_000;
  /**
   * While the provider refuses tokens (IP not whitelisted, app disabled), every caller in this
   * window gets the same refusal at once: anonymous clients must not drive the provider's token
   * endpoint at their own rate, which is how a partner's IP gets blocked by the provider.
   */
  static final int FAILURE_MEMORY_S = 2;
  /** Token-expired reports may ask the provider about the cached token at most this often. */
  private static final long REPORT_COOLDOWN_NANOS = 5_000_000_000L;
  private final Provider provider;
  private String value;
  private long expiresAt;
  private Refused failure;
  private long failureUntil;
  private boolean checking;
  private Long checkedAt;

  TokenCache(Provider provider) {
    this.provider = provider;
  }

  /** The cached token, or one fetched now; a Refused (with Retry-After) when there is none. */
  synchronized String get() throws Refused, InterruptedException {
    long now = System.nanoTime();
    if (value != null && now - expiresAt < 0) return value;
    if (failure != null && now - failureUntil < 0) {
      throw failure.retryAfter(Math.max(1, Math.round((failureUntil - now) / 1e9)));
    }
    value = null;
    try {
      value = provider.token();
    } catch (Refused refused) {
      failure = refused;
      failureUntil = System.nanoTime() + FAILURE_MEMORY_S * 1_000_000_000L;
      throw refused.retryAfter(FAILURE_MEMORY_S);
    }
    failure = null;
    expiresAt = System.nanoTime() + TTL_NANOS;
    checkedAt = null;
    return value;
  }

  /**
   * Whether a report may ask the provider about {@code token} now: it is the cached one, no
   * other check of it runs, and none was made in the last 5 s. True must be followed by endCheck.
   */
  synchronized boolean beginCheck(String token) {
    if (!token.equals(value) || checking) return false;
    if (checkedAt != null && System.nanoTime() - checkedAt < REPORT_COOLDOWN_NANOS) return false;
    checking = true;
    return true;
  }

  /** {@code asked}: the provider was queried (starts the cooldown); {@code refused}: it answered resCode 2. */
  synchronized void endCheck(String token, boolean asked, boolean refused) {
    checking = false;
    if (!token.equals(value)) return; // compare-and-delete: a token fetched meanwhile stays
    if (asked) checkedAt = System.nanoTime();
    if (refused) value = null;
  }
}
