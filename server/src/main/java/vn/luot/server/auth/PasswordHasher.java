package vn.luot.server.auth;

import com.password4j.Password;

/**
 * Argon2id password hashes (password4j), deliberately slow: call only from a worker thread, never an event loop.
 */
public final class PasswordHasher {
  /** A hash of a random password, checked when the username is unknown so timing does not tell who exists. */
  private final String decoy = hash(java.util.UUID.randomUUID().toString());

  public String hash(String password) {
    return Password.hash(password).addRandomSalt().withArgon2().getResult();
  }

  public boolean verify(String password, String hash) {
    try {
      return Password.check(password, hash).withArgon2();
    } catch (RuntimeException malformedHash) {
      return false;
    }
  }

  /** Spends the same time as a real check, and fails. */
  public boolean verifyDecoy(String password) {
    verify(password, decoy);
    return false;
  }
}
