/** A request a route refuses: an HTTP status and a fixed code, never internal detail. */
final class Refused extends Exception {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  Refused(int status, String code) {
    super(code, null, false, false);
    this.status = status;
    this.code = code;
  }
}
