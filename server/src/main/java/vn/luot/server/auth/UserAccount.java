package vn.luot.server.auth;

import java.util.Objects;

/**
 * Someone who can sign in.
 *
 * @param center       the center they belong to, or null for an admin of every center
 * @param counter      a clerk's counter, else null
 * @param passwordHash Argon2 in PHC form
 */
public record UserAccount(String username, Role role, String center, String counter, String passwordHash,
                          String displayName) {
  public UserAccount {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(passwordHash, "passwordHash");
    if (role == Role.CLERK && (center == null || counter == null)) {
      throw new IllegalArgumentException("clerk " + username + " needs a center and a counter");
    }
  }
}
