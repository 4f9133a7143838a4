package vn.luot.server.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import vn.luot.server.support.Postgres;
import vn.luot.server.support.TestServer;

/**
 * The same journal tests on a real PostgreSQL (the cluster's shared journal): durability and order, the seq checks,
 * two writers racing for one seq, group commit, the current day and the projection — each test on a fresh database.
 * The SQLite-only tests (a read-only file or folder) are left out; a server restarted on the database is not. And
 * the schema migrations as every cluster node runs them at start.
 */
@DisplayName("Journal (PostgreSQL)")
class PostgresJournalTest extends JournalTest {
  static Postgres postgres;
  String url;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) postgres.close();
  }

  @BeforeEach
  void freshDatabase() {
    url = postgres.jdbcUrl(postgres.newDatabase());
  }

  @Override
  JdbcJournal open() {
    JdbcJournal j = PostgresJournal.open(url, batches::add);
    opened.add(j);
    return j;
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  TestServer startServer(java.time.Clock clock) {
    return TestServer.startOnPostgres(url, dir, clock);
  }

  /** A test-only migration after the real ones: V6, adding a column to tickets. */
  static final String PROBE_MIGRATION = "classpath:db/probe";

  /**
   * A migration must commit together with its row in Flyway's history: a node killed between the two commits would
   * leave the change made but not recorded, and every later start would run it again and fail ("column … already
   * exists"), as V4 once did.
   */
  @Test
  @DisplayName("a migration whose history row fails to commit leaves no change behind, and the next start applies it")
  void migrationCommitsWithItsHistoryRow() throws Exception {
    PGSimpleDataSource db = new PGSimpleDataSource();
    db.setURL(url);
    PostgresJournal.migrations(db).load().migrate();
    // Stands for a node dying between its migration's commit and its history row's: the row's commit fails. (A
    // deferred trigger runs at commit, after every statement of the transaction has succeeded.)
    execute(db, """
        CREATE FUNCTION refuse_history_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the history row of V6 is not committed'; END $$""");
    execute(db, """
        CREATE CONSTRAINT TRIGGER refuse_history_row AFTER INSERT ON flyway_schema_history
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.version = '6') EXECUTE FUNCTION refuse_history_row()""");

    assertThrows(FlywayException.class, () -> withProbe(db).load().migrate());
    assertFalse(ticketsHaveColumn(db, "probe"), "V6 is rolled back with its history row, not left half-applied");

    // The next start (the history accepting it now) applies V6 once.
    execute(db, "DROP TRIGGER refuse_history_row ON flyway_schema_history");
    assertEquals(1, withProbe(db).load().migrate().migrationsExecuted);
    assertTrue(ticketsHaveColumn(db, "probe"));
  }

  private static FluentConfiguration withProbe(PGSimpleDataSource db) {
    return PostgresJournal.migrations(db).locations(PostgresJournal.MIGRATIONS, PROBE_MIGRATION);
  }

  private static void execute(PGSimpleDataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static boolean ticketsHaveColumn(PGSimpleDataSource db, String column) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'tickets' AND column_name = ?")) {
      ps.setString(1, column);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  // SQLite file-permission tests: not tests here (no @Test on the overrides).
  @Override
  void readOnlyDatabase() {}

  @Override
  void readOnlyFolder() {}
}
