package multinode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.security.NoSuchAlgorithmException;

/**
 * A shared secret of the operator API ({@code admin.token}) or the TCP bridge ({@code bridge.token}),
 * compared in constant time: it is kept as its SHA-256 digest and a candidate is hashed too, so that
 * neither a token's characters nor its length can be learnt from how long a refusal takes.
 */
public final class Token {

  private final byte[] digest;

  private Token(byte[] digest) {
    this.digest = digest;
  }

  /** The token {@code secret}. */
  public static Token of(String secret) {
    return new Token(sha256(secret));
  }

  /** Whether {@code given} (null when none was sent) is this token. */
  public boolean matches(String given) {
    return given != null && MessageDigest.isEqual(digest, sha256(given));
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or null. */
  public static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }

  /** The password of an {@code Authorization: Basic <base64(user:password)>} header, or null. */
  public static String basicPassword(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? null : pair.substring(colon + 1);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
