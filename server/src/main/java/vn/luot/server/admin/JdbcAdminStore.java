package vn.luot.server.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import vn.luot.server.auth.Role;
import vn.luot.server.auth.UserAccount;
import vn.luot.server.journal.AuditLog;
import vn.luot.server.journal.JdbcJournal;

/**
 * The admin store on the journal's database. Writes go through the journal's one writer (SQLite has a single
 * writer, and the change and its audit row share a transaction); reads use its read connection. Portable SQL.
 */
public final class JdbcAdminStore implements AdminStore {
  private static final String ACCOUNT_COLUMNS = "username, role, center, counter, password_hash, display_name, disabled";
  private static final String KIOSK_COLUMNS = "center, id, name, key_hash, disabled";

  private final JdbcJournal journal;

  public JdbcAdminStore(JdbcJournal journal) {
    this.journal = journal;
  }

  // ---- accounts ----

  @Override
  public List<UserAccount> accounts() {
    return journal.read(c -> list(c, "SELECT " + ACCOUNT_COLUMNS + " FROM accounts ORDER BY username",
        JdbcAdminStore::account));
  }

  @Override
  public CompletableFuture<Void> seedAccounts(List<UserAccount> accounts, Instant at) {
    return journal.write(c -> {
      for (UserAccount a : accounts) {
        if (findAccount(c, a.username()) != null) continue;
        insertAccount(c, a, at);
        audit(c, new AuditEntry(null, at, "config", a.center(), "account.seed", a.username(), null));
      }
      return null;
    });
  }

  @Override
  public CompletableFuture<UserAccount> createAccount(UserAccount account, AuditEntry audit) {
    return journal.write(c -> {
      if (findAccount(c, account.username()) != null) {
        throw new AdminRefusal(409, "ACCOUNT_EXISTS", Map.of("username", account.username()));
      }
      insertAccount(c, account, audit.at());
      audit(c, audit);
      return account;
    });
  }

  @Override
  public CompletableFuture<UserAccount> updateAccount(String username, UnaryOperator<UserAccount> change,
                                                      AuditEntry audit) {
    return journal.write(c -> {
      // On PostgreSQL two nodes' transactions run side by side: lock the admin rows first, so the last-admin check
      // below sees the other node's change (on SQLite, with its single writer, this does nothing).
      try (PreparedStatement lock = c.prepareStatement("UPDATE accounts SET updated_at = updated_at WHERE role = 'admin'")) {
        lock.executeUpdate();
      }
      UserAccount old = findAccount(c, username);
      if (old == null) throw new AdminRefusal(404, "ACCOUNT_UNKNOWN", Map.of("username", username));
      UserAccount now = change.apply(old);
      try (PreparedStatement ps = c.prepareStatement("""
          UPDATE accounts SET role = ?, center = ?, counter = ?, password_hash = ?, display_name = ?, disabled = ?,
            updated_at = ? WHERE username = ?""")) {
        ps.setString(1, now.role().wireName());
        ps.setString(2, now.center());
        ps.setString(3, now.counter());
        ps.setString(4, now.passwordHash());
        ps.setString(5, now.displayName());
        ps.setInt(6, now.disabled() ? 1 : 0);
        ps.setLong(7, audit.at().toEpochMilli());
        ps.setString(8, username);
        ps.executeUpdate();
      }
      // Checked after the change, in its transaction (and behind the lock above): two admins disabling each other at
      // once cannot both win.
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND disabled = 0");
           ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getLong(1) == 0) throw new AdminRefusal(409, "LAST_ADMIN", Map.of("username", username));
      }
      audit(c, audit);
      return now;
    });
  }

  private static UserAccount findAccount(Connection c, String username) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? account(rs) : null;
      }
    }
  }

  private static void insertAccount(Connection c, UserAccount a, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (" + ACCOUNT_COLUMNS
        + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, a.username());
      ps.setString(2, a.role().wireName());
      ps.setString(3, a.center());
      ps.setString(4, a.counter());
      ps.setString(5, a.passwordHash());
      ps.setString(6, a.displayName());
      ps.setInt(7, a.disabled() ? 1 : 0);
      ps.setLong(8, at.toEpochMilli());
      ps.setLong(9, at.toEpochMilli());
      ps.executeUpdate();
    }
  }

  private static UserAccount account(ResultSet rs) throws SQLException {
    return new UserAccount(rs.getString(1), Role.parse(rs.getString(2)).orElseThrow(), rs.getString(3),
        rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7) == 1);
  }

  // ---- kiosks ----

  @Override
  public List<KioskRecord> kiosks() {
    return journal.read(c -> list(c, "SELECT " + KIOSK_COLUMNS + " FROM kiosks ORDER BY center, id",
        JdbcAdminStore::kiosk));
  }

  @Override
  public CompletableFuture<Void> seedKiosks(List<KioskRecord> kiosks, Instant at) {
    return journal.write(c -> {
      for (KioskRecord k : kiosks) {
        if (findKiosk(c, k.center(), k.id()) != null) continue;
        insertKiosk(c, k, at);
        audit(c, new AuditEntry(null, at, "config", k.center(), "kiosk.seed", k.id(), null));
      }
      return null;
    });
  }

  @Override
  public CompletableFuture<KioskRecord> createKiosk(KioskRecord kiosk, AuditEntry audit) {
    return journal.write(c -> {
      if (findKiosk(c, kiosk.center(), kiosk.id()) != null) {
        throw new AdminRefusal(409, "KIOSK_EXISTS", Map.of("kiosk", kiosk.id()));
      }
      insertKiosk(c, kiosk, audit.at());
      audit(c, audit);
      return kiosk;
    });
  }

  @Override
  public CompletableFuture<KioskRecord> updateKiosk(String center, String id, UnaryOperator<KioskRecord> change,
                                                    AuditEntry audit) {
    return journal.write(c -> {
      KioskRecord old = findKiosk(c, center, id);
      if (old == null) throw new AdminRefusal(404, "KIOSK_UNKNOWN", Map.of("kiosk", id));
      KioskRecord now = change.apply(old);
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE kiosks SET name = ?, key_hash = ?, disabled = ?, updated_at = ? WHERE center = ? AND id = ?")) {
        ps.setString(1, now.name());
        ps.setString(2, now.keyHash());
        ps.setInt(3, now.disabled() ? 1 : 0);
        ps.setLong(4, audit.at().toEpochMilli());
        ps.setString(5, center);
        ps.setString(6, id);
        ps.executeUpdate();
      }
      audit(c, audit);
      return now;
    });
  }

  private static KioskRecord findKiosk(Connection c, String center, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + KIOSK_COLUMNS + " FROM kiosks WHERE center = ? AND id = ?")) {
      ps.setString(1, center);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? kiosk(rs) : null;
      }
    }
  }

  private static void insertKiosk(Connection c, KioskRecord k, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO kiosks (" + KIOSK_COLUMNS
        + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, k.center());
      ps.setString(2, k.id());
      ps.setString(3, k.name());
      ps.setString(4, k.keyHash());
      ps.setInt(5, k.disabled() ? 1 : 0);
      ps.setLong(6, at.toEpochMilli());
      ps.setLong(7, at.toEpochMilli());
      ps.executeUpdate();
    }
  }

  private static KioskRecord kiosk(ResultSet rs) throws SQLException {
    return new KioskRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5) == 1);
  }

  // ---- audit log and priority tickets ----

  private static void audit(Connection c, AuditEntry e) throws SQLException {
    AuditLog.record(c, e.at(), e.actor(), e.center(), e.action(), e.target(), e.detail());
  }

  @Override
  public List<AuditEntry> audit(String center, Instant from, Instant to, int limit, int offset) {
    return journal.read(c -> {
      StringBuilder sql = new StringBuilder("SELECT id, at_ms, actor, center, action, target, detail FROM audit_log WHERE 1 = 1");
      List<Object> args = new ArrayList<>();
      if (center != null) {
        sql.append(" AND center = ?");
        args.add(center);
      }
      if (from != null) {
        sql.append(" AND at_ms >= ?");
        args.add(from.toEpochMilli());
      }
      if (to != null) {
        sql.append(" AND at_ms < ?");
        args.add(to.toEpochMilli());
      }
      sql.append(" ORDER BY at_ms DESC, id LIMIT ? OFFSET ?");
      args.add(limit);
      args.add(offset);
      return list(c, sql.toString(), rs -> new AuditEntry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
          rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)), args.toArray());
    });
  }

  @Override
  public List<PriorityTicket> priorityTickets(String center, LocalDate day) {
    return journal.read(c -> {
      // A transfer keeps the number on a new row; the original row (transferred_from NULL) is the one issued.
      return list(c, """
          SELECT id, number, field, priority_group, granted_by, kiosk, status, issued_at FROM tickets
          WHERE center = ? AND day = ? AND priority = 1 AND transferred_from IS NULL ORDER BY issued_at, id""",
          rs -> new PriorityTicket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8))), center, day.toString());
    });
  }

  private interface Row<T> {
    T of(ResultSet rs) throws SQLException;
  }

  private static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(row.of(rs));
      }
    }
    return out;
  }
}
