import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
  /**
   * Workers for requests: threads are made as requests come, up to this many, and end after 30 s
   * idle. A stalled client holds one for at most READ_TIMEOUT_S (sun.net.httpserver.maxReqTime
   * closes its connection), so it takes this many stalled clients at once, every 10 s, to make
   * others wait; 8 fixed threads took 8.
   */
  private static final int MAX_WORKERS = 200;
  /** A request, head and body, not complete in this long: its connection is closed. */
  private static final String READ_TIMEOUT_S = "10";
  private final OneTap oneTap;
  private final Path staticDir;
  /**
   * Per client address and minute; the defaults are above what a login page needs and what
   * `one-tap-phone-mock check` sends in its bursts (about 100 signs, 52 reports, 45 confirms).
   */
  private final RateLimit signs = RateLimit.fromEnv("ONE_TAP_SIGNS_PER_MINUTE", 200);
  private final RateLimit reports = RateLimit.fromEnv("ONE_TAP_REPORTS_PER_MINUTE", 100);
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


  private void sign(HttpExchange exchange) throws IOException {
    try (exchange) {
      Requests.noBody(exchange);
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        Requests.refuse(exchange, new Refused(405, "METHOD_NOT_ALLOWED"));
        return;
      }
      Map<String, String> params = Requests.query(exchange.getRequestURI().getRawQuery());
      String appId = params.get("appId");
      Refused refused = appId == null || appId.isEmpty() ? new Refused(400, "MISSING_APP_ID")
          : !appId.equals(oneTap.appId()) ? new Refused(403, "UNKNOWN_APP_ID")
          : Requests.limited(exchange, "token-expired".equals(params.get("reason")) ? reports : signs);
      if (refused != null) {
        Requests.refuse(exchange, refused);
        return;
      }
      try {
        OneTap.Signed signed = oneTap.sign(params, Requests.binding(exchange));
        exchange.getResponseHeaders().add("Set-Cookie",
            Requests.BINDING_COOKIE + "=" + signed.binding() + "; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=300");
        Requests.send(exchange, 200, "{\"sign\":" + Json.quote(signed.sign()) + "}");
      } catch (Refused failed) {
        Requests.refuse(exchange, failed);
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        Requests.refuse(exchange, new Refused(503, "STOPPING"));
      }
    }
  }


  private void confirm(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        Requests.refuseUnread(exchange, new Refused(405, "METHOD_NOT_ALLOWED"));
        return;
      }
      Refused refused = Requests.crossSite(exchange) ? new Refused(403, "CROSS_SITE") : Requests.limited(exchange, confirms);
      if (refused == null) refused = Requests.beforeBody(exchange);
      if (refused != null) {
        Requests.refuseUnread(exchange, refused);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(Requests.MAX_BODY + 1); // a chunked body stops at the cap too
      }
      if (body.length > Requests.MAX_BODY) {
        Requests.refuseUnread(exchange, new Refused(413, "BODY_TOO_LARGE"));
        return;
      }
      try {
        Object sign = Json.parse(new String(body, StandardCharsets.UTF_8)) instanceof Map<?, ?> map ? map.get("sign") : null;
        // Where a real app finds the account for this number and starts its session.
        Map<String, String> result = oneTap.confirm(sign, Requests.binding(exchange));
        Requests.send(exchange, 200, "{\"phone\":" + Json.quote(result.get("phone")) + ",\"par\":" + Json.quote(result.get("par")) + "}");
      } catch (IllegalArgumentException notJson) {
        Requests.refuse(exchange, new Refused(400, "BAD_REQUEST"));
      } catch (Refused failed) {
        Requests.refuse(exchange, failed);
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        Requests.refuse(exchange, new Refused(503, "STOPPING"));
      }
    }
  }

  /** A file of the built page; nothing outside the static directory. */
  private void page(HttpExchange exchange) throws IOException {
    try (exchange) {
      Requests.noBody(exchange);
      Path file;
      try {
        String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        file = staticDir.resolve(path.replaceFirst("^/+", "")).normalize();
      } catch (IllegalArgumentException badPath) {
        Requests.refuse(exchange, new Refused(404, "NOT_FOUND")); // a bad %-escape, a NUL
        return;
      }
      if (Files.isDirectory(file)) file = file.resolve("index.html");
      if (!exchange.getRequestMethod().equals("GET") || !file.startsWith(staticDir) || !Files.isRegularFile(file)) {
        Requests.refuse(exchange, new Refused(404, "NOT_FOUND"));
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
