import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signs this server issued, until they are too old to confirm: each one's reqId, the
 * binding it was issued for, whether it was confirmed, and the provider queries it has cost.
 * Confirm refuses a sign whose reqId is not here (never issued, or forgotten as too old). In
 * memory for one process; several share these records in Redis (docs/backends.md).
 */
final class IssuedSigns {
  /**
   * Provider queries one sign may cost over all its confirms and reports: a confirm that finds
   * the carrier not resolved yet may be retried, and a sign that never resolves costs no more.
   */
  static final int MAX_QUERIES_PER_SIGN = 3;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final long keepMs;
  /** reqId → its record; insertion order is time order. */
  private final LinkedHashMap<String, Issued> entries = new LinkedHashMap<>();

  /** One issued sign. Its fields change only under the IssuedSigns' lock. */
  static final class Issued {
    final long at;
    private final String binding;
    private boolean confirmed;
    private int queries;

    private Issued(long at, String binding) {
      this.at = at;
      this.binding = binding;
    }

    /** Whether {@code brought} (the cookie a request came with, or null) is this sign's binding. */
    boolean boundTo(String brought) {
      return brought != null && MessageDigest.isEqual(
          binding.getBytes(StandardCharsets.UTF_8), brought.getBytes(StandardCharsets.UTF_8));
    }
  }

  IssuedSigns(long keepMs) {
    this.keepMs = keepMs;
  }

  /** A new reqId, 30 random digits (about 100 bits), for a sign bound to {@code binding}. */
  synchronized String issue(String binding) {
    StringBuilder reqId = new StringBuilder(30);
    for (int i = 0; i < 30; i++) reqId.append((char) ('0' + RANDOM.nextInt(10)));
    long now = System.currentTimeMillis();
    for (Iterator<Map.Entry<String, Issued>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().at >= now - keepMs) break;
      it.remove();
    }
    entries.put(reqId.toString(), new Issued(now, binding));
    return reqId.toString();
  }

  /** The record, or null for a reqId never issued (or forgotten as too old). */
  synchronized Issued get(String reqId) {
    return entries.get(reqId);
  }

  synchronized boolean confirmed(Issued entry) {
    return entry.confirmed;
  }

  /** Takes one of the sign's provider queries; false once all are spent, or once it is confirmed. */
  synchronized boolean takeQuery(Issued entry) {
    if (entry.confirmed || entry.queries >= MAX_QUERIES_PER_SIGN) return false;
    entry.queries++;
    return true;
  }

  /** Marks it confirmed; false if it already was (atomic: synchronized). */
  synchronized boolean claim(Issued entry) {
    if (entry.confirmed) return false;
    entry.confirmed = true;
    return true;
  }
}
