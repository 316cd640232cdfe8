/** A request a route refuses: an HTTP status and a fixed code, never internal detail. */
final class Refused extends Exception {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  /** Seconds for a Retry-After header, or 0 for none. */
  final long retryAfter;

  Refused(int status, String code) {
    this(status, code, 0);
  }

  private Refused(int status, String code, long retryAfter) {
    super(code, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** The same refusal, with a Retry-After of {@code seconds}. */
  Refused retryAfter(long seconds) {
    return new Refused(status, code, seconds);
  }
}
