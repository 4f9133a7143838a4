package vn.luot.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.journal.JdbcJournal;
import vn.luot.server.journal.SqliteJournal;

/** The SQLite journal of a data folder, read as an auditor would: straight from the file, read-only. */
final class JournalFiles {
  static final String CENTER = "default";

  private JournalFiles() {}

  static Connection readOnly(Path folder) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    return config.createConnection("jdbc:sqlite:" + folder.resolve(SqliteJournal.FILE_NAME).toAbsolutePath());
  }

  /**
   * The tickets table is what the journal's events make of it: every event of the center, read back and appended
   * to a fresh journal in {@code fresh} (the production append and projection, not a copy), gives the same rows.
   */
  static void assertTicketsAreTheJournalReplayed(Path data, Path fresh) {
    List<Recorded> events;
    try (JdbcJournal live = new JdbcJournal(() -> readOnly(data), batch -> {})) {
      events = live.loadAfter(CENTER, 0);
    }
    try {
      Files.createDirectories(fresh);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (JdbcJournal replay = SqliteJournal.open(fresh, batch -> {})) {
      replay.append(CENTER, events).join();
    }
    assertEquals(ticketTable(fresh), ticketTable(data), "the tickets table equals the journal's "
        + events.size() + " events replayed");
  }

  /** Every column of every ticket row of the center, in id order. */
  static List<Map<String, Object>> ticketTable(Path folder) {
    try (Connection c = readOnly(folder);
         PreparedStatement ps = c.prepareStatement("SELECT * FROM tickets WHERE center = ? ORDER BY id")) {
      ps.setString(1, CENTER);
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new TreeMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) row.put(meta.getColumnName(i), rs.getObject(i));
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the tickets in " + folder, e);
    }
  }

  /** The journal's seqs of the center, in order. */
  static List<Long> seqs(Path folder) {
    try (Connection c = readOnly(folder);
         PreparedStatement ps = c.prepareStatement("SELECT seq FROM events WHERE center = ? ORDER BY seq")) {
      ps.setString(1, CENTER);
      List<Long> seqs = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) seqs.add(rs.getLong(1));
      }
      return seqs;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the journal in " + folder, e);
    }
  }
}
