package vn.luot.server.domain.command;

import vn.luot.server.domain.CenterSettings;
import vn.luot.server.domain.Outcome;
import vn.luot.server.domain.PriorityGroup;
import vn.luot.server.domain.Purpose;
import vn.luot.server.domain.QueuePolicy;
import vn.luot.server.domain.RatingReason;

/**
 * Something a person asks of a center's queue. A command is decided against the current state and either yields
 * events or is rejected; it never changes state by itself.
 */
public sealed interface Command {

  /** A command a clerk gives at one counter; only a clerk of that counter (or an admin) may give it. */
  sealed interface AtCounter extends Command {
    String counter();

    /** The username of who pressed the button; goes to the journal for reports by clerk. */
    String actor();
  }

  /**
   * A citizen takes a number.
   *
   * @param idempotencyKey same key on the same day gives back the same ticket (a double tap is one ticket); may be null
   * @param trackToken     an unguessable token made at the edge; the citizen's phone follows the ticket with it
   * @param grantedBy      who granted priority when staff issue it; null at a kiosk
   */
  record IssueTicket(String field, boolean priority, PriorityGroup priorityGroup, Purpose purpose, String dossierCode,
                     String kiosk, String idempotencyKey, String trackToken, String grantedBy) implements Command {}

  /** Finish whatever is at the counter, then call the next ticket the routing policy picks. */
  record CallNext(String counter, String actor) implements AtCounter {}

  record Recall(String counter, String actor) implements AtCounter {}

  record StartService(String counter, String actor) implements AtCounter {}

  record FinishService(String counter, String actor, Outcome outcome, String dossierCode) implements AtCounter {}

  record MarkNoShow(String counter, String actor) implements AtCounter {}

  /** Send the citizen at the counter to another field's queue, keeping their original issue time. */
  record Transfer(String counter, String actor, String toField, String note) implements AtCounter {}

  record PauseCounter(String counter, String actor, String reason) implements AtCounter {}

  record ResumeCounter(String counter, String actor) implements AtCounter {}

  /** Withdraw a waiting ticket (the citizen left, or staff remove a mistaken one). */
  record CancelTicket(String ticketId, String actor) implements Command {}

  /**
   * A citizen rates a finished service.
   *
   * @param reason  why they were unhappy; only with a score in the lower half of the scale, may be null
   * @param counter the counter whose rating tablet gave it, or null from the citizen's own phone; a tablet may rate
   *                only the ticket it has just finished, within {@link QueuePolicy#COUNTER_RATING_WINDOW}
   */
  record RateService(String ticketId, int score, RatingReason reason, String counter) implements Command {
    public RateService(String ticketId, int score) {
      this(ticketId, score, null, null);
    }
  }

  /** The kiosk's printer took this copy of the ticket ({@code copy} 1 is the first print, 2 the first reprint…). */
  record RecordPrinted(String ticketId, int copy, String kiosk) implements Command {}

  /** The kiosk's printer could not print this copy after its retries. */
  record RecordPrintFailed(String ticketId, int copy, String kiosk, String reason) implements Command {}

  /** Print the ticket again at its kiosk (the paper jammed, the citizen lost it). */
  record RequestReprint(String ticketId, String actor) implements Command {}

  /** Stop issuing tickets of a field for now (the field's clerks are away); the kiosk says so. */
  record PauseField(String field, String actor, String reason) implements Command {}

  record ResumeField(String field, String actor) implements Command {}

  /** End the service day now: waiting and called tickets expire, tickets in service are finished. */
  record CloseDay(String actor) implements Command {}

  /** Run the center with new settings from now on (an administrator's change). */
  record ChangeSettings(CenterSettings settings, String actor) implements Command {}

  /** Roll the center over to the current service day if it has changed; nothing else. */
  record OpenDay() implements Command {}
}
