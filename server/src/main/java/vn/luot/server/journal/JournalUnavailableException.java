package vn.luot.server.journal;

/** Storage failed (disk full, read-only, database gone); nothing of the append was written. */
public final class JournalUnavailableException extends RuntimeException {
  public JournalUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
