package vn.luot.server.domain;

import java.util.Map;
import java.util.Objects;

/**
 * Why a command does not apply. The code is stable and goes on the wire; the details fill the translated message.
 */
public record Rejection(RejectionCode code, Map<String, String> details) {
  public Rejection {
    Objects.requireNonNull(code, "code");
    details = Map.copyOf(details);
  }

  public static Rejection of(RejectionCode code) {
    return new Rejection(code, Map.of());
  }

  public static Rejection of(RejectionCode code, String key, String value) {
    return new Rejection(code, Map.of(key, String.valueOf(value)));
  }
}
