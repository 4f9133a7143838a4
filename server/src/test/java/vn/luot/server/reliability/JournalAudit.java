package vn.luot.server.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.journal.JdbcJournal;
import vn.luot.server.journal.SqliteJournal;

/**
 * The journal of a stopped server, read as an auditor would: its events, and its tickets table set against the one
 * a fresh journal builds from replaying those same events. A refused request that wrote half of something would
 * show as a row no event explains, or a number missing from the run of a day.
 */
final class JournalAudit {
  private static final String CENTER = "default";

  private JournalAudit() {}

  static List<Recorded> events(Path dataDir) {
    try (JdbcJournal journal = SqliteJournal.open(dataDir, n -> { })) {
      return journal.loadAfter(CENTER, 0);
    }
  }

  /** Every event appended again, in seq order, to an empty journal in {@code scratch}; its tickets table returned. */
  static List<String> replayedTickets(List<Recorded> events, Path scratch) throws Exception {
    try (JdbcJournal journal = SqliteJournal.open(scratch, n -> { })) {
      journal.append(CENTER, events).get(60, TimeUnit.SECONDS);
    }
    return tickets(scratch);
  }

  /** The tickets table, one line per row with every column, in id order. */
  static List<String> tickets(Path dataDir) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteJournal.FILE_NAME));
         ResultSet rs = c.createStatement().executeQuery("SELECT * FROM tickets ORDER BY center, id")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
        rows.add(row.toString().trim());
      }
    }
    return rows;
  }

  /**
   * Numbers of each day and prefix, from tickets not made by a transfer: 1..N with no gap and no repeat. Returns the
   * runs that break this rule, empty when none does.
   */
  static List<String> numberingGaps(List<String> ticketRows) {
    Map<String, List<Integer>> byDayAndPrefix = new TreeMap<>();
    for (String row : ticketRows) {
      if (!row.contains("transferred_from=null")) continue;
      String day = value(row, "day");
      String number = value(row, "number");
      String prefix = number.replaceFirst("\\d+$", "");
      byDayAndPrefix.computeIfAbsent(day + " " + prefix, k -> new ArrayList<>())
          .add(Integer.parseInt(number.substring(prefix.length())));
    }
    List<String> broken = new ArrayList<>();
    byDayAndPrefix.forEach((key, ordinals) -> {
      ordinals.sort(null);
      for (int i = 0; i < ordinals.size(); i++) {
        if (ordinals.get(i) != i + 1) {
          broken.add(key + ": " + ordinals);
          return;
        }
      }
    });
    return broken;
  }

  static String value(String row, String column) {
    for (String part : row.split(" ")) if (part.startsWith(column + "=")) return part.substring(column.length() + 1);
    throw new IllegalArgumentException(column + " not in " + row);
  }
}
