package vn.luot.server.journal;

import java.sql.SQLException;

/**
 * Why a write to the journal failed, as /health names it for operators; the database's own message goes to the log
 * only. SQLite names its result code in the message ("[SQLITE_FULL] …"); PostgreSQL gives a SQLState.
 */
public enum StorageFailure {
  /** No space left on the data folder's disk (SQLITE_FULL; PostgreSQL 53100). */
  DISK_FULL,
  /** The data folder or database cannot be written (SQLITE_READONLY, a read-only filesystem; PostgreSQL 25006). */
  READ_ONLY,
  /** The disk reported an input/output error (SQLITE_IOERR; PostgreSQL 58030). */
  IO_ERROR,
  /** The database cannot be reached (SQLITE_CANTOPEN; PostgreSQL connection errors, 08xxx). */
  UNREACHABLE,
  /** Anything else. */
  OTHER;

  static StorageFailure of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      String state = t instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
      if (message.contains("SQLITE_FULL") || state.equals("53100")) return DISK_FULL;
      if (message.contains("SQLITE_READONLY") || message.contains("Read-only file system") || state.equals("25006")) {
        return READ_ONLY;
      }
      if (message.contains("SQLITE_IOERR") || state.equals("58030")) return IO_ERROR;
      if (message.contains("SQLITE_CANTOPEN") || state.startsWith("08")) return UNREACHABLE;
    }
    return OTHER;
  }
}
