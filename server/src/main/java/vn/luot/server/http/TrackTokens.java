package vn.luot.server.http;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tracking tokens: 128 random bits, unguessable, prefixed with the center id so any node knows which engine to
 * ask ({@code default.q3Jx…}). The center id is printed on the ticket anyway; the random part is the secret.
 */
final class TrackTokens {
  static final Pattern SHAPE = Pattern.compile("([a-z0-9][a-z0-9-]{0,63})\\.([A-Za-z0-9_-]{22})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private TrackTokens() {}

  static String newToken(String center) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return center + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The center a well-formed token belongs to. */
  static Optional<String> center(String token) {
    if (token == null) return Optional.empty();
    var m = SHAPE.matcher(token);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
