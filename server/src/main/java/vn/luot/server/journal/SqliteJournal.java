package vn.luot.server.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * The embedded default journal: one SQLite file in the data folder, in WAL mode with synchronous=FULL, so a
 * committed append survives a crash of the process or of the machine.
 */
public final class SqliteJournal {
  public static final String FILE_NAME = "luot.db";
  /** The highest migration in {@code db/migration} (SchemaVersionTest holds this to the files). */
  static final int SCHEMA_VERSION = 5;

  private SqliteJournal() {}

  /** Creates the folder and the database if needed, migrates the schema, and opens the journal. Blocking. */
  public static JdbcJournal open(Path dataDir, Consumer<Integer> batchObserver) {
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new JournalUnavailableException("cannot create data folder " + dataDir + ": " + e.getMessage(), e);
    }
    String url = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5_000);
    config.enforceForeignKeys(true);
    JdbcJournal.ConnectionFactory connections = () -> config.createConnection(url);
    try (Connection first = connections.open()) {
      // Opening once with the config switches the file to WAL (a lasting property of the file) before Flyway runs.
      // Flyway runs only when the file is not at this build's schema: loading it costs a restart about 0.3 s of
      // CPU (some 400 classes), while the screens of a center are all reconnecting (docs/RELIABILITY.md).
      if (!atSchema(first)) {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
      }
    } catch (SQLException | RuntimeException e) {
      throw new JournalUnavailableException("cannot open the journal in " + dataDir + ": " + e.getMessage(), e);
    }
    return new JdbcJournal(connections, batchObserver);
  }

  /**
   * True when Flyway has applied exactly the migrations 1 to {@link #SCHEMA_VERSION}, each successfully. Anything
   * else (a new file, an older schema, a newer one, a failed migration) is Flyway's to migrate or to refuse.
   */
  static boolean atSchema(Connection c) throws SQLException {
    Set<String> applied = new HashSet<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet table = s.executeQuery(
          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
        if (!table.next()) return false;
      }
      try (ResultSet rows = s.executeQuery(
          "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
        while (rows.next()) {
          if (!rows.getBoolean("success") || !applied.add(rows.getString("version"))) return false;
        }
      }
    }
    Set<String> expected = new HashSet<>();
    for (int v = 1; v <= SCHEMA_VERSION; v++) expected.add(Integer.toString(v));
    return applied.equals(expected);
  }
}
