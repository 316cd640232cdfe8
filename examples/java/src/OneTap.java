import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two routes' logic for one app, as docs/backends.md describes it: sign and confirm. */
final class OneTap {
  /** A sign older than this is refused by confirm. */
  static final long MAX_AGE_MS = 120_000;
  /** Another server's clock may run this far ahead of ours. */
  static final long CLOCK_SKEW_MS = 60_000;

  private final String appId;
  private final SignCodec codec;
  private final Provider provider;
  private final TokenCache tokens;
  private final IssuedSigns issued = new IssuedSigns(MAX_AGE_MS + CLOCK_SKEW_MS);

  OneTap(String appId, String aesKey, String baseUrl) {
    this.appId = appId;
    this.codec = new SignCodec(aesKey);
    this.provider = new Provider(appId, baseUrl);
    this.tokens = new TokenCache(provider);
  }

  /** GET …/sign?appId=…[&reason=token-expired&sign=…]: a new sign on the cached token. */
  String sign(Map<String, String> params) throws Refused, IOException, InterruptedException {
    if (!appId.equals(params.get("appId"))) throw new Refused(403, "UNKNOWN_APP_ID");
    if ("token-expired".equals(params.get("reason")) && params.get("sign") != null) expiryReport(params.get("sign"));
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("appId", appId);
    fields.put("reqId", issued.issue());
    fields.put("timeStamp", Long.toString(System.currentTimeMillis()));
    fields.put("token", tokens.get());
    return codec.seal(fields);
  }

  /** Anyone can send a report: drop the token only for a sign we issued on it that the provider refuses. */
  private void expiryReport(String sign) throws InterruptedException {
    Map<String, String> fields = codec.open(sign);
    if (fields == null || !appId.equals(fields.get("appId"))) return;
    if (issued.state(fields.get("reqId")) == IssuedSigns.State.UNKNOWN) return;
    if (!fields.get("token").equals(tokens.cached())) return; // already replaced
    try {
      if (provider.query(sign).resCode().equals("2")) tokens.drop(fields.get("token"));
    } catch (IOException | IllegalArgumentException doubt) {
      // In doubt, keep the token.
    }
  }

  /** The provider's result for a sign this server issued, under 2 minutes old, confirmed once. */
  Map<String, String> confirm(Object sign) throws Refused, InterruptedException {
    if (!(sign instanceof String text) || text.isEmpty() || text.length() > 1024) throw new Refused(400, "BAD_REQUEST");
    Map<String, String> fields = codec.open(text);
    if (fields == null || !appId.equals(fields.get("appId"))) throw new Refused(401, "SIGN_INVALID");
    IssuedSigns.State state = issued.state(fields.get("reqId"));
    if (state == IssuedSigns.State.UNKNOWN) throw new Refused(401, "SIGN_NOT_ISSUED");
    String timeStamp = fields.get("timeStamp");
    long issuedAt = timeStamp.matches("[0-9]{1,16}") ? Long.parseLong(timeStamp) : 0;
    long now = System.currentTimeMillis();
    if (!(now - issuedAt <= MAX_AGE_MS && issuedAt - now <= CLOCK_SKEW_MS)) throw new Refused(401, "SIGN_EXPIRED");
    // Before asking the provider: a replay costs nothing.
    if (state == IssuedSigns.State.CONFIRMED) throw new Refused(401, "SIGN_USED");
    Provider.Envelope answer;
    try {
      answer = provider.query(text);
    } catch (IOException | IllegalArgumentException unreachable) {
      throw new Refused(502, "PROVIDER_UNAVAILABLE");
    }
    if (!answer.resCode().equals("0") || !Boolean.TRUE.equals(answer.success()))
      throw new Refused(401, answer.resCode().equals("2") ? "TOKEN_EXPIRED" : "RESULT_UNAVAILABLE");
    if (!(answer.object() instanceof Map<?, ?> result)
        || !(result.get("phone") instanceof String phone && phone.matches("[0-9]{3}\\*{4}[0-9]{4}"))
        || !(result.get("par") instanceof String par && par.matches("[A-Za-z0-9_-]{1,64}")))
      throw new Refused(502, "RESULT_MALFORMED");
    if (!issued.claim(fields.get("reqId"))) throw new Refused(401, "SIGN_USED"); // confirmed meanwhile
    return Map.of("phone", phone, "par", par);
  }
}
