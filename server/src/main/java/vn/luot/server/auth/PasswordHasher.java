package vn.luot.server.auth;

import com.password4j.Password;

/**
 * Argon2id password hashes (password4j), deliberately slow: call only from a worker thread, never an event loop.
 */
public final class PasswordHasher {
  /**
   * A hash of a random password, for {@link #verifyDecoy} when there is no stored hash to stand in. Made on first
   * need: an Argon2 hash is about 0.1 s of CPU when warm, and much more on a JVM that has just started.
   */
  private volatile String decoy;

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

  /**
   * Spends the same time as a real check, and fails. {@code standIn} is any stored account's hash: a check against
   * it costs what a check against the asked-for account would, and needs no hash made at the start (on a restart
   * during a reconnect storm, the start's Argon2 hash was a tenth of the server's Java time). Null when no account
   * is stored: then a hash of a random password made once.
   */
  public boolean verifyDecoy(String password, String standIn) {
    verify(password, standIn != null ? standIn : decoy());
    return false;
  }

  private String decoy() {
    String d = decoy;
    if (d != null) return d;
    synchronized (this) {
      if (decoy == null) decoy = hash(java.util.UUID.randomUUID().toString());
      return decoy;
    }
  }
}
