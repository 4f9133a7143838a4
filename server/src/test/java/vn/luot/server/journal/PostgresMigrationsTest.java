package vn.luot.server.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import vn.luot.server.support.Postgres;

/**
 * The schema migrations on PostgreSQL, as every cluster node runs them at start. A migration must commit together
 * with its row in Flyway's history: a node killed between the two commits would leave the change made but not
 * recorded, and every later start would run it again and fail ("column … already exists").
 */
@DisplayName("Schema migrations (PostgreSQL)")
class PostgresMigrationsTest {
  /** A test-only migration after the real ones: V6, adding a column to tickets. */
  static final String PROBE = "classpath:db/probe";
  static Postgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) postgres.close();
  }

  @Test
  @DisplayName("a migration whose history row fails to commit leaves no change behind, and the next start applies it")
  void migrationCommitsWithItsHistoryRow() throws Exception {
    PGSimpleDataSource db = new PGSimpleDataSource();
    db.setURL(postgres.jdbcUrl(postgres.newDatabase()));
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

  private static org.flywaydb.core.api.configuration.FluentConfiguration withProbe(PGSimpleDataSource db) {
    return PostgresJournal.migrations(db).locations(PostgresJournal.MIGRATIONS, PROBE);
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
}
