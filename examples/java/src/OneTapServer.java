import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The partner's server in Java 17, on the JDK alone (com.sun.net.httpserver, javax.crypto,
 * java.net.http): the sign route, the confirm route, and the React page examples/express-vite
 * builds. Written from docs/backends.md.
 *
 * <pre>
 * javac -d out src/*.java
 * ONE_TAP_APP_ID=wozhitest ONE_TAP_AES_KEY=h1q9750o8141K864 \
 *   ONE_TAP_BASE_URL=http://127.0.0.1:4010/getphone java -cp out OneTapServer
 * </pre>
 */
public final class OneTapServer {
  private static final int MAX_BODY = 2048;
  /**
   * Workers for requests: threads are made as requests come, up to this many, and end after 30 s
   * idle. A stalled client holds one for at most READ_TIMEOUT_S (sun.net.httpserver.maxReqTime
   * closes its connection), so it takes this many stalled clients at once, every 10 s, to make
   * others wait; 8 fixed threads took 8.
   */
  private static final int MAX_WORKERS = 200;
  /** A request, head and body, not complete in this long: its connection is closed. */
  private static final String READ_TIMEOUT_S = "10";
  /** The binding cookie: HttpOnly (no script reads it), __Host- (only this origin, over https, sets it). */
  private static final String BINDING_COOKIE = "__Host-one-tap";
  private final OneTap oneTap;
  private final Path staticDir;
  /**
   * Per client address and minute; the defaults are above what a login page needs and what
   * `one-tap-phone-mock check` sends in its bursts (about 90 signs, 60 reports, 50 confirms).
   */
  private final RateLimit signs = RateLimit.fromEnv("ONE_TAP_SIGNS_PER_MINUTE", 120);
  private final RateLimit reports = RateLimit.fromEnv("ONE_TAP_REPORTS_PER_MINUTE", 60);
  private final RateLimit confirms = RateLimit.fromEnv("ONE_TAP_CONFIRMS_PER_MINUTE", 120);

  private OneTapServer(OneTap oneTap, Path staticDir) {
    this.oneTap = oneTap;
    this.staticDir = staticDir;
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      System.err.println(name + " is not set: the appId, AES key and base URL the provider issued"
          + " (npx one-tap-phone-mock prints a demo app)");
      System.exit(1);
    }
    return value;
  }

  public static void main(String[] args) throws IOException {
    // Read by com.sun.net.httpserver when it starts (a -D on the command line wins): close a
    // connection whose request is not complete in time, and never read past what a handler read
    // (the default drains up to 64 KB of a body the handler refused unread, at the client's pace).
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null)
      System.setProperty("sun.net.httpserver.maxReqTime", READ_TIMEOUT_S);
    if (System.getProperty("sun.net.httpserver.drainAmount") == null)
      System.setProperty("sun.net.httpserver.drainAmount", "0");
    OneTap oneTap = new OneTap(required("ONE_TAP_APP_ID"), required("ONE_TAP_AES_KEY"), required("ONE_TAP_BASE_URL"));
    String dir = System.getenv().getOrDefault("ONE_TAP_STATIC_DIR", "../express-vite/dist");
    OneTapServer routes = new OneTapServer(oneTap, Path.of(dir).toAbsolutePath().normalize());
    String host = System.getenv().getOrDefault("HOST", "localhost");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/api/one-tap/sign", routes::sign);
    server.createContext("/api/one-tap/confirm", routes::confirm);
    server.createContext("/", routes::page);
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(MAX_WORKERS, MAX_WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    workers.allowCoreThreadTimeOut(true);
    server.setExecutor(workers);
    server.start();
    System.out.println("listening on http://" + host + ":" + port);
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store"); // a sign is for one page load, one user
    exchange.sendResponseHeaders(status, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void refuse(HttpExchange exchange, Refused refused) throws IOException {
    if (refused.retryAfter > 0) exchange.getResponseHeaders().set("Retry-After", Long.toString(refused.retryAfter));
    send(exchange, refused.status, "{\"error\":{\"code\":" + Json.quote(refused.code) + "}}");
  }

  /**
   * Reaches the end of a request that has no body, so that the connection may serve the next
   * one: with drainAmount 0, the JDK closes a connection whose body was not read to its end.
   */
  private static void noBody(HttpExchange exchange) throws IOException {
    var headers = exchange.getRequestHeaders();
    String length = headers.getFirst("Content-Length");
    if (!headers.containsKey("Transfer-Encoding") && (length == null || length.strip().equals("0")))
      exchange.getRequestBody().read();
  }

  /** A refusal before the body is read: the connection closes after it, and says so. */
  private static void refuseUnread(HttpExchange exchange, Refused refused) throws IOException {
    exchange.getResponseHeaders().set("Connection", "close");
    refuse(exchange, refused);
  }

  /** A 429 when this client address is over {@code limit}, else null. */
  private static Refused limited(HttpExchange exchange, RateLimit limit) {
    long wait = limit.take(exchange.getRemoteAddress().getAddress().getHostAddress());
    return wait == 0 ? null : new Refused(429, "RATE_LIMITED").retryAfter(wait);
  }

  /** The binding cookie's value the request brought, or null. */
  private static String binding(HttpExchange exchange) {
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String pair : header.split(";")) {
        int at = pair.indexOf('=');
        if (at > 0 && pair.substring(0, at).strip().equals(BINDING_COOKIE) && at + 1 < pair.length())
          return pair.substring(at + 1).strip();
      }
    }
    return null;
  }

  private static Map<String, String> query(String raw) {
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

  private void sign(HttpExchange exchange) throws IOException {
    try (exchange) {
      noBody(exchange);
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        refuse(exchange, new Refused(405, "METHOD_NOT_ALLOWED"));
        return;
      }
      Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
      String appId = params.get("appId");
      Refused refused = appId == null || appId.isEmpty() ? new Refused(400, "MISSING_APP_ID")
          : !appId.equals(oneTap.appId()) ? new Refused(403, "UNKNOWN_APP_ID")
          : limited(exchange, "token-expired".equals(params.get("reason")) ? reports : signs);
      if (refused != null) {
        refuse(exchange, refused);
        return;
      }
      try {
        OneTap.Signed signed = oneTap.sign(params, binding(exchange));
        exchange.getResponseHeaders().add("Set-Cookie",
            BINDING_COOKIE + "=" + signed.binding() + "; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=300");
        send(exchange, 200, "{\"sign\":" + Json.quote(signed.sign()) + "}");
      } catch (Refused failed) {
        refuse(exchange, failed);
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        refuse(exchange, new Refused(503, "STOPPING"));
      }
    }
  }

  /** Login CSRF: a page on another site can post a form (text/plain, no CORS preflight). */
  private static boolean crossSite(HttpExchange exchange) {
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
  private static Refused beforeBody(HttpExchange exchange) {
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

  private void confirm(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        refuseUnread(exchange, new Refused(405, "METHOD_NOT_ALLOWED"));
        return;
      }
      Refused refused = crossSite(exchange) ? new Refused(403, "CROSS_SITE") : limited(exchange, confirms);
      if (refused == null) refused = beforeBody(exchange);
      if (refused != null) {
        refuseUnread(exchange, refused);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1); // a chunked body stops at the cap too
      }
      if (body.length > MAX_BODY) {
        refuseUnread(exchange, new Refused(413, "BODY_TOO_LARGE"));
        return;
      }
      try {
        Object sign = Json.parse(new String(body, StandardCharsets.UTF_8)) instanceof Map<?, ?> map ? map.get("sign") : null;
        // Where a real app finds the account for this number and starts its session.
        Map<String, String> result = oneTap.confirm(sign, binding(exchange));
        send(exchange, 200, "{\"phone\":" + Json.quote(result.get("phone")) + ",\"par\":" + Json.quote(result.get("par")) + "}");
      } catch (IllegalArgumentException notJson) {
        refuse(exchange, new Refused(400, "BAD_REQUEST"));
      } catch (Refused failed) {
        refuse(exchange, failed);
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        refuse(exchange, new Refused(503, "STOPPING"));
      }
    }
  }

  /** A file of the built page; nothing outside the static directory. */
  private void page(HttpExchange exchange) throws IOException {
    try (exchange) {
      noBody(exchange);
      String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
      Path file = staticDir.resolve(path.replaceFirst("^/+", "")).normalize();
      if (Files.isDirectory(file)) file = file.resolve("index.html");
      if (!exchange.getRequestMethod().equals("GET") || !file.startsWith(staticDir) || !Files.isRegularFile(file)) {
        refuse(exchange, new Refused(404, "NOT_FOUND"));
        return;
      }
      String name = file.getFileName().toString();
      String type = name.endsWith(".html") ? "text/html; charset=utf-8"
          : name.endsWith(".js") ? "text/javascript; charset=utf-8"
          : name.endsWith(".css") ? "text/css; charset=utf-8"
          : name.endsWith(".svg") ? "image/svg+xml"
          : "application/octet-stream";
      byte[] body = Files.readAllBytes(file);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, body.length);
      try (var out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
