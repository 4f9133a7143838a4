package vn.luot.server.auth;

import java.util.Objects;

/**
 * Someone who can sign in.
 *
 * @param center       the center they belong to, or null for an admin of every center
 * @param counter      a clerk's counter, else null
 * @param passwordHash Argon2 in PHC form
 * @param disabled     may not sign in; tokens already given stop working
 */
public record UserAccount(String username, Role role, String center, String counter, String passwordHash,
                          String displayName, boolean disabled) {
  public UserAccount(String username, Role role, String center, String counter, String passwordHash,
                     String displayName) {
    this(username, role, center, counter, passwordHash, displayName, false);
  }

  public UserAccount {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(passwordHash, "passwordHash");
    if (role == Role.CLERK && (center == null || counter == null)) {
      throw new IllegalArgumentException("clerk " + username + " needs a center and a counter");
    }
  }
}
