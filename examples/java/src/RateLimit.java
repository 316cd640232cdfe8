import java.util.HashMap;
import java.util.Map;

/**
 * A per-IP limit on one route: a token bucket per client address that holds {@code perMinute}
 * requests and refills evenly over a minute, so a client may burst up to the limit and then
 * goes on at its pace. In memory for one process; several share a limiter in Redis
 * (docs/server.md, "A budget for your public routes").
 */
final class RateLimit {
  /** More client addresses than this, and the buckets that are full again are forgotten. */
  private static final int MAX_CLIENTS = 10_000;
  private final double capacity;
  private final double perNano;
  private final Map<String, Bucket> buckets = new HashMap<>();

  /** One client's requests left, when counted (System.nanoTime). */
  private static final class Bucket {
    double left;
    long at;

    Bucket(double left, long at) {
      this.left = left;
      this.at = at;
    }
  }

  RateLimit(int perMinute) {
    this.capacity = perMinute;
    this.perNano = perMinute / 60e9;
  }

  /** A limit from the environment: a whole number of requests per minute, over 0; else exits. */
  static RateLimit fromEnv(String name, int perMinute) {
    String raw = System.getenv().getOrDefault(name, Integer.toString(perMinute));
    if (!raw.matches("[0-9]{1,9}") || Integer.parseInt(raw) == 0) {
      System.err.println(name + " must be a whole number of requests per minute, over 0 (got \"" + raw + "\")");
      System.exit(1);
    }
    return new RateLimit(Integer.parseInt(raw));
  }

  /** 0 when the request may go on; else the whole seconds until it may (Retry-After). */
  synchronized long take(String client) {
    long now = System.nanoTime();
    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(capacity, now));
    double left = Math.min(capacity, bucket.left + (now - bucket.at) * perNano);
    bucket.at = now;
    if (left >= 1) {
      bucket.left = left - 1;
      if (buckets.size() > MAX_CLIENTS) {
        buckets.values().removeIf(b -> b.left + (now - b.at) * perNano >= capacity);
      }
      return 0;
    }
    bucket.left = left;
    return Math.max(1, (long) Math.ceil((1 - left) / perNano / 1e9));
  }
}
