package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * A demo-like center and a small driver that decides and applies commands the way the engine does, so domain tests
 * read as a short story: issue, call, start, finish.
 */
final class DomainFixtures {
  private DomainFixtures() {}

  static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  static final LocalDate MONDAY = LocalDate.of(2024, 5, 6);
  static final String CLERK = "clerk1";

  static final Field DD = new Field("DD", "Đất đai", "A", 30, 15);
  static final Field HT = new Field("HT", "Hộ tịch", "B", 20, 8);
  static final Field CT = new Field("CT", "Chứng thực", "C", 15, 5);
  static final Field DKKD = new Field("DKKD", "Đăng ký kinh doanh", "D", 30, 12);
  static final Field XD = new Field("XD", "Xây dựng", "E", 30, 15);
  static final Field LD = new Field("LD", "Lao động – Thương binh và Xã hội", "F", 20, 10);

  /**
   * Counters: 1 serves Đất đai then Xây dựng, 2 only Đất đai, 3 Hộ tịch then Chứng thực, 4 the reverse, 5 business and
   * labour, 6 Xây dựng then Đất đai. So Đất đai has three counters and Hộ tịch two.
   */
  static final List<Counter> COUNTERS = List.of(
      new Counter("1", "Quầy 1", List.of("DD", "XD")),
      new Counter("2", "Quầy 2", List.of("DD")),
      new Counter("3", "Quầy 3", List.of("HT", "CT")),
      new Counter("4", "Quầy 4", List.of("CT", "HT")),
      new Counter("5", "Quầy 5", List.of("DKKD", "LD")),
      new Counter("6", "Quầy 6", List.of("XD", "DD")));

  static CenterConfig demoConfig() {
    return config(QueuePolicy.DEFAULT);
  }

  static CenterConfig config(QueuePolicy policy) {
    return new CenterConfig("default", "Trung tâm Hành chính công", ZONE, List.of(DD, HT, CT, DKKD, XD, LD), COUNTERS,
        policy);
  }

  static QueuePolicy policy(int priorityRatio, RoutingMode routing) {
    return new QueuePolicy(priorityRatio, routing, QueuePolicy.DEFAULT.recallMinGap(), QueuePolicy.DEFAULT.ratingLevels());
  }

  static Instant at(LocalDate day, int hour, int minute) {
    return LocalDateTime.of(day, LocalTime.of(hour, minute)).atZone(ZONE).toInstant();
  }

  // ---- commands ----

  private static final AtomicLong TOKENS = new AtomicLong();

  static Command.IssueTicket issue(String field) {
    return new Command.IssueTicket(field, false, null, Purpose.SUBMIT, null, "K1", null, token(), null);
  }

  static Command.IssueTicket issuePriority(String field) {
    return new Command.IssueTicket(field, true, PriorityGroup.ELDERLY, Purpose.SUBMIT, null, "K1", null, token(), null);
  }

  static Command.IssueTicket issueWithKey(String field, boolean priority, String idempotencyKey) {
    return new Command.IssueTicket(field, priority, null, Purpose.SUBMIT, null, "K1", idempotencyKey, token(), null);
  }

  static Command.CallNext callNext(String counter) { return new Command.CallNext(counter, CLERK); }
  static Command.Recall recall(String counter) { return new Command.Recall(counter, CLERK); }
  static Command.StartService start(String counter) { return new Command.StartService(counter, CLERK); }
  static Command.FinishService finish(String counter) { return new Command.FinishService(counter, CLERK, null, null); }
  static Command.MarkNoShow noShow(String counter) { return new Command.MarkNoShow(counter, CLERK); }
  static Command.Transfer transfer(String counter, String toField) {
    return new Command.Transfer(counter, CLERK, toField, "hồ sơ thuộc lĩnh vực khác");
  }
  static Command.PauseCounter pause(String counter) { return new Command.PauseCounter(counter, CLERK, "nghỉ trưa"); }
  static Command.ResumeCounter resume(String counter) { return new Command.ResumeCounter(counter, CLERK); }
  static Command.CancelTicket cancel(String ticketId) { return new Command.CancelTicket(ticketId, CLERK); }
  static Command.RateService rate(String ticketId, int score) { return new Command.RateService(ticketId, score); }
  static Command.CloseDay closeDay() { return new Command.CloseDay("admin"); }

  private static String token() {
    return "track-" + TOKENS.incrementAndGet();
  }

  // ---- the driver ----

  static Desk desk() {
    return new Desk(demoConfig(), at(MONDAY, 7, 30));
  }

  static Desk desk(QueuePolicy policy) {
    return new Desk(config(policy), at(MONDAY, 7, 30));
  }

  /** Drives one center as the engine does: decide at the current clock, then journal and apply what was accepted. */
  static final class Desk {
    final CenterState state;
    final List<Recorded> journal = new ArrayList<>();
    Instant now;
    Decision lastDecision;

    Desk(CenterConfig config, Instant start) {
      this.state = new CenterState(config);
      this.now = start;
    }

    Decision send(Command command) {
      Decision decision = Decider.decide(state, command, now);
      if (decision instanceof Decision.Accepted accepted) {
        for (Event e : accepted.events()) {
          Recorded recorded = new Recorded(state.seq() + 1, e);
          state.apply(recorded);
          journal.add(recorded);
        }
      }
      lastDecision = decision;
      return decision;
    }

    Decision.Accepted accept(Command command) {
      Decision decision = send(command);
      if (decision instanceof Decision.Rejected r) fail(command + " was rejected with " + r.rejection());
      return (Decision.Accepted) decision;
    }

    RejectionCode rejectionOf(Command command) {
      long seqBefore = state.seq();
      Decision decision = send(command);
      Decision.Rejected rejected = assertInstanceOf(Decision.Rejected.class, decision, () -> command + " was accepted");
      assertEquals(seqBefore, state.seq(), "a rejection journals nothing");
      return rejected.rejection().code();
    }

    /** The events of the last accepted command. */
    List<Event> lastEvents() {
      return lastDecision instanceof Decision.Accepted a ? a.events() : List.of();
    }

    <T extends Event> List<T> lastEvents(Class<T> type) {
      return lastEvents().stream().filter(type::isInstance).map(type::cast).toList();
    }

    Ticket issueIn(String field) { return shown(accept(issue(field))); }
    Ticket issuePriorityIn(String field) { return shown(accept(issuePriority(field))); }
    /** The called ticket, or null when nobody waits. */
    Ticket callNextAt(String counter) { return shownOrNull(accept(callNext(counter))); }
    Ticket recallAt(String counter) { return shown(accept(recall(counter))); }
    Ticket startAt(String counter) { return shown(accept(start(counter))); }
    Ticket finishAt(String counter) { return shown(accept(finish(counter))); }
    Ticket noShowAt(String counter) { return shown(accept(noShow(counter))); }
    Ticket transferAt(String counter, String toField) { return shown(accept(transfer(counter, toField))); }
    void pauseAt(String counter) { accept(pause(counter)); }
    void resumeAt(String counter) { accept(resume(counter)); }

    Ticket ticket(String id) {
      return state.ticket(id).orElseThrow(() -> new AssertionError("no ticket " + id));
    }

    /** The same ticket as the state knows it now. */
    Ticket latest(Ticket t) {
      return ticket(t.id());
    }

    CounterState counter(String id) {
      return state.counter(id).orElseThrow();
    }

    Desk advance(Duration d) {
      now = now.plus(d);
      return this;
    }

    Desk advanceSeconds(long seconds) { return advance(Duration.ofSeconds(seconds)); }
    Desk advanceMinutes(long minutes) { return advance(Duration.ofMinutes(minutes)); }

    Desk setClock(Instant instant) {
      now = instant;
      return this;
    }

    /** A fresh state folded from this desk's journal, up to and including the given seq. */
    CenterState foldedUpTo(long seq) {
      CenterState s = new CenterState(state.config());
      for (Recorded r : journal) {
        if (r.seq() > seq) break;
        s.apply(r);
      }
      return s;
    }

    private Ticket shown(Decision.Accepted accepted) {
      Ticket t = shownOrNull(accepted);
      assertTrue(t != null, "the decision names no ticket");
      return t;
    }

    private Ticket shownOrNull(Decision.Accepted accepted) {
      return accepted.ticketId() == null ? null : ticket(accepted.ticketId());
    }
  }
}
