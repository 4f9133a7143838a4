package vn.luot.server.journal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import vn.luot.server.domain.TicketStatus;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * Keeps the tickets table in step with the journal, inside the append's transaction. Plain SQL that SQLite and
 * PostgreSQL both take. Waiting time runs from queued_at to the first call; service time from the start (or the
 * call, when the clerk never pressed start) to the end.
 */
final class TicketProjection {
  private static final String INSERT = """
      INSERT INTO tickets (center, id, day, number, field, priority, priority_group, purpose, dossier_code, kiosk,
        granted_by, track_token, idempotency_key, status, issued_at, queued_at, recalls, note, transferred_from, last_seq,
        print_status, print_copy)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)""";
  private static final String CALLED = """
      UPDATE tickets SET status = 'CALLED', counter = ?, clerk = ?, called_at = COALESCE(called_at, ?),
        wait_ms = COALESCE(wait_ms, ? - queued_at), last_seq = ? WHERE center = ? AND id = ?""";
  private static final String RECALLED = "UPDATE tickets SET recalls = recalls + 1, last_seq = ? WHERE center = ? AND id = ?";
  private static final String STARTED =
      "UPDATE tickets SET status = 'SERVING', started_at = ?, clerk = ?, last_seq = ? WHERE center = ? AND id = ?";
  /** Ends a ticket; a service (DONE or TRANSFERRED) gets a start and a service time, others only an end. */
  private static final String ENDED = """
      UPDATE tickets SET status = ?, finished_at = ?,
        started_at = CASE WHEN ? = 1 THEN COALESCE(started_at, called_at) ELSE started_at END,
        service_ms = CASE WHEN ? = 1 THEN ? - COALESCE(started_at, called_at) ELSE NULL END,
        outcome = COALESCE(?, outcome), dossier_code = COALESCE(?, dossier_code), last_seq = ?
      WHERE center = ? AND id = ?""";
  private static final String TRANSFERRED_COPY = """
      INSERT INTO tickets (center, id, day, number, field, priority, priority_group, purpose, dossier_code, kiosk,
        granted_by, track_token, idempotency_key, status, issued_at, queued_at, recalls, note, transferred_from, last_seq)
      SELECT center, ?, day, number, ?, priority, priority_group, purpose, dossier_code, kiosk, granted_by, track_token,
        NULL, 'WAITING', issued_at, ?, 0, ?, id, ?
      FROM tickets WHERE center = ? AND id = ?""";
  private static final String PRINT =
      "UPDATE tickets SET print_status = ?, print_copy = ?, print_reason = ?, last_seq = ? WHERE center = ? AND id = ?";
  private static final String RATED = "UPDATE tickets SET rating = ?, rating_reason = ?, last_seq = ? WHERE center = ? AND id = ?";

  /** Runs on the journal's write connection, through its reused statements. */
  void apply(Statements statements, String center, Recorded r) throws SQLException {
    Event e = r.event();
    long seq = r.seq();
    if (e instanceof Event.TicketIssued i) {
      PreparedStatement ps = statements.get(INSERT);
      ps.setString(1, center);
      ps.setString(2, i.ticketId());
      ps.setString(3, i.day().toString());
      ps.setString(4, i.number());
      ps.setString(5, i.field());
      ps.setInt(6, i.priority() ? 1 : 0);
      setNullable(ps, 7, i.priorityGroup() == null ? null : i.priorityGroup().name());
      setNullable(ps, 8, i.purpose() == null ? null : i.purpose().name());
      setNullable(ps, 9, i.dossierCode());
      setNullable(ps, 10, i.kiosk());
      setNullable(ps, 11, i.grantedBy());
      ps.setString(12, i.trackToken());
      setNullable(ps, 13, i.idempotencyKey());
      ps.setString(14, TicketStatus.WAITING.name());
      ps.setLong(15, ms(i.at()));
      ps.setLong(16, ms(i.at()));
      ps.setNull(17, Types.VARCHAR);
      ps.setNull(18, Types.VARCHAR);
      ps.setLong(19, seq);
      setNullable(ps, 20, i.kiosk() == null ? null : "PENDING");
      ps.setInt(21, i.kiosk() == null ? 0 : 1);
      ps.executeUpdate();
    } else if (e instanceof Event.TicketCalled cl) {
      update(statements, CALLED, cl.counter(), cl.actor(), ms(cl.at()), ms(cl.at()), seq, center, cl.ticketId());
    } else if (e instanceof Event.TicketRecalled rc) {
      update(statements, RECALLED, seq, center, rc.ticketId());
    } else if (e instanceof Event.ServiceStarted s) {
      update(statements, STARTED, ms(s.at()), s.actor(), seq, center, s.ticketId());
    } else if (e instanceof Event.ServiceFinished f) {
      end(statements, center, seq, f.ticketId(), TicketStatus.DONE, f.at(), f.outcome() == null ? null : f.outcome().name(),
          f.dossierCode());
    } else if (e instanceof Event.TicketNoShow n) {
      end(statements, center, seq, n.ticketId(), TicketStatus.NO_SHOW, n.at(), null, null);
    } else if (e instanceof Event.TicketCancelled x) {
      end(statements, center, seq, x.ticketId(), TicketStatus.CANCELLED, x.at(), null, null);
    } else if (e instanceof Event.TicketTransferred t) {
      end(statements, center, seq, t.ticketId(), TicketStatus.TRANSFERRED, t.at(), null, null);
      update(statements, TRANSFERRED_COPY, t.newTicketId(), t.toField(), ms(t.at()), t.note(), seq, center, t.ticketId());
    } else if (e instanceof Event.DayClosed d) {
      for (String id : d.expired()) end(statements, center, seq, id, TicketStatus.EXPIRED, d.at(), null, null);
      for (String id : d.finished()) end(statements, center, seq, id, TicketStatus.DONE, d.at(), "COMPLETED", null);
    } else if (e instanceof Event.ServiceRated rt) {
      update(statements, RATED, rt.score(), rt.reason() == null ? null : rt.reason().name(), seq, center, rt.ticketId());
    } else if (e instanceof Event.TicketPrinted p) {
      update(statements, PRINT, "PRINTED", p.copy(), null, seq, center, p.ticketId());
    } else if (e instanceof Event.TicketPrintFailed f) {
      update(statements, PRINT, "FAILED", f.copy(), f.reason(), seq, center, f.ticketId());
    } else if (e instanceof Event.ReprintRequested rp) {
      update(statements, PRINT, "PENDING", rp.copy(), null, seq, center, rp.ticketId());
    }
    // DayOpened, CounterPaused, CounterResumed, FieldPaused and FieldResumed change no ticket.
  }

  private void end(Statements statements, String center, long seq, String id, TicketStatus status, Instant at,
                   String outcome, String dossierCode) throws SQLException {
    int served = status == TicketStatus.DONE || status == TicketStatus.TRANSFERRED ? 1 : 0;
    update(statements, ENDED, status.name(), ms(at), served, served, ms(at), outcome, dossierCode, seq, center, id);
  }

  private static void update(Statements statements, String sql, Object... args) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) ps.setNull(i + 1, Types.VARCHAR);
      else if (a instanceof Long l) ps.setLong(i + 1, l);
      else if (a instanceof Integer n) ps.setInt(i + 1, n);
      else ps.setString(i + 1, a.toString());
    }
    ps.executeUpdate();
  }

  private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) ps.setNull(index, Types.VARCHAR);
    else ps.setString(index, value);
  }

  private static long ms(Instant at) {
    return at.toEpochMilli();
  }
}
