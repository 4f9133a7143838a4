package vn.luot.server.journal;

/** Another writer already appended at this seq, or the seq is not the next one: reload and decide again. */
public final class SeqConflictException extends RuntimeException {
  public SeqConflictException(String message) {
    super(message, null, false, false);
  }
}
