package vn.luot.server.journal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import vn.luot.server.support.Postgres;
import vn.luot.server.support.TestServer;

/**
 * The same journal tests on a real PostgreSQL (the cluster's shared journal): durability and order, the seq checks,
 * two writers racing for one seq, group commit, the current day and the projection — each test on a fresh database.
 * The SQLite-only tests (a read-only file or folder) are left out; a server restarted on the database is not.
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

  // SQLite file-permission tests: not tests here (no @Test on the overrides).
  @Override
  void readOnlyDatabase() {}

  @Override
  void readOnlyFolder() {}
}
