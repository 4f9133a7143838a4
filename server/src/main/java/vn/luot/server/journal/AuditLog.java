package vn.luot.server.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** Writes audit rows on the connection (and so in the transaction) of the change they record. */
public final class AuditLog {
  private AuditLog() {}

  /**
   * @param center the center changed, or null for a change that is not one center's
   * @param detail JSON, or null
   */
  public static void record(Connection c, Instant at, String actor, String center, String action, String target,
                            String detail) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO audit_log (id, at_ms, actor, center, action, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, UUID.randomUUID().toString());
      ps.setLong(2, at.toEpochMilli());
      ps.setString(3, actor);
      ps.setString(4, center);
      ps.setString(5, action);
      ps.setString(6, target);
      ps.setString(7, detail);
      ps.executeUpdate();
    }
  }
}
