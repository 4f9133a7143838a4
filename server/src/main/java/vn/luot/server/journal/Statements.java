package vn.luot.server.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The write connection's prepared statements, each prepared once and reused by every append: SQLite parses the SQL
 * and looks up the table and its indexes at each prepare, which cost more than the insert itself. Only constant SQL
 * goes in, so the map stays small. Used by the writer thread alone.
 */
final class Statements {
  private final Connection connection;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  Statements(Connection connection) {
    this.connection = connection;
  }

  /** The statement for this SQL, prepared on first use; its parameters are all set again by each caller. */
  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement ps = prepared.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      prepared.put(sql, ps);
    }
    return ps;
  }

  /** Closes every statement (after a failed statement, or when the connection goes); later calls prepare anew. */
  void clear() {
    for (PreparedStatement ps : prepared.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // a statement of a broken connection: nothing more to do
      }
    }
    prepared.clear();
  }
}
