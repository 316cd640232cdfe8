import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sign: the JSON {"appId","reqId","timeStamp","token"} with keys in ASCII order, no spaces,
 * AES-128-ECB with PKCS#7 padding (Java calls it PKCS5Padding) under the 16 UTF-8 bytes of the
 * app's key, then standard Base64 with = padding.
 */
final class SignCodec {
  static final List<String> FIELDS = List.of("appId", "reqId", "timeStamp", "token");
  private final SecretKeySpec key;

  SignCodec(String aesKey) {
    byte[] bytes = aesKey.getBytes(StandardCharsets.UTF_8);
    if (bytes.length != 16) throw new IllegalArgumentException("ONE_TAP_AES_KEY must be 16 bytes in UTF-8");
    key = new SecretKeySpec(bytes, "AES");
  }

  /** Compact JSON of the four fields, in ASCII order, with Gson's escapes. */
  static String plaintext(Map<String, String> fields) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
      if (out.length() > 1) out.append(',');
      out.append(Json.quote(field.getKey())).append(':').append(Json.quote(field.getValue()));
    }
    return out.append('}').toString();
  }

  String seal(Map<String, String> fields) {
    try {
      Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
      cipher.init(Cipher.ENCRYPT_MODE, key);
      byte[] sealed = cipher.doFinal(plaintext(fields).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sealed);
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible); // AES/ECB/PKCS5Padding is in every JDK
    }
  }

  /** The four fields, or null when the sign is not one this key sealed, byte for byte. */
  Map<String, String> open(String sign) {
    try {
      Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
      cipher.init(Cipher.DECRYPT_MODE, key);
      byte[] plain = cipher.doFinal(Base64.getDecoder().decode(sign));
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plain))
          .toString();
      if (!(Json.parse(text) instanceof Map<?, ?> map)) return null;
      if (!map.keySet().equals(Set.copyOf(FIELDS))) return null;
      Map<String, String> fields = new TreeMap<>();
      for (String name : FIELDS) {
        if (!(map.get(name) instanceof String value)) return null;
        fields.put(name, value);
      }
      // ECB lets blocks of two issued signs be spliced into JSON holding a key twice: this parser
      // keeps one value, the provider's may keep the other. Only the exact bytes seal() writes
      // for those fields are a sign.
      return seal(fields).equals(sign) ? fields : null;
    } catch (GeneralSecurityException | IllegalArgumentException | CharacterCodingException notOurs) {
      return null;
    }
  }
}
