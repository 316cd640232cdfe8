import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What both routes read of a request and how they answer: JSON, refusals, cookies, the body's head. */
final class Requests {
  static final int MAX_BODY = 2048;
  /** The binding cookie: HttpOnly (no script reads it), __Host- (only this origin, over https, sets it). */
  static final String BINDING_COOKIE = "__Host-one-tap";

  private Requests() {}

  static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store"); // a sign is for one page load, one user
    exchange.sendResponseHeaders(status, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static void refuse(HttpExchange exchange, Refused refused) throws IOException {
    if (refused.retryAfter > 0) exchange.getResponseHeaders().set("Retry-After", Long.toString(refused.retryAfter));
    send(exchange, refused.status, "{\"error\":{\"code\":" + Json.quote(refused.code) + "}}");
  }

  /**
   * For a route that reads no body: reaches the end of a request that has none, so that the
   * connection may serve the next one, and closes one that has a body after the answer (with
   * drainAmount 0 the JDK reads none of it), saying so to the client.
   */
  static void noBody(HttpExchange exchange) throws IOException {
    var headers = exchange.getRequestHeaders();
    String length = headers.getFirst("Content-Length");
    if (!headers.containsKey("Transfer-Encoding") && (length == null || length.strip().equals("0")))
      exchange.getRequestBody().read();
    else exchange.getResponseHeaders().set("Connection", "close");
  }

  /** A refusal before the body is read: the connection closes after it, and says so. */
  static void refuseUnread(HttpExchange exchange, Refused refused) throws IOException {
    exchange.getResponseHeaders().set("Connection", "close");
    refuse(exchange, refused);
  }

  /** A 429 when this client address is over {@code limit}, else null. */
  static Refused limited(HttpExchange exchange, RateLimit limit) {
    long wait = limit.take(exchange.getRemoteAddress().getAddress().getHostAddress());
    return wait == 0 ? null : new Refused(429, "RATE_LIMITED").retryAfter(wait);
  }

  /** The binding cookie's value the request brought, or null. */
  static String binding(HttpExchange exchange) {
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String pair : header.split(";")) {
        int at = pair.indexOf('=');
        if (at > 0 && pair.substring(0, at).strip().equals(BINDING_COOKIE) && at + 1 < pair.length())
          return pair.substring(at + 1).strip();
      }
    }
    return null;
  }

  static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null) return params;
    for (String pair : raw.split("&")) {
      int at = pair.indexOf('=');
      if (at <= 0) continue;
      try {
        String name = URLDecoder.decode(pair.substring(0, at), StandardCharsets.UTF_8);
        params.putIfAbsent(name, URLDecoder.decode(pair.substring(at + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException badEscape) {
        // A malformed %-escape: the parameter is left out.
      }
    }
    return params;
  }

  /** Login CSRF: a page on another site can post a form (text/plain, no CORS preflight). */
  static boolean crossSite(HttpExchange exchange) {
    String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if (site != null) return !site.equals("same-origin") && !site.equals("none");
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    return origin != null && !origin.equals("http://" + exchange.getRequestHeaders().getFirst("Host"));
  }

  /**
   * The refusal of a body before it is read: not JSON, or a Content-Length that is not ASCII
   * digits (the JDK reads "+12" as 12, and answers a bare 400 itself to what Long.parseLong
   * refuses), or over 2 KB, which is refused unread.
   */
  static Refused beforeBody(HttpExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.split(";")[0].strip().equalsIgnoreCase("application/json"))
      return new Refused(415, "UNSUPPORTED_MEDIA_TYPE");
    List<String> lengths = exchange.getRequestHeaders().getOrDefault("Content-Length", List.of());
    if (lengths.size() > 1 || (lengths.size() == 1 && !lengths.get(0).strip().matches("[0-9]+")))
      return new Refused(400, "BAD_REQUEST");
    if (lengths.size() == 1 && (lengths.get(0).strip().length() > 9 || Integer.parseInt(lengths.get(0).strip()) > MAX_BODY))
      return new Refused(413, "BODY_TOO_LARGE");
    return null;
  }
}
