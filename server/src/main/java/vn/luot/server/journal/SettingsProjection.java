package vn.luot.server.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * Inside the append's transaction: each settings change is kept as a row the engine can start from on a later day,
 * and each administrator's change to a running center (settings, pausing a field) gets its audit row.
 */
final class SettingsProjection {
  private final EventCodec codec;

  SettingsProjection(EventCodec codec) {
    this.codec = codec;
  }

  void apply(Connection c, String center, Recorded r) throws SQLException {
    Event e = r.event();
    if (e instanceof Event.SettingsChanged sc) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO center_settings (center, seq, at_ms, actor, body) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, center);
        ps.setLong(2, r.seq());
        ps.setLong(3, sc.at().toEpochMilli());
        ps.setString(4, sc.actor());
        ps.setString(5, codec.encodeSettings(sc.settings()));
        ps.executeUpdate();
      }
      AuditLog.record(c, sc.at(), sc.actor(), center, "settings.change", center,
          codec.json(Map.of("seq", r.seq(), "changes", sc.changes())));
    } else if (e instanceof Event.FieldPaused p) {
      AuditLog.record(c, p.at(), p.actor(), center, "field.pause", p.field(),
          p.reason() == null ? null : codec.json(Map.of("reason", p.reason())));
    } else if (e instanceof Event.FieldResumed p) {
      AuditLog.record(c, p.at(), p.actor(), center, "field.resume", p.field(), null);
    }
  }
}
