package vn.luot.server.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One ticket as the queue knows it. Immutable: each transition returns a new value.
 *
 * @param issuedAt  when the citizen first took a number; kept across a transfer, so the citizen keeps their place
 * @param queuedAt  when the ticket entered its current field's queue; waiting time is measured from here
 * @param queueSeq  the journal seq of the original issue; breaks ties between tickets issued in the same instant
 * @param calledAt  the first call at its counter, or null
 * @param startedAt the start of service; finish fills it with the call time when the clerk never pressed start
 */
public record Ticket(
    String id,
    LocalDate day,
    String number,
    String field,
    boolean priority,
    PriorityGroup priorityGroup,
    Purpose purpose,
    String dossierCode,
    String kiosk,
    String trackToken,
    Instant issuedAt,
    Instant queuedAt,
    long queueSeq,
    TicketStatus status,
    String counter,
    Instant calledAt,
    Instant lastCalledAt,
    int recalls,
    Instant startedAt,
    Instant finishedAt,
    Outcome outcome,
    String note,
    String transferredFrom,
    Integer rating) {

  Ticket called(String atCounter, Instant at) {
    return new Ticket(id, day, number, field, priority, priorityGroup, purpose, dossierCode, kiosk, trackToken, issuedAt,
        queuedAt, queueSeq, TicketStatus.CALLED, atCounter, calledAt == null ? at : calledAt, at, recalls, startedAt,
        finishedAt, outcome, note, transferredFrom, rating);
  }

  Ticket recalled(Instant at) {
    return new Ticket(id, day, number, field, priority, priorityGroup, purpose, dossierCode, kiosk, trackToken, issuedAt,
        queuedAt, queueSeq, status, counter, calledAt, at, recalls + 1, startedAt, finishedAt, outcome, note,
        transferredFrom, rating);
  }

  Ticket started(Instant at) {
    return new Ticket(id, day, number, field, priority, priorityGroup, purpose, dossierCode, kiosk, trackToken, issuedAt,
        queuedAt, queueSeq, TicketStatus.SERVING, counter, calledAt, lastCalledAt, recalls, at, finishedAt, outcome, note,
        transferredFrom, rating);
  }

  /** Ends the ticket; a service finished or handed on without a start is taken to have started at its call. */
  Ticket ended(TicketStatus finalStatus, Instant at, Outcome withOutcome, String withDossier) {
    boolean served = finalStatus == TicketStatus.DONE || finalStatus == TicketStatus.TRANSFERRED;
    Instant start = startedAt != null ? startedAt : (served ? calledAt : null);
    return new Ticket(id, day, number, field, priority, priorityGroup, purpose,
        withDossier != null ? withDossier : dossierCode, kiosk, trackToken, issuedAt, queuedAt, queueSeq, finalStatus,
        counter, calledAt, lastCalledAt, recalls, start, at, withOutcome, note, transferredFrom, rating);
  }

  Ticket rated(int score) {
    return new Ticket(id, day, number, field, priority, priorityGroup, purpose, dossierCode, kiosk, trackToken, issuedAt,
        queuedAt, queueSeq, status, counter, calledAt, lastCalledAt, recalls, startedAt, finishedAt, outcome, note,
        transferredFrom, score);
  }

  /** Time from entering the queue to the first call, once called. */
  public Optional<Duration> waitingTime() {
    return calledAt == null ? Optional.empty() : Optional.of(Duration.between(queuedAt, calledAt));
  }

  /** Time from start (or call) to finish, once finished with a service. */
  public Optional<Duration> serviceTime() {
    return startedAt == null || finishedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, finishedAt));
  }
}
