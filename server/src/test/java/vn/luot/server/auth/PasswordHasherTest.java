package vn.luot.server.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Argon2 password hashes, and the decoy check for names that are not stored")
class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  @DisplayName("A hash checks its own password only, and two hashes of one password differ (salted)")
  void hashAndVerify() {
    String hash = hasher.hash("mật khẩu đúng");
    assertTrue(hash.startsWith("$argon2id$"), hash);
    assertTrue(hasher.verify("mật khẩu đúng", hash));
    assertFalse(hasher.verify("mật khẩu sai", hash));
    assertNotEquals(hash, hasher.hash("mật khẩu đúng"));
    assertFalse(hasher.verify("mật khẩu đúng", "not a hash"), "a malformed stored hash refuses, it does not throw");
  }

  @Test
  @DisplayName("The decoy check fails even for the stand-in account's own password, and without any stand-in")
  void decoyAlwaysFails() {
    String standIn = hasher.hash("admin's password");
    assertFalse(hasher.verifyDecoy("admin's password", standIn), "an unknown name never signs in as the stand-in");
    assertFalse(hasher.verifyDecoy("anything", standIn));
    assertFalse(hasher.verifyDecoy("anything", null), "with no account stored, a random hash of its own");
  }
}
