package vn.luot.server.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * Decides commands against a center's state. Pure: reads the state, never changes it, and takes the time as an
 * argument. Rolls the center over to a new service day before deciding the first command of that day.
 */
public final class Decider {
  private Decider() {}

  public static Decision decide(CenterState state, Command command, Instant now) {
    // A clock that steps back must not produce negative waiting or service times.
    Instant at = now.isBefore(state.lastAt()) ? state.lastAt() : now;
    LocalDate today = LocalDate.ofInstant(at, state.config().zone());
    if (state.day() != null && !today.isAfter(state.day())) {
      return decideToday(state, command, at);
    }
    List<Event> rollover = new ArrayList<>();
    if (state.day() != null && !state.dayClosed()) {
      // The day ended at its midnight, even when the first command after it comes hours later (server down overnight).
      Instant endOfDay = state.day().plusDays(1).atStartOfDay(state.config().zone()).toInstant().minusMillis(1);
      rollover.add(closeDay(state, endOfDay.isBefore(state.lastAt()) ? state.lastAt() : endOfDay));
    }
    Event.DayOpened opened = new Event.DayOpened(at, today);
    rollover.add(opened);
    // Closing after midnight closes the day that was open; it must not also close the day just begun.
    if (command instanceof Command.CloseDay) return accepted(rollover);
    CenterState newDay = new CenterState(state.config());
    newDay.apply(new Recorded(1, opened));
    Decision decision = decideToday(newDay, command, at);
    if (decision instanceof Decision.Accepted a) {
      List<Event> events = new ArrayList<>(rollover);
      events.addAll(a.events());
      return new Decision.Accepted(events, a.ticketId(), a.counter());
    }
    return decision;
  }

  private static Decision decideToday(CenterState s, Command command, Instant at) {
    if (command instanceof Command.IssueTicket c) return issue(s, c, at);
    if (command instanceof Command.AtCounter c) {
      Optional<Counter> counter = s.config().counter(c.counter());
      if (counter.isEmpty()) return reject(RejectionCode.COUNTER_UNKNOWN, "counter", c.counter());
      return atCounter(s, counter.get(), s.counter(c.counter()).orElseThrow(), c, at);
    }
    if (command instanceof Command.CancelTicket c) return cancel(s, c, at);
    if (command instanceof Command.RecordPrinted c) return printed(s, c, at);
    if (command instanceof Command.RecordPrintFailed c) return printFailed(s, c, at);
    if (command instanceof Command.RequestReprint c) return reprint(s, c, at);
    if (command instanceof Command.PauseField c) return pauseField(s, c, at);
    if (command instanceof Command.ResumeField c) return resumeField(s, c, at);
    if (command instanceof Command.RateService c) return rate(s, c, at);
    if (command instanceof Command.CloseDay) {
      return s.dayClosed() ? accepted(List.of()) : accepted(List.of(closeDay(s, at)));
    }
    if (command instanceof Command.OpenDay) return accepted(List.of());
    if (command instanceof Command.ChangeSettings c) return SettingsDecider.decide(s, c, at);
    throw new IllegalArgumentException("unknown command " + command);
  }

  private static Decision issue(CenterState s, Command.IssueTicket c, Instant at) {
    Optional<Field> field = s.config().field(c.field());
    if (field.isEmpty()) return reject(RejectionCode.FIELD_UNKNOWN, "field", c.field());
    if (c.priorityGroup() != null && !c.priority()) return reject(RejectionCode.PRIORITY_GROUP_WITHOUT_PRIORITY);
    Optional<Ticket> replay = s.ticketByIdempotencyKey(c.idempotencyKey());
    if (replay.isPresent()) {
      Ticket original = replay.get();
      if (!original.field().equals(c.field()) || original.priority() != c.priority()) {
        return reject(RejectionCode.IDEMPOTENCY_KEY_REUSED);
      }
      // The same request again: answer with where that citizen's ticket is now (after a transfer, the new one).
      Ticket now = s.ticketByTrackToken(original.trackToken()).orElse(original);
      return new Decision.Accepted(List.of(), now.id(), null);
    }
    if (s.dayClosed()) return reject(RejectionCode.CENTER_CLOSED);
    if (s.fieldPaused(c.field())) return reject(RejectionCode.FIELD_PAUSED, "field", field.get().name());
    if (field.get().disabled()) return reject(RejectionCode.FIELD_DISABLED, "field", field.get().name());
    String number = formatNumber(field.get().prefix(), s.lastNumber(field.get().prefix()) + 1);
    String id = ticketId(s.day(), number, 1);
    Event issued = new Event.TicketIssued(at, id, s.day(), number, c.field(), c.priority(), c.priorityGroup(),
        c.purpose(), c.dossierCode(), c.kiosk(), c.idempotencyKey(), c.trackToken(), c.grantedBy());
    return new Decision.Accepted(List.of(issued), id, null);
  }

  private static Decision atCounter(CenterState s, Counter counter, CounterState cs, Command.AtCounter command,
                                    Instant at) {
    Optional<Ticket> current = s.ticket(cs.currentTicket());
    String id = counter.id();
    String actor = command.actor();
    if (command instanceof Command.CallNext) {
      if (cs.status() == CounterStatus.PAUSED) return reject(RejectionCode.COUNTER_PAUSED, "counter", id);
      if (s.dayClosed()) return reject(RejectionCode.CENTER_CLOSED);
      List<Event> events = new ArrayList<>();
      current.ifPresent(t -> events.add(new Event.ServiceFinished(at, t.id(), id, actor, Outcome.COMPLETED, null)));
      Optional<Ticket> next = pickNext(s, counter, cs);
      next.ifPresent(t -> events.add(new Event.TicketCalled(at, t.id(), id, actor)));
      return new Decision.Accepted(events, next.map(Ticket::id).orElse(null), id);
    }
    if (command instanceof Command.Recall) {
      if (current.isEmpty() || current.get().status() != TicketStatus.CALLED) {
        return reject(RejectionCode.NOTHING_CALLED, "counter", id);
      }
      Duration remaining = s.config().policy().recallMinGap().minus(Duration.between(current.get().lastCalledAt(), at));
      if (remaining.compareTo(Duration.ZERO) > 0) {
        return reject(RejectionCode.RECALL_TOO_SOON, "seconds", String.valueOf((remaining.toMillis() + 999) / 1000));
      }
      return ticketEvent(new Event.TicketRecalled(at, current.get().id(), id, actor), current.get(), id);
    }
    if (command instanceof Command.StartService) {
      if (current.isEmpty()) return reject(RejectionCode.NOTHING_CALLED, "counter", id);
      if (current.get().status() == TicketStatus.SERVING) return reject(RejectionCode.ALREADY_STARTED, "counter", id);
      return ticketEvent(new Event.ServiceStarted(at, current.get().id(), id, actor), current.get(), id);
    }
    if (command instanceof Command.FinishService f) {
      if (current.isEmpty()) return reject(RejectionCode.NOTHING_SERVING, "counter", id);
      Outcome outcome = f.outcome() == null ? Outcome.COMPLETED : f.outcome();
      return ticketEvent(new Event.ServiceFinished(at, current.get().id(), id, actor, outcome, f.dossierCode()),
          current.get(), id);
    }
    if (command instanceof Command.MarkNoShow) {
      if (current.isEmpty()) return reject(RejectionCode.NOTHING_CALLED, "counter", id);
      if (current.get().status() == TicketStatus.SERVING) return reject(RejectionCode.ALREADY_STARTED, "counter", id);
      return ticketEvent(new Event.TicketNoShow(at, current.get().id(), id, actor), current.get(), id);
    }
    if (command instanceof Command.Transfer tr) {
      if (current.isEmpty()) return reject(RejectionCode.NOTHING_SERVING, "counter", id);
      if (s.config().field(tr.toField()).isEmpty()) return reject(RejectionCode.FIELD_UNKNOWN, "field", tr.toField());
      Field to = s.config().field(tr.toField()).get();
      if (to.disabled()) return reject(RejectionCode.FIELD_DISABLED, "field", to.name());
      Ticket t = current.get();
      if (t.field().equals(tr.toField())) return reject(RejectionCode.TRANSFER_SAME_FIELD, "field", tr.toField());
      String newId = ticketId(t.day(), t.number(), s.versions(t.number()) + 1);
      Event moved = new Event.TicketTransferred(at, t.id(), id, actor, newId, tr.toField(), tr.note());
      return new Decision.Accepted(List.of(moved), newId, id);
    }
    if (command instanceof Command.PauseCounter p) {
      if (cs.status() == CounterStatus.PAUSED) return reject(RejectionCode.COUNTER_PAUSED, "counter", id);
      if (current.isPresent()) return reject(RejectionCode.COUNTER_BUSY, "counter", id);
      return new Decision.Accepted(List.of(new Event.CounterPaused(at, id, actor, p.reason())), null, id);
    }
    if (command instanceof Command.ResumeCounter) {
      if (cs.status() != CounterStatus.PAUSED) return reject(RejectionCode.COUNTER_NOT_PAUSED, "counter", id);
      return new Decision.Accepted(List.of(new Event.CounterResumed(at, id, actor)), null, id);
    }
    throw new IllegalArgumentException("unknown counter command " + command);
  }

  /**
   * Priority tickets first, unless the counter has just called its ratio of them in a row and a normal ticket waits;
   * among tickets of the same kind, the routing mode picks.
   */
  static Optional<Ticket> pickNext(CenterState s, Counter counter, CounterState cs) {
    Optional<String> priority = best(s, counter, true);
    Optional<String> normal = best(s, counter, false);
    boolean priorityTurn = normal.isEmpty() || cs.priorityStreak() < s.config().policy().priorityRatio();
    Optional<String> chosen = priority.isPresent() && priorityTurn ? priority : normal;
    return chosen.flatMap(s::ticket);
  }

  private static Optional<String> best(CenterState s, Counter counter, boolean priority) {
    Comparator<Map.Entry<FieldQueue.Place, String>> byPlace = Map.Entry.comparingByKey();
    Optional<Map.Entry<FieldQueue.Place, String>> best = Optional.empty();
    for (String field : counter.fields()) {
      FieldQueue q = s.queue(field);
      Optional<Map.Entry<FieldQueue.Place, String>> head = priority ? q.firstPriority() : q.firstNormal();
      if (head.isEmpty()) continue;
      if (s.config().policy().routing() == RoutingMode.FIELD_ORDER) return head.map(Map.Entry::getValue);
      if (best.isEmpty() || byPlace.compare(head.get(), best.get()) < 0) best = head;
    }
    return best.map(Map.Entry::getValue);
  }

  private static Decision cancel(CenterState s, Command.CancelTicket c, Instant at) {
    Optional<Ticket> t = s.ticket(c.ticketId());
    if (t.isEmpty()) return reject(RejectionCode.TICKET_UNKNOWN, "ticket", c.ticketId());
    if (t.get().status() != TicketStatus.WAITING) return reject(RejectionCode.TICKET_NOT_WAITING, "ticket", t.get().number());
    return new Decision.Accepted(List.of(new Event.TicketCancelled(at, t.get().id(), c.actor())), t.get().id(), null);
  }

  private static Decision rate(CenterState s, Command.RateService c, Instant at) {
    Optional<Ticket> t = s.ticket(c.ticketId());
    if (t.isEmpty()) return reject(RejectionCode.TICKET_UNKNOWN, "ticket", c.ticketId());
    QueuePolicy policy = s.config().policy();
    int levels = policy.ratingLevels();
    if (c.score() < 1 || c.score() > levels) return reject(RejectionCode.SCORE_OUT_OF_RANGE, "max", String.valueOf(levels));
    if (c.reason() != null && !policy.unhappy(c.score())) return reject(RejectionCode.REASON_ONLY_WHEN_UNHAPPY);
    if (c.counter() != null) {
      if (s.config().counter(c.counter()).isEmpty()) return reject(RejectionCode.COUNTER_UNKNOWN, "counter", c.counter());
      // A tablet rates only what its counter has just finished: the newest finish there, and not long ago.
      Optional<Ticket> last = s.lastFinished(c.counter());
      boolean open = last.isPresent() && last.get().id().equals(c.ticketId())
          && !at.isAfter(last.get().finishedAt().plus(QueuePolicy.COUNTER_RATING_WINDOW));
      if (!open) return reject(RejectionCode.RATING_CLOSED, "ticket", t.get().number());
    }
    if (t.get().status() != TicketStatus.DONE) return reject(RejectionCode.NOT_FINISHED, "ticket", t.get().number());
    if (t.get().rating() != null) return reject(RejectionCode.ALREADY_RATED, "ticket", t.get().number());
    return new Decision.Accepted(List.of(new Event.ServiceRated(at, t.get().id(), c.score(), c.reason())), t.get().id(),
        c.counter());
  }

  /** A late or repeated acknowledgement of a copy that is no longer the one due changes nothing. */
  private static Decision printed(CenterState s, Command.RecordPrinted c, Instant at) {
    Optional<PrintJob> job = s.printJob(c.ticketId()).filter(j -> j.kiosk().equals(c.kiosk()));
    if (job.isEmpty()) return printRejection(s, c.ticketId());
    if (job.get().copy() != c.copy() || job.get().status() == PrintStatus.PRINTED) return new Decision.Accepted(List.of(), c.ticketId(), null);
    return new Decision.Accepted(List.of(new Event.TicketPrinted(at, c.ticketId(), c.copy(), c.kiosk())), c.ticketId(), null);
  }

  private static Decision printFailed(CenterState s, Command.RecordPrintFailed c, Instant at) {
    Optional<PrintJob> job = s.printJob(c.ticketId()).filter(j -> j.kiosk().equals(c.kiosk()));
    if (job.isEmpty()) return printRejection(s, c.ticketId());
    if (job.get().copy() != c.copy() || job.get().status() != PrintStatus.PENDING) return new Decision.Accepted(List.of(), c.ticketId(), null);
    Event failed = new Event.TicketPrintFailed(at, c.ticketId(), c.copy(), c.kiosk(), c.reason());
    return new Decision.Accepted(List.of(failed), c.ticketId(), null);
  }

  private static Decision reprint(CenterState s, Command.RequestReprint c, Instant at) {
    Optional<PrintJob> job = s.printJob(c.ticketId());
    if (job.isEmpty()) return printRejection(s, c.ticketId());
    Event again = new Event.ReprintRequested(at, c.ticketId(), job.get().copy() + 1, c.actor());
    return new Decision.Accepted(List.of(again), c.ticketId(), null);
  }

  private static Decision printRejection(CenterState s, String ticketId) {
    Optional<Ticket> t = s.ticket(ticketId);
    if (t.isEmpty()) return reject(RejectionCode.TICKET_UNKNOWN, "ticket", ticketId);
    return reject(RejectionCode.NOT_PRINTED_AT_KIOSK, "ticket", t.get().number());
  }

  private static Decision pauseField(CenterState s, Command.PauseField c, Instant at) {
    Optional<Field> field = s.config().field(c.field());
    if (field.isEmpty()) return reject(RejectionCode.FIELD_UNKNOWN, "field", c.field());
    if (s.fieldPaused(c.field())) return reject(RejectionCode.FIELD_PAUSED, "field", field.get().name());
    return accepted(List.of(new Event.FieldPaused(at, c.field(), c.actor(), c.reason())));
  }

  private static Decision resumeField(CenterState s, Command.ResumeField c, Instant at) {
    Optional<Field> field = s.config().field(c.field());
    if (field.isEmpty()) return reject(RejectionCode.FIELD_UNKNOWN, "field", c.field());
    if (!s.fieldPaused(c.field())) return reject(RejectionCode.FIELD_NOT_PAUSED, "field", field.get().name());
    return accepted(List.of(new Event.FieldResumed(at, c.field(), c.actor())));
  }

  private static Event.DayClosed closeDay(CenterState s, Instant at) {
    List<String> expired = new ArrayList<>();
    List<String> finished = new ArrayList<>();
    for (Ticket t : s.tickets()) {
      if (t.status() == TicketStatus.WAITING || t.status() == TicketStatus.CALLED) expired.add(t.id());
      if (t.status() == TicketStatus.SERVING) finished.add(t.id());
    }
    return new Event.DayClosed(at, s.day(), expired, finished);
  }

  /** {@code A} and 12 give {@code A012}; past 999 the number simply grows ({@code A1000}). */
  static String formatNumber(String prefix, int n) {
    // Not String.format: it parses its pattern on every call, on the path of every ticket issued.
    String digits = Integer.toString(n);
    return digits.length() >= 3 ? prefix + digits : prefix + "00".substring(digits.length() - 1) + digits;
  }

  /** Ticket ids are readable and unique in a center: day, number, and a version that grows with each transfer. */
  static String ticketId(LocalDate day, String number, int version) {
    String base = day.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + number;
    return version == 1 ? base : base + "-" + version;
  }

  private static Decision ticketEvent(Event e, Ticket t, String counter) {
    return new Decision.Accepted(List.of(e), t.id(), counter);
  }

  private static Decision accepted(List<Event> events) {
    return new Decision.Accepted(events, null, null);
  }

  private static Decision reject(RejectionCode code) {
    return new Decision.Rejected(Rejection.of(code));
  }

  private static Decision reject(RejectionCode code, String key, String value) {
    return new Decision.Rejected(Rejection.of(code, key, value));
  }
}
