import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reqIds this server signed, until they are too old to confirm, and which were confirmed:
 * confirm refuses a sign whose reqId is not here (never issued, or forgotten as too old) and
 * one already confirmed. In memory for one process; several share it in Redis (docs/backends.md).
 */
final class IssuedSigns {
  enum State { UNKNOWN, ISSUED, CONFIRMED }

  private static final SecureRandom RANDOM = new SecureRandom();
  private final long keepMs;
  /** reqId → [issued at (ms), confirmed (0/1)]; insertion order is time order. */
  private final LinkedHashMap<String, long[]> entries = new LinkedHashMap<>();

  IssuedSigns(long keepMs) {
    this.keepMs = keepMs;
  }

  /** A new reqId, 30 random digits (about 100 bits), remembered from now. */
  synchronized String issue() {
    StringBuilder reqId = new StringBuilder(30);
    for (int i = 0; i < 30; i++) reqId.append((char) ('0' + RANDOM.nextInt(10)));
    long now = System.currentTimeMillis();
    for (Iterator<Map.Entry<String, long[]>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue()[0] >= now - keepMs) break;
      it.remove();
    }
    entries.put(reqId.toString(), new long[] {now, 0});
    return reqId.toString();
  }

  synchronized State state(String reqId) {
    long[] entry = entries.get(reqId);
    return entry == null ? State.UNKNOWN : entry[1] == 1 ? State.CONFIRMED : State.ISSUED;
  }

  /** Marks it confirmed; false if it already was, or is unknown (atomic: synchronized). */
  synchronized boolean claim(String reqId) {
    long[] entry = entries.get(reqId);
    if (entry == null || entry[1] == 1) return false;
    entry[1] = 1;
    return true;
  }
}
