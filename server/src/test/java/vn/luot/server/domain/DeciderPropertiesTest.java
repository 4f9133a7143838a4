package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * Random days at a center, driven the way the engine drives it (decide, then journal and fold what was accepted), with
 * a clock that jumps forward, crosses midnight and sometimes steps back. After every command the queue's invariants
 * must hold and a second state folded from the same journal must look the same.
 */
class DeciderPropertiesTest {

  enum Kind { ISSUE, CALL_NEXT, RECALL, START, FINISH, NO_SHOW, TRANSFER, PAUSE, RESUME, CANCEL, RATE, CLOSE_DAY, OPEN_DAY }

  /**
   * One random step: what to do, two free choices that pick the field, counter, ticket, key or score when the command is
   * built against the state of the moment, a flag (priority), and how far the clock moves first (may be negative).
   */
  record Step(Kind kind, int a, int b, boolean flag, long clockSeconds) {}

  @Provide
  Arbitrary<List<Step>> days() {
    Arbitrary<Kind> kinds = Arbitraries.frequency(
        Tuple.of(30, Kind.ISSUE), Tuple.of(18, Kind.CALL_NEXT), Tuple.of(5, Kind.RECALL), Tuple.of(8, Kind.START),
        Tuple.of(7, Kind.FINISH), Tuple.of(3, Kind.NO_SHOW), Tuple.of(4, Kind.TRANSFER), Tuple.of(3, Kind.PAUSE),
        Tuple.of(3, Kind.RESUME), Tuple.of(5, Kind.CANCEL), Tuple.of(5, Kind.RATE), Tuple.of(1, Kind.CLOSE_DAY),
        Tuple.of(1, Kind.OPEN_DAY));
    Arbitrary<Long> clock = Arbitraries.frequencyOf(
        Tuple.of(50, seconds(0, 120)),
        Tuple.of(20, seconds(120, 1800)),
        Tuple.of(4, seconds(4 * 3600, 20 * 3600)),
        Tuple.of(12, seconds(-300, -1)),
        Tuple.of(2, seconds(-7200, -300)));
    Arbitrary<Integer> choice = Arbitraries.integers().between(0, 999).withDistribution(RandomDistribution.uniform());
    Arbitrary<Step> step =
        Combinators.combine(kinds, choice, choice, Arbitraries.of(true, false), clock).as(Step::new);
    return step.list().ofMinSize(10).ofMaxSize(200).withSizeDistribution(RandomDistribution.uniform());
  }

  private static Arbitrary<Long> seconds(long min, long max) {
    return Arbitraries.longs().between(min, max).withDistribution(RandomDistribution.uniform());
  }

  @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
  void theQueueStaysConsistent(@ForAll("days") List<Step> steps,
                               @ForAll @IntRange(min = 0, max = 24 * 60 - 1) int startMinute,
                               @ForAll @IntRange(min = 1, max = 3) int priorityRatio,
                               @ForAll RoutingMode routing) {
    CenterConfig config = DomainFixtures.config(DomainFixtures.policy(priorityRatio, routing));
    Run run = new Run(config, DomainFixtures.at(DomainFixtures.MONDAY, 0, 0).plus(Duration.ofMinutes(startMinute)));
    for (int i = 0; i < steps.size(); i++) run.step(i, steps.get(i));
    run.refoldFromScratch();
    run.replayTodayOnly();

    // The property is only as good as the paths it walks: make sure runs really roll over, transfer, replay keys...
    for (String seen : List.of("day rolled over", "ticket transferred", "ticket recalled", "key replayed",
        "clock stepped back", "service rated", "ticket cancelled", "counter paused")) {
      Statistics.label(seen).collect(run.seen.contains(seen));
    }
    // Thresholds sit well below what runs reach (about 78, 54, 41, 75, 99, 41 and 80 %), so they do not flake.
    Statistics.label("day rolled over").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("ticket transferred").coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("ticket recalled").coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label("key replayed").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("clock stepped back").coverage(c -> c.check(true).percentage(p -> p > 80));
    Statistics.label("service rated").coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label("ticket cancelled").coverage(c -> c.check(true).percentage(p -> p > 50));
  }

  /** One run: the state, a shadow folded from the same journal, and what has been seen so far. */
  private static final class Run {
    private final CenterConfig config;
    private final CenterState state;
    private final CenterState shadow;
    private final List<Recorded> journal = new ArrayList<>();
    private final List<String> fieldCodes;
    private final List<String> counterIds;
    private final Set<String> issuedNumbers = new HashSet<>();
    private final Set<String> ticketIds = new HashSet<>();
    private final List<String> knownTicketIds = new ArrayList<>();
    private Instant now;
    private Instant lastEventAt = Instant.MIN;
    private final Set<String> seen = new HashSet<>();

    Run(CenterConfig config, Instant start) {
      this.config = config;
      this.state = new CenterState(config);
      this.shadow = new CenterState(config);
      this.now = start;
      this.fieldCodes = config.fields().stream().map(Field::code).toList();
      this.counterIds = config.counters().stream().map(Counter::id).toList();
    }

    void step(int index, Step step) {
      now = now.plusSeconds(step.clockSeconds());
      Command command = command(index, step);
      String where = "step " + index + " at " + now.atZone(config.zone()).toLocalDateTime() + ": " + command;

      Snapshot before = Snapshot.of(state);
      Decision decision;
      try {
        decision = Decider.decide(state, command, now);
      } catch (RuntimeException e) {
        throw new AssertionError("Decider threw at " + where, e);
      }
      assertNotNull(decision, where);
      assertEquals(before, Snapshot.of(state), () -> "deciding changed the state at " + where);

      if (step.clockSeconds() < 0 && state.day() != null) seen.add("clock stepped back");
      if (decision instanceof Decision.Accepted accepted) {
        if (command instanceof Command.IssueTicket && accepted.events().isEmpty()) seen.add("key replayed");
        long seq = state.seq();
        for (Event e : accepted.events()) {
          Recorded recorded = new Recorded(state.seq() + 1, e);
          try {
            state.apply(recorded);
            shadow.apply(recorded);
          } catch (RuntimeException ex) {
            throw new AssertionError("applying " + recorded + " threw at " + where, ex);
          }
          journal.add(recorded);
          assertEquals(++seq, state.seq(), () -> "seq must grow by one per event at " + where);
          observe(e, where);
        }
        if (accepted.ticketId() != null) {
          assertTrue(state.ticket(accepted.ticketId()).isPresent(),
              () -> "accepted decision names an unknown ticket at " + where);
        }
        if (accepted.counter() != null) {
          assertTrue(config.counter(accepted.counter()).isPresent(), where);
        }
      } else {
        assertEquals(before, Snapshot.of(state), where);
      }
      checkInvariants(where);
      assertEquals(Snapshot.of(state), Snapshot.of(shadow), () -> "the fold is not deterministic at " + where);
    }

    private void observe(Event e, String where) {
      assertFalse(e.at().isBefore(lastEventAt), () -> "event time went back at " + where + ": " + e);
      lastEventAt = e.at();
      if (e instanceof Event.TicketIssued issued) {
        assertEquals(LocalDate.ofInstant(issued.at(), config.zone()), issued.day(),
            () -> "a ticket belongs to the service day of its issue time: " + issued);
        assertTrue(issuedNumbers.add(issued.day() + "/" + issued.number()),
            () -> "number " + issued.number() + " issued twice on " + issued.day() + " at " + where);
        assertTrue(ticketIds.add(issued.ticketId()), () -> "ticket id reused: " + issued.ticketId());
        knownTicketIds.add(issued.ticketId());
      } else if (e instanceof Event.TicketTransferred moved) {
        assertTrue(ticketIds.add(moved.newTicketId()), () -> "ticket id reused: " + moved.newTicketId());
        knownTicketIds.add(moved.newTicketId());
        seen.add("ticket transferred");
      } else if (e instanceof Event.DayOpened opened) {
        assertEquals(LocalDate.ofInstant(opened.at(), config.zone()), opened.day(), where);
        if (state.seq() > 1) seen.add("day rolled over");
      } else if (e instanceof Event.TicketRecalled) {
        seen.add("ticket recalled");
      } else if (e instanceof Event.ServiceRated) {
        seen.add("service rated");
      } else if (e instanceof Event.TicketCancelled) {
        seen.add("ticket cancelled");
      } else if (e instanceof Event.CounterPaused) {
        seen.add("counter paused");
      }
    }

    private void checkInvariants(String where) {
      Map<String, Integer> waitingByField = new HashMap<>();
      Map<String, List<Ticket>> openByCounter = new HashMap<>();
      int levels = config.policy().ratingLevels();
      for (Ticket t : state.tickets()) {
        String about = t.number() + " (" + t.id() + ", " + t.status() + ") at " + where;
        assertEquals(state.day(), t.day(), () -> "a ticket of another day is in the state: " + about);
        assertTrue(issuedNumbers.contains(t.day() + "/" + t.number()), () -> "a number nobody issued: " + about);
        t.waitingTime().ifPresent(d -> assertFalse(d.isNegative(), () -> "negative waiting time " + d + ": " + about));
        t.serviceTime().ifPresent(d -> assertFalse(d.isNegative(), () -> "negative service time " + d + ": " + about));
        switch (t.status()) {
          case WAITING -> {
            waitingByField.merge(t.field(), 1, Integer::sum);
            assertNull(t.calledAt(), about);
            int ahead = state.ahead(t);
            assertTrue(ahead >= 0 && ahead < state.waiting(t.field()), () -> "ahead " + ahead + ": " + about);
            assertTrue(state.estimatedWaitMinutes(t) >= 0, about);
          }
          case CALLED, SERVING -> {
            assertNotNull(t.counter(), about);
            assertNotNull(t.calledAt(), about);
            openByCounter.computeIfAbsent(t.counter(), c -> new ArrayList<>()).add(t);
            if (t.status() == TicketStatus.SERVING) assertNotNull(t.startedAt(), about);
          }
          case DONE, NO_SHOW, TRANSFERRED -> assertNotNull(t.calledAt(), about);
          default -> { }
        }
        if (t.rating() != null) {
          assertEquals(TicketStatus.DONE, t.status(), about);
          assertTrue(t.rating() >= 1 && t.rating() <= levels, about);
        }
      }
      for (String field : fieldCodes) {
        assertEquals(waitingByField.getOrDefault(field, 0), state.waiting(field),
            () -> "waiting count of " + field + " differs from the WAITING tickets at " + where);
      }
      for (CounterState c : state.counters()) {
        List<Ticket> open = openByCounter.getOrDefault(c.id(), List.of());
        assertTrue(open.size() <= 1, () -> "counter " + c.id() + " has several open tickets " + open + " at " + where);
        if (open.isEmpty()) {
          assertNull(c.currentTicket(), () -> "counter " + c.id() + " points to a ticket that is not open at " + where);
          assertTrue(c.status() == CounterStatus.IDLE || c.status() == CounterStatus.PAUSED,
              () -> "counter " + c.id() + " is " + c.status() + " with nothing open at " + where);
        } else {
          Ticket t = open.get(0);
          assertEquals(t.id(), c.currentTicket(), () -> "counter " + c.id() + " lost track of its ticket at " + where);
          assertEquals(t.status() == TicketStatus.CALLED ? CounterStatus.CALLING : CounterStatus.SERVING, c.status(),
              () -> "counter " + c.id() + " status does not match " + t.status() + " at " + where);
        }
      }
      assertEquals(config.counters().size(), state.counters().size(), where);
    }

    void refoldFromScratch() {
      CenterState again = new CenterState(config);
      long expected = 1;
      for (Recorded r : journal) {
        assertEquals(expected++, r.seq(), "the journal has no gap");
        again.apply(r);
      }
      assertEquals(Snapshot.of(state), Snapshot.of(again), "a state folded again from the journal differs");
    }

    /** Loading only the current day, from its DayOpened on, gives the same state as the whole journal. */
    void replayTodayOnly() {
      int lastOpened = -1;
      for (int i = 0; i < journal.size(); i++) {
        if (journal.get(i).event() instanceof Event.DayOpened) lastOpened = i;
      }
      if (lastOpened < 0) return;
      CenterState today = CenterState.replay(config, journal.subList(lastOpened, journal.size()));
      assertEquals(Snapshot.of(state), Snapshot.of(today), "a state replayed from today's DayOpened differs");
    }

    private Command command(int index, Step s) {
      String actor = "clerk" + (s.b() % 8 + 1);
      switch (s.kind()) {
        case ISSUE -> {
          PriorityGroup group = null;
          if (s.flag() && s.b() % 2 == 0) group = PriorityGroup.values()[s.b() % PriorityGroup.values().length];
          if (!s.flag() && s.b() % 13 == 0) group = PriorityGroup.ELDERLY;
          String field = field(s.a());
          boolean priority = s.flag();
          String key = null;
          if (s.b() % 4 == 0) {
            // A kiosk retrying: the key mostly comes back with the same request, now and then with another one.
            int k = s.b() / 4 % 3;
            key = "key-" + k;
            if (s.a() % 5 != 0) {
              field = fieldCodes.get(k);
              priority = false;
              group = null;
            }
          }
          return new Command.IssueTicket(field, priority, group, Purpose.values()[s.a() % 4], null, "K" + s.b() % 3, key,
              "track-" + index, group == null ? null : "admin");
        }
        case CALL_NEXT -> { return new Command.CallNext(counter(s.a()), actor); }
        case RECALL -> { return new Command.Recall(busyCounter(s.a()), actor); }
        case START -> { return new Command.StartService(busyCounter(s.a()), actor); }
        case FINISH -> {
          return new Command.FinishService(busyCounter(s.a()), actor,
              s.flag() ? null : Outcome.values()[s.b() % Outcome.values().length], s.b() % 3 == 0 ? "HS-" + index : null);
        }
        case NO_SHOW -> { return new Command.MarkNoShow(busyCounter(s.a()), actor); }
        case TRANSFER -> { return new Command.Transfer(busyCounter(s.a()), actor, field(s.b()), s.flag() ? "note" : null); }
        case PAUSE -> { return new Command.PauseCounter(counter(s.a()), actor, s.flag() ? "nghỉ trưa" : null); }
        case RESUME -> { return new Command.ResumeCounter(counter(s.a()), actor); }
        case CANCEL -> { return new Command.CancelTicket(ticket(s.a(), s.b(), TicketStatus.WAITING), actor); }
        case RATE -> { return new Command.RateService(ticket(s.a(), s.b(), TicketStatus.DONE), s.b() % 5); }
        case CLOSE_DAY -> { return new Command.CloseDay("admin"); }
        case OPEN_DAY -> { return new Command.OpenDay(); }
        default -> throw new IllegalStateException(s.kind().toString());
      }
    }

    /** Mostly a real field, now and then one the center does not have. */
    private String field(int choice) {
      return choice % 25 == 24 ? "XX" : fieldCodes.get(choice % fieldCodes.size());
    }

    private String counter(int choice) {
      return choice % 40 == 39 ? "99" : counterIds.get(choice % counterIds.size());
    }

    /** Mostly a counter with a ticket at it, since the clerk's buttons matter there; sometimes any counter. */
    private String busyCounter(int choice) {
      List<String> busy = state.counters().stream().filter(c -> c.currentTicket() != null).map(CounterState::id).toList();
      return busy.isEmpty() || choice % 4 == 0 ? counter(choice) : busy.get(choice % busy.size());
    }

    /**
     * Mostly a ticket of today in the status the command expects, otherwise any ticket issued during the run (an
     * earlier day's too), and now and then a made-up one.
     */
    private String ticket(int choice, int other, TicketStatus fitting) {
      if (other % 17 == 0) return "19700101-Z001";
      if (choice % 3 != 0) {
        List<String> fit = state.tickets().stream().filter(t -> t.status() == fitting).map(Ticket::id).toList();
        if (!fit.isEmpty()) return fit.get(choice % fit.size());
      }
      if (knownTicketIds.isEmpty()) return "19700101-Z001";
      return knownTicketIds.get(choice % knownTicketIds.size());
    }
  }

  /** What a reader of the state can observe. */
  record Snapshot(long seq, LocalDate day, boolean dayClosed, Instant lastAt, List<Ticket> tickets,
                  List<CounterState> counters, List<RecentCall> recentCalls, Map<String, Integer> waiting,
                  Map<String, List<Integer>> aheadAndEstimate) {
    static Snapshot of(CenterState s) {
      Map<String, Integer> waiting = new LinkedHashMap<>();
      for (Field f : s.config().fields()) waiting.put(f.code(), s.waiting(f.code()));
      Map<String, List<Integer>> estimates = new LinkedHashMap<>();
      for (Ticket t : s.tickets()) {
        if (t.status() == TicketStatus.WAITING) estimates.put(t.id(), List.of(s.ahead(t), s.estimatedWaitMinutes(t)));
      }
      return new Snapshot(s.seq(), s.day(), s.dayClosed(), s.lastAt(), List.copyOf(s.tickets()),
          List.copyOf(s.counters()), s.recentCalls(), waiting, estimates);
    }
  }
}
