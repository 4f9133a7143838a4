package vn.luot.server.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * The embedded default journal: one SQLite file in the data folder, in WAL mode with synchronous=FULL, so a
 * committed append survives a crash of the process or of the machine.
 */
public final class SqliteJournal {
  public static final String FILE_NAME = "luot.db";

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
      Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
    } catch (SQLException | RuntimeException e) {
      throw new JournalUnavailableException("cannot open the journal in " + dataDir + ": " + e.getMessage(), e);
    }
    return new JdbcJournal(connections, batchObserver);
  }
}
