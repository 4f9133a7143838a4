package vn.luot.server.auth;

import com.password4j.Password;

/**
 * Argon2id password hashes (password4j), deliberately slow: call only from a worker thread, never an event loop.
 */
public final class PasswordHasher {
  /**
   * A hash of a random password, checked when the username is unknown so timing does not tell who exists. Made on
   * first need, not when the hasher is made: an Argon2 hash is about 0.1 s of CPU, and start-up used to make two that
   * were never checked (docs/BENCHMARKS.md, footprint). The server makes it on a worker once it listens.
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

  /** Spends the same time as a real check, and fails. */
  public boolean verifyDecoy(String password) {
    verify(password, decoy());
    return false;
  }

  /** Makes the decoy now (blocking, a worker's job), so that the first check of an unknown name is not slower. */
  public void prepareDecoy() {
    decoy();
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
