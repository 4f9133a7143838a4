package vn.luot.server.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * The queue of one center on its current service day: the fold of its journal. Only {@link #apply} changes it, and
 * only with the next seq, so two states fed the same journal are the same. Holds the current day only: earlier days
 * live in the journal and its reports.
 */
public final class CenterState {
  static final int RECENT_CALLS_KEPT = 20;

  /** Changes only by Event.SettingsChanged. */
  private CenterConfig config;
  private long seq;
  private Instant lastAt = Instant.EPOCH;
  private LocalDate day;
  private boolean dayClosed;
  private final Map<String, Ticket> tickets = new LinkedHashMap<>();
  private final Map<String, String> ticketByTrackToken = new HashMap<>();
  private final Map<String, String> ticketByIdempotencyKey = new HashMap<>();
  private final Map<String, Integer> lastNumberByPrefix = new HashMap<>();
  private final Map<String, Integer> versionsByNumber = new HashMap<>();
  private final Map<String, FieldQueue> queues = new HashMap<>();
  private final Map<String, CounterState> counters = new LinkedHashMap<>();
  private final Map<String, ServiceTally> servedByField = new HashMap<>();
  private final Map<String, String> lastFinishedByCounter = new HashMap<>();
  /** Each counter's calls in the last {@link WaitEstimate#SHARE_WINDOW}: which fields its time goes to. */
  private final Map<String, Deque<FieldCall>> callsByCounter = new HashMap<>();
  private final Deque<RecentCall> recentCalls = new ArrayDeque<>();
  private final Map<String, PrintJob> printJobs = new LinkedHashMap<>();
  private final Map<String, String> pausedFields = new LinkedHashMap<>();

  /** A counter called a ticket of this field at this time (first calls only, not recalls). */
  record FieldCall(Instant at, String field) {}

  /** Finished services of one field today, for the wait estimate. */
  record ServiceTally(int count, long totalSeconds) {
    static final ServiceTally NONE = new ServiceTally(0, 0);

    ServiceTally plus(Duration d) {
      return new ServiceTally(count + 1, totalSeconds + Math.max(0, d.getSeconds()));
    }
  }

  public CenterState(CenterConfig config) {
    this.config = config;
    resetDay(null, Instant.EPOCH);
  }

  /**
   * Rebuilds a state from a stretch of journal that is either the whole journal (starting at seq 1) or one day's
   * (starting at its DayOpened, which resets everything before it).
   */
  public static CenterState replay(CenterConfig config, List<Recorded> events) {
    CenterState s = new CenterState(config);
    if (!events.isEmpty()) {
      Recorded first = events.get(0);
      if (first.seq() != 1 && !(first.event() instanceof Event.DayOpened)) {
        throw new IllegalArgumentException("a replay starts at seq 1 or at a DayOpened, not at " + first);
      }
      s.seq = first.seq() - 1;
    }
    for (Recorded r : events) s.apply(r);
    return s;
  }

  private void resetDay(LocalDate newDay, Instant at) {
    day = newDay;
    dayClosed = false;
    tickets.clear();
    ticketByTrackToken.clear();
    ticketByIdempotencyKey.clear();
    lastNumberByPrefix.clear();
    versionsByNumber.clear();
    queues.clear();
    servedByField.clear();
    lastFinishedByCounter.clear();
    callsByCounter.clear();
    recentCalls.clear();
    printJobs.clear();
    pausedFields.clear();
    counters.clear();
    for (Field f : config.fields()) queues.put(f.code(), new FieldQueue());
    for (Counter c : config.counters()) counters.put(c.id(), CounterState.idle(c.id(), at));
  }

  // ---- queries ----

  public CenterConfig config() { return config; }
  public long seq() { return seq; }
  /** The time of the newest event; decisions never take an earlier time, so durations are never negative. */
  public Instant lastAt() { return lastAt; }
  /** The service day in progress, or null before the first event. */
  public LocalDate day() { return day; }
  public boolean dayClosed() { return dayClosed; }
  public Collection<Ticket> tickets() { return Collections.unmodifiableCollection(tickets.values()); }
  public Optional<Ticket> ticket(String id) { return Optional.ofNullable(id == null ? null : tickets.get(id)); }

  /** The latest ticket a tracking token points to (after a transfer, the new one). */
  public Optional<Ticket> ticketByTrackToken(String token) {
    return ticket(token == null ? null : ticketByTrackToken.get(token));
  }

  Optional<Ticket> ticketByIdempotencyKey(String key) {
    return ticket(key == null ? null : ticketByIdempotencyKey.get(key));
  }

  public Collection<CounterState> counters() { return Collections.unmodifiableCollection(counters.values()); }
  public Optional<CounterState> counter(String id) { return Optional.ofNullable(id == null ? null : counters.get(id)); }

  /** The ticket called or served at a counter now. */
  public Optional<Ticket> currentTicket(String counterId) {
    return counter(counterId).map(CounterState::currentTicket).flatMap(this::ticket);
  }

  public int waiting(String field) {
    FieldQueue q = queues.get(field);
    return q == null ? 0 : q.size();
  }

  /** Newest first. */
  public List<RecentCall> recentCalls() { return List.copyOf(recentCalls); }

  /** The printing of a kiosk ticket, or empty for a ticket not issued at a kiosk. */
  public Optional<PrintJob> printJob(String ticketId) { return Optional.ofNullable(printJobs.get(ticketId)); }

  /** Every kiosk ticket's printing today, in issue order. */
  public Collection<PrintJob> printJobs() { return Collections.unmodifiableCollection(printJobs.values()); }

  public boolean fieldPaused(String field) { return pausedFields.containsKey(field); }

  /** Why a paused field is paused (may be null). */
  public String fieldPauseReason(String field) { return pausedFields.get(field); }

  int lastNumber(String prefix) { return lastNumberByPrefix.getOrDefault(prefix, 0); }
  int versions(String number) { return versionsByNumber.getOrDefault(number, 0); }
  FieldQueue queue(String field) { return queues.get(field); }

  /** The ticket most recently finished (served, DONE) at a counter today: the one its rating tablet may rate. */
  public Optional<Ticket> lastFinished(String counterId) {
    return ticket(counterId == null ? null : lastFinishedByCounter.get(counterId));
  }

  /** People of the same field to be called before this ticket; 0 unless it is waiting. */
  public int ahead(Ticket t) {
    if (t.status() != TicketStatus.WAITING) return 0;
    return queues.get(t.field()).ahead(t);
  }

  /**
   * Minutes until this ticket is likely called: the people ahead (plus half a service when every counter of the
   * field is busy) times the field's mean service time today, or its configured default before anyone is served,
   * divided by the counters that really serve the field now — each open counter counted for the share of its recent
   * calls that went to this field, since a counter that also serves other fields gives this one only part of its time.
   * When every counter of the field is paused, they are counted as if back.
   */
  public int estimatedWaitMinutes(Ticket t) {
    return estimatedWaitMinutes(t, ahead(t));
  }

  /** The same, when the people ahead are already counted. */
  public int estimatedWaitMinutes(Ticket t, int ahead) {
    if (t.status() != TicketStatus.WAITING) return 0;
    String field = t.field();
    double open = 0;
    double all = 0;
    boolean allBusy = true;
    Instant since = lastAt.minus(WaitEstimate.SHARE_WINDOW);
    for (Counter c : config.counters()) {
      if (!c.fields().contains(field)) continue;
      CounterState cs = counters.get(c.id());
      int calls = 0;
      int ofField = 0;
      for (FieldCall call : callsByCounter.getOrDefault(c.id(), EMPTY_CALLS)) {
        if (call.at().isBefore(since)) continue;
        calls++;
        if (call.field().equals(field)) ofField++;
      }
      double share = WaitEstimate.share(calls, ofField, c.fields().get(0).equals(field));
      all += share;
      if (cs.status() == CounterStatus.PAUSED) continue;
      open += share;
      if (cs.status() == CounterStatus.IDLE) allBusy = false;
    }
    // With every counter of the field paused (a break), count them as they will be when back: the break itself
    // cannot be known, and dividing by nothing would promise an absurd wait.
    double effective = open > 0 ? open : all;
    return WaitEstimate.minutes(ahead, meanServiceSeconds(field), effective, allBusy);
  }

  private static final Deque<FieldCall> EMPTY_CALLS = new ArrayDeque<>();

  double meanServiceSeconds(String field) {
    ServiceTally tally = servedByField.get(field);
    if (tally == null || tally.count() == 0) {
      return config.field(field).map(f -> f.defaultServiceMinutes() * 60.0).orElse(300.0);
    }
    return (double) tally.totalSeconds() / tally.count();
  }

  // ---- the fold ----

  /** Applies the next event of the journal. */
  public void apply(Recorded recorded) {
    if (recorded.seq() != seq + 1) {
      throw new IllegalStateException("expected seq " + (seq + 1) + " but got " + recorded.seq());
    }
    Event e = recorded.event();
    seq = recorded.seq();
    if (e.at().isAfter(lastAt)) lastAt = e.at();
    if (e instanceof Event.DayOpened o) {
      resetDay(o.day(), o.at());
    } else if (e instanceof Event.DayClosed c) {
      for (String id : c.expired()) endTicket(id, TicketStatus.EXPIRED, c.at(), null, null);
      for (String id : c.finished()) endTicket(id, TicketStatus.DONE, c.at(), Outcome.COMPLETED, null);
      dayClosed = true;
    } else if (e instanceof Event.TicketIssued i) {
      issue(i, recorded.seq());
    } else if (e instanceof Event.TicketCalled c) {
      Ticket t = tickets.get(c.ticketId());
      queues.get(t.field()).remove(t);
      Ticket called = put(t.called(c.counter(), c.at()));
      CounterState counter = counters.get(c.counter());
      int streak = called.priority() ? counter.priorityStreak() + 1 : 0;
      counters.put(c.counter(), counter.with(CounterStatus.CALLING, t.id(), c.at()).withStreak(streak));
      remember(called, c.at(), false);
      Deque<FieldCall> calls = callsByCounter.computeIfAbsent(c.counter(), k -> new ArrayDeque<>());
      calls.addLast(new FieldCall(c.at(), t.field()));
      while (calls.peekFirst().at().isBefore(c.at().minus(WaitEstimate.SHARE_WINDOW))) calls.removeFirst();
    } else if (e instanceof Event.TicketRecalled r) {
      Ticket recalled = put(tickets.get(r.ticketId()).recalled(r.at()));
      remember(recalled, r.at(), true);
    } else if (e instanceof Event.ServiceStarted s) {
      put(tickets.get(s.ticketId()).started(s.at()));
      counters.put(s.counter(), counters.get(s.counter()).with(CounterStatus.SERVING, s.ticketId(), s.at()));
    } else if (e instanceof Event.ServiceFinished f) {
      endTicket(f.ticketId(), TicketStatus.DONE, f.at(), f.outcome(), f.dossierCode());
    } else if (e instanceof Event.TicketNoShow n) {
      endTicket(n.ticketId(), TicketStatus.NO_SHOW, n.at(), null, null);
    } else if (e instanceof Event.TicketTransferred tr) {
      transfer(tr);
    } else if (e instanceof Event.TicketCancelled c) {
      endTicket(c.ticketId(), TicketStatus.CANCELLED, c.at(), null, null);
    } else if (e instanceof Event.CounterPaused p) {
      counters.put(p.counter(), counters.get(p.counter()).paused(p.reason(), p.at()));
    } else if (e instanceof Event.CounterResumed r) {
      counters.put(r.counter(), counters.get(r.counter()).with(CounterStatus.IDLE, null, r.at()));
    } else if (e instanceof Event.ServiceRated r) {
      put(tickets.get(r.ticketId()).rated(r.score()));
    } else if (e instanceof Event.TicketPrinted p) {
      printJobs.computeIfPresent(p.ticketId(), (id, j) -> new PrintJob(id, j.kiosk(), p.copy(), PrintStatus.PRINTED, null));
    } else if (e instanceof Event.TicketPrintFailed f) {
      printJobs.computeIfPresent(f.ticketId(), (id, j) -> new PrintJob(id, j.kiosk(), f.copy(), PrintStatus.FAILED, f.reason()));
    } else if (e instanceof Event.ReprintRequested rp) {
      printJobs.computeIfPresent(rp.ticketId(), (id, j) -> new PrintJob(id, j.kiosk(), rp.copy(), PrintStatus.PENDING, null));
    } else if (e instanceof Event.FieldPaused fp) {
      pausedFields.put(fp.field(), fp.reason());
    } else if (e instanceof Event.FieldResumed fr) {
      pausedFields.remove(fr.field());
    } else if (e instanceof Event.SettingsChanged sc) {
      changeSettings(sc);
    } else {
      throw new IllegalArgumentException("unknown event " + e);
    }
  }

  /**
   * New fields get an empty queue; kept counters keep their state (a counter may change its fields mid-call), new
   * ones start idle, removed ones (idle, the decider made sure) go. Tickets of a disabled field stay queued.
   */
  private void changeSettings(Event.SettingsChanged sc) {
    config = config.withSettings(sc.settings());
    for (Field f : config.fields()) queues.putIfAbsent(f.code(), new FieldQueue());
    Map<String, CounterState> kept = new LinkedHashMap<>();
    for (Counter c : config.counters()) {
      CounterState old = counters.get(c.id());
      kept.put(c.id(), old != null ? old : CounterState.idle(c.id(), sc.at()));
    }
    counters.clear();
    counters.putAll(kept);
  }

  /** Whether any ticket of today was issued for or moved to the field. */
  public boolean fieldUsedToday(String field) {
    for (Ticket t : tickets.values()) if (t.field().equals(field)) return true;
    return false;
  }

  private void issue(Event.TicketIssued i, long atSeq) {
    Ticket t = new Ticket(i.ticketId(), i.day(), i.number(), i.field(), i.priority(), i.priorityGroup(), i.purpose(),
        i.dossierCode(), i.kiosk(), i.trackToken(), i.at(), i.at(), atSeq, TicketStatus.WAITING, null, null, null, 0,
        null, null, null, null, null, null);
    put(t);
    String prefix = config.field(i.field()).orElseThrow().prefix();
    lastNumberByPrefix.merge(prefix, 1, Integer::sum);
    versionsByNumber.put(t.number(), 1);
    ticketByTrackToken.put(t.trackToken(), t.id());
    if (i.idempotencyKey() != null) ticketByIdempotencyKey.put(i.idempotencyKey(), t.id());
    if (i.kiosk() != null) printJobs.put(t.id(), new PrintJob(t.id(), i.kiosk(), 1, PrintStatus.PENDING, null));
    queues.get(t.field()).add(t);
  }

  private void transfer(Event.TicketTransferred tr) {
    Ticket old = tickets.get(tr.ticketId());
    endTicket(old.id(), TicketStatus.TRANSFERRED, tr.at(), null, null);
    Ticket moved = new Ticket(tr.newTicketId(), old.day(), old.number(), tr.toField(), old.priority(),
        old.priorityGroup(), old.purpose(), old.dossierCode(), old.kiosk(), old.trackToken(), old.issuedAt(), tr.at(),
        old.queueSeq(), TicketStatus.WAITING, null, null, null, 0, null, null, null, tr.note(), old.id(), null);
    put(moved);
    versionsByNumber.merge(old.number(), 1, Integer::sum);
    ticketByTrackToken.put(moved.trackToken(), moved.id());
    queues.get(moved.field()).add(moved);
  }

  /** Moves a ticket to a final status and frees its counter. */
  private void endTicket(String id, TicketStatus status, Instant at, Outcome outcome, String dossierCode) {
    Ticket t = tickets.get(id);
    if (t.status() == TicketStatus.WAITING) queues.get(t.field()).remove(t);
    Ticket ended = put(t.ended(status, at, outcome, dossierCode));
    if (status == TicketStatus.DONE) {
      if (t.counter() != null) lastFinishedByCounter.put(t.counter(), id);
      ended.serviceTime().ifPresent(
          d -> servedByField.put(t.field(), servedByField.getOrDefault(t.field(), ServiceTally.NONE).plus(d)));
    }
    if (t.counter() != null) {
      CounterState c = counters.get(t.counter());
      if (id.equals(c.currentTicket())) counters.put(c.id(), c.with(CounterStatus.IDLE, null, at));
    }
  }

  private Ticket put(Ticket t) {
    tickets.put(t.id(), t);
    return t;
  }

  private void remember(Ticket t, Instant at, boolean recall) {
    recentCalls.addFirst(new RecentCall(t.id(), t.number(), t.field(), t.counter(), at, recall));
    while (recentCalls.size() > RECENT_CALLS_KEPT) recentCalls.removeLast();
  }
}
