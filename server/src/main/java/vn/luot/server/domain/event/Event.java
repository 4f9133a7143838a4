package vn.luot.server.domain.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import vn.luot.server.domain.CenterSettings;
import vn.luot.server.domain.Outcome;
import vn.luot.server.domain.PriorityGroup;
import vn.luot.server.domain.Purpose;
import vn.luot.server.domain.RatingReason;

/** Something that happened to a center's queue. The state of a center is the fold of its events. */
public sealed interface Event {
  Instant at();

  /** A new service day begins: numbering restarts, counters are idle, yesterday's tickets are gone from the queue. */
  record DayOpened(Instant at, LocalDate day) implements Event {}

  /** The service day ends: the named tickets expired (never served) or were finished (in service at closing). */
  record DayClosed(Instant at, LocalDate day, List<String> expired, List<String> finished) implements Event {
    public DayClosed {
      expired = List.copyOf(expired);
      finished = List.copyOf(finished);
    }
  }

  record TicketIssued(Instant at, String ticketId, LocalDate day, String number, String field, boolean priority,
                      PriorityGroup priorityGroup, Purpose purpose, String dossierCode, String kiosk,
                      String idempotencyKey, String trackToken, String grantedBy) implements Event {}

  record TicketCalled(Instant at, String ticketId, String counter, String actor) implements Event {}

  record TicketRecalled(Instant at, String ticketId, String counter, String actor) implements Event {}

  record ServiceStarted(Instant at, String ticketId, String counter, String actor) implements Event {}

  record ServiceFinished(Instant at, String ticketId, String counter, String actor, Outcome outcome,
                         String dossierCode) implements Event {}

  record TicketNoShow(Instant at, String ticketId, String counter, String actor) implements Event {}

  /** The ticket left this counter for another field's queue as {@code newTicketId}, same number and issue time. */
  record TicketTransferred(Instant at, String ticketId, String counter, String actor, String newTicketId, String toField,
                           String note) implements Event {}

  record TicketCancelled(Instant at, String ticketId, String actor) implements Event {}

  record CounterPaused(Instant at, String counter, String actor, String reason) implements Event {}

  record CounterResumed(Instant at, String counter, String actor) implements Event {}

  /** @param reason why an unhappy citizen was unhappy, or null (and null in journals written before reasons) */
  record ServiceRated(Instant at, String ticketId, int score, RatingReason reason) implements Event {
    public ServiceRated(Instant at, String ticketId, int score) {
      this(at, ticketId, score, null);
    }
  }

  record TicketPrinted(Instant at, String ticketId, int copy, String kiosk) implements Event {}

  record TicketPrintFailed(Instant at, String ticketId, int copy, String kiosk, String reason) implements Event {}

  /** Another copy is to be printed at the ticket's kiosk. */
  record ReprintRequested(Instant at, String ticketId, int copy, String actor) implements Event {}

  record FieldPaused(Instant at, String field, String actor, String reason) implements Event {}

  record FieldResumed(Instant at, String field, String actor) implements Event {}

  /**
   * An administrator changed the center's settings; from this event on the center runs with {@code settings}.
   *
   * @param changes what differs from the settings before, as {@code kind:target} (e.g. {@code fieldAdded:XY},
   *                {@code counterRemoved:5}, {@code policyChanged}), for the audit log and its readers
   */
  record SettingsChanged(Instant at, String actor, CenterSettings settings, List<String> changes) implements Event {
    public SettingsChanged {
      changes = List.copyOf(changes);
    }
  }
}
