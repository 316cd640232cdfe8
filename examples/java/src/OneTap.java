import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two routes' logic for one app, as docs/backends.md describes it: sign and confirm. */
final class OneTap {
  /** A sign older than this is refused by confirm. */
  static final long MAX_AGE_MS = 120_000;
  /** Another server's clock may run this far ahead of ours. */
  static final long CLOCK_SKEW_MS = 60_000;
  /** A client reports a sign it used moments ago; an older one is no news. */
  private static final long MAX_REPORTED_AGE_MS = 60_000;
  private static final int MAX_SIGN_LENGTH = 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String appId;
  private final SignCodec codec;
  private final Provider provider;
  private final TokenCache tokens;
  private final IssuedSigns issued = new IssuedSigns(MAX_AGE_MS + CLOCK_SKEW_MS);

  /** A new sign, and the fresh binding (the cookie's value) it is bound to. */
  record Signed(String sign, String binding) {}

  OneTap(String appId, String aesKey, String baseUrl) {
    this.appId = appId;
    this.codec = new SignCodec(aesKey);
    this.provider = new Provider(appId, baseUrl);
    this.tokens = new TokenCache(provider);
  }

  String appId() {
    return appId;
  }

  /**
   * GET …/sign?appId=…[&reason=token-expired&sign=…]: a new sign on the cached token.
   * {@code brought}: the binding cookie the request came with, or null.
   */
  Signed sign(Map<String, String> params, String brought) throws Refused, InterruptedException {
    if ("token-expired".equals(params.get("reason")) && params.get("sign") != null) expiryReport(params.get("sign"), brought);
    String token = tokens.get();
    // A fresh id for every sign, never one the request brought: a script on the page can plant
    // a cookie, and a sign bound to an id it chose would confirm from its own client.
    byte[] id = new byte[24];
    RANDOM.nextBytes(id);
    String binding = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("appId", appId);
    fields.put("reqId", issued.issue(binding));
    fields.put("timeStamp", Long.toString(System.currentTimeMillis()));
    fields.put("token", token);
    return new Signed(codec.seal(fields), binding);
  }

  /**
   * Anyone can send a report: drop the token only for a sign we issued on it that the provider
   * refuses, asked within the sign's query budget and the token's 5 s cooldown.
   */
  private void expiryReport(String sign, String brought) throws Refused, InterruptedException {
    Map<String, String> fields = sign.length() <= MAX_SIGN_LENGTH ? codec.open(sign) : null;
    if (fields == null || !appId.equals(fields.get("appId"))) return;
    IssuedSigns.Issued entry = issued.get(fields.get("reqId"));
    if (entry == null) return; // not a sign of ours: ignored, a new sign as always
    // The page script the binding is for holds the sign, not its cookie: it must not spend the
    // sign's queries, nor make us doubt the token.
    if (!entry.boundTo(brought)) throw new Refused(403, "SIGN_BOUND_ELSEWHERE");
    if (issued.confirmed(entry) || System.currentTimeMillis() - entry.at > MAX_REPORTED_AGE_MS) return;
    String token = fields.get("token");
    if (!tokens.beginCheck(token)) return; // already replaced, being checked, or checked under 5 s ago
    boolean asked = false;
    boolean refused = false;
    try {
      if (issued.takeQuery(entry)) {
        asked = true;
        refused = provider.query(sign).resCode().equals("2");
      }
    } catch (IOException | IllegalArgumentException doubt) {
      // In doubt, keep the token.
    } finally {
      tokens.endCheck(token, asked, refused);
    }
  }

  /**
   * The provider's result for a sign this server issued for {@code brought}, under 2 minutes
   * old, confirmed once, at most 3 provider queries over all its confirms and reports.
   */
  Map<String, String> confirm(Object sign, String brought) throws Refused, InterruptedException {
    if (!(sign instanceof String text) || text.isEmpty() || text.length() > MAX_SIGN_LENGTH) throw new Refused(400, "BAD_REQUEST");
    Map<String, String> fields = codec.open(text);
    if (fields == null || !appId.equals(fields.get("appId"))) throw new Refused(401, "SIGN_INVALID");
    IssuedSigns.Issued entry = issued.get(fields.get("reqId"));
    if (entry == null) throw new Refused(401, "SIGN_NOT_ISSUED");
    if (!entry.boundTo(brought)) throw new Refused(401, "SIGN_BOUND_ELSEWHERE"); // read off the page by another client
    String timeStamp = fields.get("timeStamp");
    long issuedAt = timeStamp.matches("[0-9]{1,16}") ? Long.parseLong(timeStamp) : 0;
    long now = System.currentTimeMillis();
    if (!(now - issuedAt <= MAX_AGE_MS && issuedAt - now <= CLOCK_SKEW_MS)) throw new Refused(401, "SIGN_EXPIRED");
    // Before asking the provider: a replay, and a sign whose queries are spent, cost nothing.
    if (issued.confirmed(entry)) throw new Refused(401, "SIGN_USED");
    if (!issued.takeQuery(entry)) throw new Refused(401, issued.confirmed(entry) ? "SIGN_USED" : "RESULT_UNAVAILABLE");
    Provider.Envelope answer;
    try {
      answer = provider.query(text);
    } catch (HttpTimeoutException late) {
      throw new Refused(502, "TIMEOUT");
    } catch (IOException unreachable) {
      throw new Refused(502, "NETWORK");
    } catch (IllegalArgumentException notAnEnvelope) {
      throw new Refused(502, "BAD_RESPONSE");
    }
    if (!answer.resCode().equals("0")) {
      throw new Refused(401, switch (answer.resCode()) {
        case "1" -> "MISSING_PARAMS";
        case "2" -> "TOKEN_EXPIRED";
        default -> "RESULT_UNAVAILABLE";
      });
    }
    if (!Boolean.TRUE.equals(answer.success())
        || !(answer.object() instanceof Map<?, ?> result)
        || !(result.get("phone") instanceof String phone && phone.matches("[0-9]{3}\\*{4}[0-9]{4}"))
        || !(result.get("par") instanceof String par && par.matches("[A-Za-z0-9_-]{1,64}")))
      throw new Refused(401, "RESULT_MALFORMED");
    if (!issued.claim(entry)) throw new Refused(401, "SIGN_USED"); // confirmed meanwhile
    return Map.of("phone", phone, "par", par);
  }
}
