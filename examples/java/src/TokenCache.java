import java.io.IOException;

/** One token at a time, fetched by one thread while the others wait, dropped when proven dead. */
final class TokenCache {
  /** A token lives 30 minutes at the provider; it is not used in its last minute. */
  private static final long TTL_NANOS = 29L * 60 * 1_000_000_000;
  private final Provider provider;
  private String value;
  private long expiresAt;

  TokenCache(Provider provider) {
    this.provider = provider;
  }

  synchronized String get() throws IOException, InterruptedException {
    if (value == null || System.nanoTime() - expiresAt >= 0) {
      value = provider.token();
      expiresAt = System.nanoTime() + TTL_NANOS;
    }
    return value;
  }

  synchronized String cached() {
    return value;
  }

  /** Compare-and-delete: a token fetched meanwhile by another request stays. */
  synchronized void drop(String token) {
    if (token.equals(value)) value = null;
  }
}
