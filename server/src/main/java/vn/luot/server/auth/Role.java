package vn.luot.server.auth;

import java.util.Locale;
import java.util.Optional;

/** What a signed-in person may do: clerks act at their own counter, supervisors read reports, admins do everything. */
public enum Role {
  CLERK, SUPERVISOR, ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String s) {
    if (s == null) return Optional.empty();
    for (Role r : values()) if (r.wireName().equals(s.toLowerCase(Locale.ROOT))) return Optional.of(r);
    return Optional.empty();
  }
}
