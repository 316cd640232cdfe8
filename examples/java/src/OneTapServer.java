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
import java.util.concurrent.Executors;

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
  private final OneTap oneTap;
  private final Path staticDir;

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
    OneTap oneTap = new OneTap(required("ONE_TAP_APP_ID"), required("ONE_TAP_AES_KEY"), required("ONE_TAP_BASE_URL"));
    String dir = System.getenv().getOrDefault("ONE_TAP_STATIC_DIR", "../express-vite/dist");
    OneTapServer routes = new OneTapServer(oneTap, Path.of(dir).toAbsolutePath().normalize());
    String host = System.getenv().getOrDefault("HOST", "localhost");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/api/one-tap/sign", routes::sign);
    server.createContext("/api/one-tap/confirm", routes::confirm);
    server.createContext("/", routes::page);
    // Several threads: a sign request waiting on the provider's token must not hold the others.
    server.setExecutor(Executors.newFixedThreadPool(8));
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
    send(exchange, refused.status, "{\"error\":{\"code\":" + Json.quote(refused.code) + "}}");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null) return params;
    for (String pair : raw.split("&")) {
      int at = pair.indexOf('=');
      if (at <= 0) continue;
      String name = URLDecoder.decode(pair.substring(0, at), StandardCharsets.UTF_8);
      params.putIfAbsent(name, URLDecoder.decode(pair.substring(at + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private void sign(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        refuse(exchange, new Refused(405, "METHOD_NOT_ALLOWED"));
        return;
      }
      try {
        String sign = oneTap.sign(query(exchange.getRequestURI().getRawQuery()));
        send(exchange, 200, "{\"sign\":" + Json.quote(sign) + "}");
      } catch (Refused refused) {
        refuse(exchange, refused);
      } catch (IOException | RuntimeException | InterruptedException failed) {
        System.err.println("sign failed: " + failed.getClass().getSimpleName()); // never the key, a token or a sign
        exchange.getResponseHeaders().set("Retry-After", "5");
        refuse(exchange, new Refused(502, "PROVIDER_UNAVAILABLE"));
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

  private void confirm(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        refuse(exchange, new Refused(405, "METHOD_NOT_ALLOWED"));
        return;
      }
      if (crossSite(exchange)) {
        refuse(exchange, new Refused(403, "CROSS_SITE"));
        return;
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.split(";")[0].strip().equalsIgnoreCase("application/json")) {
        refuse(exchange, new Refused(415, "UNSUPPORTED_MEDIA_TYPE"));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        refuse(exchange, new Refused(413, "TOO_LARGE"));
        return;
      }
      try {
        Object sign = Json.parse(new String(body, StandardCharsets.UTF_8)) instanceof Map<?, ?> map ? map.get("sign") : null;
        // Where a real app finds the account for this number and starts its session.
        Map<String, String> result = oneTap.confirm(sign);
        send(exchange, 200, "{\"phone\":" + Json.quote(result.get("phone")) + ",\"par\":" + Json.quote(result.get("par")) + "}");
      } catch (IllegalArgumentException notJson) {
        refuse(exchange, new Refused(400, "BAD_REQUEST"));
      } catch (Refused refused) {
        refuse(exchange, refused);
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        refuse(exchange, new Refused(503, "STOPPING"));
      }
    }
  }

  /** A file of the built page; nothing outside the static directory. */
  private void page(HttpExchange exchange) throws IOException {
    try (exchange) {
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
