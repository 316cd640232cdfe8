import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Yuefu's token and query endpoints, under the base URL (…/getphone). */
final class Provider {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final String appId;
  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  Provider(String appId, String baseUrl) {
    this.appId = appId;
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  /** The provider's answer, an envelope {resCode, success, message, object}. */
  record Envelope(String resCode, Object success, Object message, Object object) {}

  private static String encode(String value) {
    // Percent-encodes +, / and = too (a sign holds all three); a space would be +, but a sign has none.
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Parses an answer: JSON, or JSONP's callback(...) around it; resCode as a string. */
  static Envelope envelope(String body) {
    String text = body.strip();
    if (!text.startsWith("{")) {
      int open = text.indexOf('('), close = text.lastIndexOf(')');
      if (open < 0 || close < open) throw new IllegalArgumentException("not an envelope");
      text = text.substring(open + 1, close);
    }
    if (!(Json.parse(text) instanceof Map<?, ?> map)) throw new IllegalArgumentException("not an envelope");
    Object object = map.get("object");
    if (object instanceof String json) object = Json.parse(json); // the document types it as a JSON string
    return new Envelope(String.valueOf(map.get("resCode")), map.get("success"), map.get("message"), object);
  }

  private Envelope send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) throw new IOException("the provider answered HTTP " + response.statusCode());
    return envelope(response.body());
  }

  /**
   * POST {base}/token, form-encoded appId=…: the token is the message of resCode 0. A refusal
   * is answered as one-tap-phone/server answers it: resCode 1 and 2 need the partner (the IP
   * whitelist, the contract), 3 may pass, and an unreachable provider is 503.
   */
  String token() throws Refused, InterruptedException {
    Envelope answer;
    try {
      answer = send(HttpRequest.newBuilder(URI.create(baseUrl + "/token"))
          .timeout(TIMEOUT)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("appId=" + encode(appId)))
          .build());
    } catch (IOException unreachable) {
      throw new Refused(503, "PROVIDER_UNAVAILABLE");
    } catch (IllegalArgumentException notAnEnvelope) {
      throw new Refused(502, "BAD_RESPONSE");
    }
    if (answer.resCode().equals("0") && answer.message() instanceof String token && token.matches("[\\w-]{8,128}"))
      return token;
    switch (answer.resCode()) {
      case "1": throw new Refused(502, "IP_NOT_WHITELISTED");
      case "2": throw new Refused(502, "FEATURE_NOT_ENABLED");
      case "3": throw new Refused(503, "TOKEN_FAILED");
      default: throw new Refused(502, "BAD_RESPONSE");
    }
  }

  /** GET {base}/query?appId=…&sign=…: resCode 0 with the result, 2 token invalid, 3 not yet. */
  Envelope query(String sign) throws IOException, InterruptedException {
    URI uri = URI.create(baseUrl + "/query?appId=" + encode(appId) + "&sign=" + encode(sign));
    return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build());
  }
}
