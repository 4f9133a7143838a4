package vn.luot.server.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite journal runs Flyway at its opening only when the file is not at this build's schema
 * ({@link SqliteJournal#atSchema}); these tests hold that check to the migration files and to Flyway's own history.
 */
@DisplayName("Journal schema (SQLite): Flyway runs when the file is behind, and only then")
class SchemaVersionTest {
  private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

  @TempDir Path dir;

  @Test
  @DisplayName("SCHEMA_VERSION is the highest of the migration files V1…Vn, numbered without a gap")
  void schemaVersionMatchesTheFiles() throws Exception {
    Path folder = Path.of(SqliteJournal.class.getResource("/db/migration").toURI());
    List<Integer> versions;
    try (Stream<Path> files = Files.list(folder)) {
      versions = files.map(p -> MIGRATION.matcher(p.getFileName().toString())).filter(Matcher::matches)
          .map(m -> Integer.parseInt(m.group(1))).sorted().toList();
    }
    assertEquals(SqliteJournal.SCHEMA_VERSION, versions.size(), "one file per version: " + versions);
    for (int i = 0; i < versions.size(); i++) assertEquals(i + 1, versions.get(i), "versions " + versions);
  }

  @Test
  @DisplayName("a new folder gets the whole schema, and is then at the schema")
  void newFolder() throws Exception {
    SqliteJournal.open(dir, n -> {}).close();
    try (Connection c = connect()) {
      assertTrue(SqliteJournal.atSchema(c));
      assertTrue(hasTable(c, "cluster_secrets"), "the last migration ran");
    }
  }

  @Test
  @DisplayName("a file an older build made (schema 4) is migrated at the opening")
  void olderSchemaIsMigrated() throws Exception {
    flyway().target(Integer.toString(SqliteJournal.SCHEMA_VERSION - 1)).load().migrate();
    try (Connection c = connect()) {
      assertFalse(SqliteJournal.atSchema(c), "one migration behind");
      assertFalse(hasTable(c, "cluster_secrets"));
    }
    SqliteJournal.open(dir, n -> {}).close();
    try (Connection c = connect()) {
      assertTrue(SqliteJournal.atSchema(c));
      assertTrue(hasTable(c, "cluster_secrets"), "the missing migration ran");
    }
  }

  @Test
  @DisplayName("a failed migration in the history is left to Flyway, which refuses to open the file")
  void failedMigrationIsFlywaysToRefuse() throws Exception {
    flyway().load().migrate();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      assertTrue(SqliteJournal.atSchema(c));
      s.executeUpdate("UPDATE flyway_schema_history SET success = 0 WHERE version = '"
          + SqliteJournal.SCHEMA_VERSION + "'");
      assertFalse(SqliteJournal.atSchema(c));
    }
    JournalUnavailableException e = assertThrows(JournalUnavailableException.class, () -> SqliteJournal.open(dir, n -> {}));
    assertTrue(e.getMessage().contains("cannot open the journal"), e.getMessage());
  }

  @Test
  @DisplayName("a file with no Flyway history is not at the schema")
  void noHistory() throws Exception {
    Files.createDirectories(dir);
    try (Connection c = connect()) {
      assertFalse(SqliteJournal.atSchema(c));
    }
  }

  private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
    return Flyway.configure().dataSource(url(), null, null).locations("classpath:db/migration");
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  private String url() {
    return "jdbc:sqlite:" + dir.resolve(SqliteJournal.FILE_NAME).toAbsolutePath();
  }

  private static boolean hasTable(Connection c, String name) throws SQLException {
    try (var ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, name);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
