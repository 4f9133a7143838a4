package vn.luot.server.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Counter;
import vn.luot.server.domain.CounterState;
import vn.luot.server.domain.Decider;
import vn.luot.server.domain.Decision;
import vn.luot.server.domain.Field;
import vn.luot.server.domain.Outcome;
import vn.luot.server.domain.PriorityGroup;
import vn.luot.server.domain.Purpose;
import vn.luot.server.domain.QueuePolicy;
import vn.luot.server.domain.RatingReason;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.TicketStatus;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

/**
 * The SQLite journal on a real file: durability and order, optimistic seq checks, group commit under concurrent load,
 * loading the current day, the ticket projection against the domain's own fold, storage failures, and a server
 * restarted on the same folder.
 */
@DisplayName("Journal (SQLite)")
class JournalTest {
  static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  static final LocalDate DAY = LocalDate.of(2026, 11, 27);
  static final CenterConfig CONFIG = new CenterConfig("c1", "Trung tâm thử", ZONE,
      List.of(new Field("DD", "Đất đai", "A", 30, 12), new Field("HT", "Hộ tịch", "B", 20, 6),
          new Field("CT", "Chứng thực", "C", 15, 4)),
      List.of(new Counter("1", "Quầy 1", List.of("DD", "HT")), new Counter("2", "Quầy 2", List.of("HT", "CT")),
          new Counter("3", "Quầy 3", List.of("CT", "DD"))),
      QueuePolicy.DEFAULT);

  @TempDir Path dir;
  final List<Integer> batches = new CopyOnWriteArrayList<>();
  final List<JdbcJournal> opened = new ArrayList<>();

  @AfterEach
  void closeJournals() {
    opened.forEach(JdbcJournal::close);
  }

  /** A whole server on the journal under test: the SQLite file in {@link #dir} here. */
  TestServer startServer(java.time.Clock clock) {
    return TestServer.start(dir, clock);
  }

  JdbcJournal open() {
    JdbcJournal j = SqliteJournal.open(dir, batches::add);
    opened.add(j);
    return j;
  }

  // ---- durability and order ----

  @Test
  @DisplayName("an acknowledged append is in the file at once, and a reopened journal gives every event back in order")
  void appendsAreDurableAndReloadInOrder() throws Exception {
    Desk desk = new Desk(CONFIG, at(8, 0));
    desk.issue("DD").issue("HT").issue("DD").later(60).send(new Command.CallNext("1", "clerk1"))
        .later(30).send(new Command.StartService("1", "clerk1")).later(300)
        .send(new Command.FinishService("1", "clerk1", Outcome.COMPLETED, "HS-1"));
    List<Recorded> all = desk.journal;
    assertEquals(7, all.size(), "DayOpened, 3 issued, called, started, finished");

    JdbcJournal journal = open();
    int[][] appends = {{0, 2}, {2, 5}, {5, 7}};
    for (int[] range : appends) {
      journal.append("c1", all.subList(range[0], range[1])).get(10, TimeUnit.SECONDS);
      // Acknowledged means committed: another connection to the file sees the events at once.
      assertEquals(range[1], countEvents("c1"), "events visible to another connection after the append completes");
    }
    journal.close();

    JdbcJournal again = open();
    assertEquals(all, again.loadAfter("c1", 0), "every event back, in seq order, equal to what was appended");
    assertEquals(all.subList(3, 7), again.loadAfter("c1", 3));
    assertEquals(List.of(), again.loadAfter("c1", 7));
    assertEquals(all, again.loadCurrentDay("c1"), "one day only: from its DayOpened at seq 1");
    assertEquals(List.of(), again.loadAfter("other", 0), "centers are apart");
    // And the reopened journal carries on at seq 8.
    desk.later(10).send(new Command.CallNext("1", "clerk1"));
    again.append("c1", desk.journal.subList(7, desk.journal.size())).get(10, TimeUnit.SECONDS);
    assertEquals(desk.journal, again.loadAfter("c1", 0));
  }

  @Test
  @DisplayName("an append whose first seq is not the next one fails with SeqConflictException and writes nothing")
  void seqConflict() throws Exception {
    Desk desk = new Desk(CONFIG, at(8, 0));
    for (int i = 0; i < 6; i++) desk.issue(i % 2 == 0 ? "DD" : "HT");
    List<Recorded> all = desk.journal; // seq 1..7
    JdbcJournal journal = open();

    assertConflict(journal.append("c1", all.subList(1, 3)), "a fresh center starts at seq 1, not 2");
    assertEquals(0, countEvents("c1"));
    assertEquals(Map.of(), ticketRows("c1"));

    journal.append("c1", all.subList(0, 3)).get(10, TimeUnit.SECONDS);
    Map<String, Map<String, Object>> rowsBefore = ticketRows("c1");
    assertEquals(2, rowsBefore.size());

    assertConflict(journal.append("c1", all.subList(4, 7)), "a gap: seq 5 after 3");
    assertConflict(journal.append("c1", all.subList(2, 5)), "an overlap: seq 3 again");
    assertConflict(journal.append("c1", all.subList(0, 1)), "seq 1 again");
    assertEquals(3, countEvents("c1"), "nothing of the refused appends was written");
    assertEquals(rowsBefore, ticketRows("c1"), "nor any projection row");

    // Refusals do not wedge the journal: the right next seq goes in, and other centers are independent.
    journal.append("c1", all.subList(3, 7)).get(10, TimeUnit.SECONDS);
    journal.append("c2", List.of(new Recorded(1, new Event.DayOpened(at(8, 0), DAY)))).get(10, TimeUnit.SECONDS);
    assertEquals(all, journal.loadAfter("c1", 0));
    assertEquals(1, journal.loadAfter("c2", 0).size());
  }

  @Test
  @DisplayName("two writers on one file: the one that comes second with the same seq fails on the key, writes nothing")
  void twoWritersSameSeq() throws Exception {
    Desk desk = new Desk(CONFIG, at(8, 0));
    desk.issue("DD").issue("HT");
    JdbcJournal first = open();
    first.append("c1", desk.journal).get(10, TimeUnit.SECONDS); // seq 1..3; first now believes the next is 4
    JdbcJournal second = open();

    // Two different decisions for seq 4, as two nodes (or engines) would make them.
    Recorded mine = new Recorded(4, new Event.CounterPaused(at(8, 5), "2", "clerk2", "nghỉ"));
    Recorded theirs = new Recorded(4, new Event.CounterPaused(at(8, 5), "3", "clerk3", "họp"));
    second.append("c1", List.of(theirs)).get(10, TimeUnit.SECONDS);
    // first's cached next seq still says 4, so only the table's key (center, seq) can stop it.
    assertConflict(first.append("c1", List.of(mine)), "seq 4 was taken by the other writer");
    assertEquals(theirs, first.loadAfter("c1", 3).get(0), "the winner's event stays");
    assertEquals(4, countEvents("c1"));

    // After the conflict the loser reloads its idea of the next seq and carries on.
    Recorded next = new Recorded(5, new Event.CounterResumed(at(8, 6), "3", "clerk3"));
    first.append("c1", List.of(next)).get(10, TimeUnit.SECONDS);
    assertEquals(next, second.loadAfter("c1", 4).get(0));
  }

  @Test
  @DisplayName("appends queued behind one that lost its seq are refused too: they were decided on top of it")
  void failedAppendFencesThoseQueuedBehind() throws Exception {
    Desk desk = new Desk(CONFIG, at(8, 0));
    desk.issue("DD").issue("HT").issue("DD"); // seq 1..4
    JdbcJournal first = open();
    first.append("c1", desk.journal.subList(0, 2)).get(10, TimeUnit.SECONDS);
    JdbcJournal second = open();
    Recorded theirs = new Recorded(3, new Event.CounterPaused(at(8, 5), "2", "clerk2", "họp"));
    second.append("c1", List.of(theirs)).get(10, TimeUnit.SECONDS);

    // first pipelines seq 3 and 4 in one epoch, as an engine does; 3 loses on the key, and 4 would follow the
    // winner's 3. Whether 4 is queued before or after 3 failed, it is refused.
    long epoch = first.newEpoch();
    CompletableFuture<Void> three = first.append("c1", desk.journal.subList(2, 3), epoch);
    assertConflict(three, "seq 3 was taken by the other writer");
    CompletableFuture<Void> four = first.append("c1", desk.journal.subList(3, 4), epoch);
    assertConflict(four, "seq 4 was decided on top of the lost seq 3");
    assertEquals(List.of(theirs), first.loadAfter("c1", 2), "only the winner's event after seq 2");

    // In a new epoch (as after the writer caught up), the next seq goes in.
    Recorded next = new Recorded(4, new Event.CounterResumed(at(8, 6), "2", "clerk2"));
    first.append("c1", List.of(next), first.newEpoch()).get(10, TimeUnit.SECONDS);
    assertEquals(List.of(theirs, next), second.loadAfter("c1", 2));
  }

  // ---- group commit ----

  @Test
  @DisplayName("appends of many centers from several threads all commit, many per transaction")
  void groupCommitUnderConcurrentLoad() throws Exception {
    int centers = 40;
    int threads = 8;
    int ticketsPerCenter = 50;
    Map<String, List<Recorded>> expected = new TreeMap<>();
    for (int c = 0; c < centers; c++) {
      Desk desk = new Desk(CONFIG, at(8, 0));
      for (int i = 0; i < ticketsPerCenter; i++) desk.later(7).issue(i % 3 == 0 ? "HT" : "DD");
      expected.put("center-" + c, desk.journal); // seq 1..51
    }
    JdbcJournal journal = open();
    CyclicBarrier go = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
    List<String> names = new ArrayList<>(expected.keySet());
    for (int t = 0; t < threads; t++) {
      List<String> mine = new ArrayList<>();
      for (int c = t; c < centers; c += threads) mine.add(names.get(c));
      submitted.add(pool.submit(() -> {
        go.await(10, TimeUnit.SECONDS);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        // Like an engine: each center's appends go in seq order without waiting (pipelined), the centers interleaved.
        for (int from = 0; from < ticketsPerCenter + 1; from += 2) {
          for (String center : mine) {
            List<Recorded> events = expected.get(center);
            futures.add(journal.append(center, events.subList(from, Math.min(from + 2, events.size()))));
          }
        }
        return futures;
      }));
    }
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Future<List<CompletableFuture<Void>>> f : submitted) all.addAll(f.get(30, TimeUnit.SECONDS));
    pool.shutdown();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    int appends = all.size();
    assertEquals(centers * 26, appends, "26 appends of up to 2 events per center");
    assertEquals(appends, batches.stream().mapToInt(Integer::intValue).sum(), "every append reported in a batch");
    int largest = Collections.max(batches);
    assertTrue(largest > 1, () -> "appends waiting together share a transaction; batches were " + batches);
    assertTrue(largest <= JdbcJournal.MAX_BATCH, "a batch takes at most " + JdbcJournal.MAX_BATCH);
    assertTrue(batches.size() < appends, () -> batches.size() + " transactions for " + appends + " appends");
    for (Map.Entry<String, List<Recorded>> e : expected.entrySet()) {
      assertEquals(e.getValue(), journal.loadAfter(e.getKey(), 0), e.getKey());
      assertEquals(ticketsPerCenter, ticketRows(e.getKey()).size(), e.getKey() + " tickets");
    }
  }

  // ---- the current day ----

  @Test
  @DisplayName("loadCurrentDay starts at the last DayOpened; a center without one loads from seq 1")
  void currentDayStartsAtLastDayOpened() throws Exception {
    Desk desk = new Desk(CONFIG, at(8, 0));
    desk.issue("DD").issue("HT").later(60).send(new Command.CallNext("1", "clerk1"));
    desk.setClock(LocalDateTime.of(DAY.plusDays(1), LocalTime.of(7, 45))).issue("DD"); // closes day 1, opens day 2
    desk.later(60).issue("CT").later(60).send(new Command.CallNext("2", "clerk2"));
    desk.setClock(LocalDateTime.of(DAY.plusDays(2), LocalTime.of(7, 30))).issue("HT"); // day 3
    desk.later(30).issue("HT");
    JdbcJournal journal = open();
    journal.append("c1", desk.journal).get(10, TimeUnit.SECONDS);

    int lastOpened = -1;
    for (int i = 0; i < desk.journal.size(); i++) {
      if (desk.journal.get(i).event() instanceof Event.DayOpened) lastOpened = i;
    }
    List<Recorded> today = journal.loadCurrentDay("c1");
    assertEquals(desk.journal.subList(lastOpened, desk.journal.size()), today);
    Event.DayOpened opened = assertInstanceOf(Event.DayOpened.class, today.get(0).event());
    assertEquals(DAY.plusDays(2), opened.day());
    // What the engine does with it: the replayed day equals the state that made the events.
    CenterState replayed = CenterState.replay(CONFIG, today);
    assertEquals(desk.state.seq(), replayed.seq());
    assertEquals(List.copyOf(desk.state.tickets()), List.copyOf(replayed.tickets()));
    assertEquals(List.copyOf(desk.state.counters()), List.copyOf(replayed.counters()));

    assertEquals(List.of(), journal.loadCurrentDay("nobody"), "a center with no events");
    List<Recorded> noDay = List.of(new Recorded(1, new Event.CounterPaused(at(8, 0), "1", "admin", null)),
        new Recorded(2, new Event.CounterResumed(at(8, 1), "1", "admin")));
    journal.append("c2", noDay).get(10, TimeUnit.SECONDS);
    assertEquals(noDay, journal.loadCurrentDay("c2"), "no DayOpened yet: everything from seq 1");
  }

  // ---- the ticket projection ----

  @Test
  @DisplayName("the tickets table agrees with a state folded from the same events: a scripted day")
  void projectionOfAScriptedDay() throws Exception {
    Desk desk = new Desk(CONFIG, at(8, 0));
    desk.issue("DD")                                                     // A001
        .later(30).send(new Command.IssueTicket("DD", true, PriorityGroup.ELDERLY, Purpose.SUPPLEMENT, "HS-9", "K2",
            "key-1", "track-p", "admin"))                               // A002, priority granted by staff
        .later(30).issue("CT").later(30).issue("CT")                    // C001 C002
        .later(30).issue("HT").later(30).issue("HT")                    // B001 B002
        .later(30).issue("DD")                                          // A003
        .later(120).send(new Command.CallNext("1", "clerk1"))           // A002 (priority first)
        .later(20).send(new Command.Recall("1", "clerk1"))
        .later(40).send(new Command.StartService("1", "clerk1"))
        .later(60).send(new Command.CallNext("2", "clerk2"))            // B001 (HT first at counter 2)
        .later(60).send(new Command.Transfer("2", "clerk2", "CT", "nhầm lĩnh vực")) // B001 -> CT as B001-2
        .later(60).send(new Command.CallNext("3", "clerk3"))            // C001 (issued before B001)
        .later(60).send(new Command.MarkNoShow("3", "clerk3"))
        .later(60).send(new Command.FinishService("1", "clerk1", Outcome.MISSING_DOCUMENTS, "HS-10"))
        .later(10).send(new Command.RateService(desk.id("A002"), 1, RatingReason.LONG_WAIT, "1"))
        .later(60).send(new Command.CallNext("3", "clerk3"))            // C002
        .later(60).send(new Command.CallNext("3", "clerk3"))            // finishes C002, calls B001-2
        .later(10).send(new Command.RateService(desk.id("C002"), 3))
        .later(60).send(new Command.CancelTicket(desk.id("B002"), "clerk2"))
        .later(60).send(new Command.CallNext("1", "clerk1"))            // A001
        .later(30).send(new Command.StartService("1", "clerk1"))        // A001 in service at closing
        .later(60).send(new Command.PauseCounter("2", "clerk2", "nghỉ trưa"))
        .later(60).issue("DD")                                          // A004, waiting at closing
        .later(3600).send(new Command.CloseDay("admin"));               // A001 finished; A003, A004, B001-2 expire
    assertEquals(Set.of(TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.TRANSFERRED, TicketStatus.CANCELLED,
            TicketStatus.EXPIRED), desk.state.tickets().stream().map(Ticket::status).collect(Collectors.toSet()),
        "the day ends with DONE, NO_SHOW, TRANSFERRED, CANCELLED and EXPIRED tickets");
    Event.DayClosed closed = assertInstanceOf(Event.DayClosed.class, desk.journal.get(desk.journal.size() - 1).event());
    assertEquals(Set.of(desk.id("A003"), desk.id("A004"), desk.id("B001") + "-2"), Set.copyOf(closed.expired()));
    assertEquals(List.of(desk.id("A001")), closed.finished());

    JdbcJournal journal = open();
    // One append per command, as the engine does, pipelined.
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (List<Recorded> appended : desk.appends) futures.add(journal.append("c1", appended));
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertProjectionMatches(desk, "scripted day");
  }

  @Test
  @DisplayName("the tickets table agrees with the fold on random days, compared at every day's close")
  void projectionOfRandomDays() throws Exception {
    JdbcJournal journal = open();
    Set<String> seenEvents = new TreeSet<>();
    int comparedDays = 0;
    for (int seed = 1; seed <= 12; seed++) {
      String center = "random-" + seed;
      Random random = new Random(seed);
      Desk desk = new Desk(CONFIG, at(7, 0));
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int step = 0; step < 400; step++) {
        desk.later(random.nextInt(50) == 0 ? 36_000 + random.nextInt(36_000) : random.nextInt(300));
        Command command = randomCommand(random, desk);
        // Before a command that opens a new day, compare the day that is about to go.
        Decision decision = Decider.decide(desk.state, command, desk.now);
        boolean rollsOver = decision instanceof Decision.Accepted a
            && a.events().stream().anyMatch(e -> e instanceof Event.DayOpened) && desk.state.day() != null;
        if (rollsOver) {
          // The day closes inside this command: journal up to and including its DayClosed, then compare.
          Decision.Accepted a = (Decision.Accepted) decision;
          int opening = indexOfDayOpened(a.events());
          List<Recorded> closing = desk.applyEvents(a.events().subList(0, opening));
          futures.add(journal.append(center, closing));
          CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
          assertProjectionMatches(center, desk, "seed " + seed + " step " + step);
          comparedDays++;
          futures.add(journal.append(center, desk.applyEvents(a.events().subList(opening, a.events().size()))));
        } else if (decision instanceof Decision.Accepted a) {
          futures.add(journal.append(center, desk.applyEvents(a.events())));
        }
        if (decision instanceof Decision.Accepted a) a.events().forEach(e -> seenEvents.add(e.getClass().getSimpleName()));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertProjectionMatches(center, desk, "seed " + seed + " at the end");
      comparedDays++;
      assertEquals(desk.journal, journal.loadAfter(center, 0), "seed " + seed + ": the journal holds every event");
    }
    Set<String> allKinds = new TreeSet<>();
    for (Class<?> c : Event.class.getPermittedSubclasses()) allKinds.add(c.getSimpleName());
    assertEquals(allKinds, seenEvents, "the random days produced every kind of event");
    assertTrue(comparedDays > 20, "compared " + comparedDays + " days");
  }

  private static int indexOfDayOpened(List<Event> events) {
    for (int i = 0; i < events.size(); i++) if (events.get(i) instanceof Event.DayOpened) return i;
    throw new IllegalStateException();
  }

  private static Command randomCommand(Random r, Desk desk) {
    CenterState s = desk.state;
    String counter = String.valueOf(1 + r.nextInt(3));
    List<String> busy = s.counters().stream().filter(c -> c.currentTicket() != null).map(CounterState::id).toList();
    String busyCounter = busy.isEmpty() || r.nextInt(5) == 0 ? counter : busy.get(r.nextInt(busy.size()));
    String clerk = "clerk" + (1 + r.nextInt(4));
    String field = List.of("DD", "HT", "CT").get(r.nextInt(3));
    int k = r.nextInt(100);
    if (k < 30) {
      boolean priority = r.nextInt(5) == 0;
      PriorityGroup group = priority && r.nextBoolean() ? PriorityGroup.values()[r.nextInt(4)] : null;
      String key = r.nextInt(8) == 0 ? "key-" + r.nextInt(3) : null;
      if (key != null) {
        field = "DD";
        priority = false;
        group = null;
      }
      return new Command.IssueTicket(field, priority, group, Purpose.values()[r.nextInt(4)],
          r.nextInt(4) == 0 ? "HS-" + r.nextInt(1000) : null, "K" + r.nextInt(3), key, "track-" + desk.tokens++,
          group == null ? null : "admin");
    }
    if (k < 50) return new Command.CallNext(counter, clerk);
    if (k < 57) return new Command.StartService(busyCounter, clerk);
    if (k < 67) {
      Outcome outcome = r.nextBoolean() ? null : Outcome.values()[r.nextInt(Outcome.values().length)];
      return new Command.FinishService(busyCounter, clerk, outcome, r.nextInt(3) == 0 ? "HS-" + r.nextInt(1000) : null);
    }
    if (k < 71) return new Command.MarkNoShow(busyCounter, clerk);
    if (k < 76) return new Command.Transfer(busyCounter, clerk, field, r.nextBoolean() ? "ghi chú" : null);
    if (k < 79) return new Command.Recall(busyCounter, clerk);
    if (k < 85) {
      List<String> waiting = s.tickets().stream().filter(t -> t.status() == TicketStatus.WAITING).map(Ticket::id).toList();
      return new Command.CancelTicket(waiting.isEmpty() ? "none" : waiting.get(r.nextInt(waiting.size())), clerk);
    }
    if (k < 91) {
      List<String> done = s.tickets().stream().filter(t -> t.status() == TicketStatus.DONE).map(Ticket::id).toList();
      int score = 1 + r.nextInt(3);
      RatingReason reason = score == 1 && r.nextBoolean() ? RatingReason.values()[r.nextInt(RatingReason.values().length)] : null;
      return new Command.RateService(done.isEmpty() ? "none" : done.get(r.nextInt(done.size())), score, reason, null);
    }
    if (k < 93) return new Command.PauseCounter(counter, clerk, null);
    if (k < 95) return new Command.ResumeCounter(counter, clerk);
    if (k < 97) {
      List<vn.luot.server.domain.PrintJob> jobs = List.copyOf(s.printJobs());
      if (jobs.isEmpty()) return new Command.OpenDay();
      vn.luot.server.domain.PrintJob job = jobs.get(r.nextInt(jobs.size()));
      int which = r.nextInt(3);
      if (which == 0) return new Command.RecordPrinted(job.ticketId(), job.copy(), job.kiosk());
      if (which == 1) return new Command.RecordPrintFailed(job.ticketId(), job.copy(), job.kiosk(), "PAPER_OUT");
      return new Command.RequestReprint(job.ticketId(), clerk);
    }
    if (k < 98) {
      if (r.nextInt(3) == 0) {
        // An administrator's change of rules in the middle of the day (journaled like any other event).
        vn.luot.server.domain.CenterSettings now = s.config().settings();
        vn.luot.server.domain.QueuePolicy p = now.policy();
        return new Command.ChangeSettings(new vn.luot.server.domain.CenterSettings(now.fields(), now.counters(),
            new vn.luot.server.domain.QueuePolicy(1 + r.nextInt(3), p.routing(), p.recallMinGap(), p.ratingLevels()),
            now.display(), now.ratingLabels()), "admin");
      }
      // A paused field is mostly resumed, so both events show up however rare this branch is.
      return s.fieldPaused(field) && r.nextInt(4) != 0 ? new Command.ResumeField(field, "admin")
          : new Command.PauseField(field, "admin", r.nextBoolean() ? "họp" : null);
    }
    if (k < 99) return new Command.CloseDay("admin");
    return new Command.OpenDay();
  }

  private void assertProjectionMatches(Desk desk, String where) throws SQLException {
    assertProjectionMatches("c1", desk, where);
  }

  /**
   * Every ticket of the state's day has a row with the same values, and no other row of that day exists. Columns the
   * Ticket record lacks come from the events: the clerk is the actor of the last call or start, granted_by and the
   * idempotency key from the issue (a transfer copy keeps granted_by and drops the key).
   */
  private void assertProjectionMatches(String center, Desk desk, String where) throws SQLException {
    CenterState s = desk.state;
    Map<String, Map<String, Object>> rows = new TreeMap<>(ticketRows(center));
    rows.values().removeIf(row -> !s.day().toString().equals(row.get("day")));
    Map<String, Map<String, Object>> expected = new TreeMap<>();
    for (Ticket t : s.tickets()) expected.put(t.id(), expectedRow(center, t, desk));
    assertEquals(expected.keySet(), rows.keySet(), where + ": the rows of " + s.day());
    for (String id : expected.keySet()) {
      Map<String, Object> want = expected.get(id);
      Map<String, Object> got = rows.get(id);
      List<String> differ = want.keySet().stream().filter(k -> !Objects.equals(want.get(k), got.get(k)))
          .map(k -> k + ": expected " + want.get(k) + " but the row has " + got.get(k)).toList();
      assertEquals(want.keySet(), got.keySet(), where + ": columns of row " + id);
      assertTrue(differ.isEmpty(), () -> where + ": row " + id + " differs from the fold: " + differ);
    }
  }

  private static Map<String, Object> expectedRow(String center, Ticket t, Desk desk) {
    Map<String, Object> row = new TreeMap<>();
    row.put("center", center);
    row.put("id", t.id());
    row.put("day", t.day().toString());
    row.put("number", t.number());
    row.put("field", t.field());
    row.put("priority", t.priority() ? 1 : 0);
    row.put("priority_group", t.priorityGroup() == null ? null : t.priorityGroup().name());
    row.put("purpose", t.purpose() == null ? null : t.purpose().name());
    row.put("dossier_code", t.dossierCode());
    row.put("kiosk", t.kiosk());
    Event.TicketIssued issue = desk.issueOf(t);
    row.put("granted_by", issue.grantedBy());
    row.put("track_token", t.trackToken());
    row.put("idempotency_key", t.transferredFrom() == null ? issue.idempotencyKey() : null);
    row.put("status", t.status().name());
    row.put("issued_at", ms(t.issuedAt()));
    row.put("queued_at", ms(t.queuedAt()));
    row.put("called_at", ms(t.calledAt()));
    row.put("started_at", ms(t.startedAt()));
    row.put("finished_at", ms(t.finishedAt()));
    row.put("counter", t.counter());
    row.put("clerk", desk.clerkOf.get(t.id()));
    row.put("recalls", t.recalls());
    row.put("outcome", t.outcome() == null ? null : t.outcome().name());
    row.put("note", t.note());
    row.put("transferred_from", t.transferredFrom());
    row.put("rating", t.rating());
    row.put("rating_reason", desk.ratingReasonOf.get(t.id()));
    row.put("wait_ms", t.waitingTime().map(Duration::toMillis).orElse(null));
    row.put("service_ms", t.serviceTime().map(Duration::toMillis).orElse(null));
    row.put("last_seq", desk.lastSeqOf.get(t.id()));
    var job = desk.state.printJob(t.id());
    row.put("print_status", job.map(j -> j.status().name()).orElse(null));
    row.put("print_copy", job.map(j -> j.copy()).orElse(0));
    row.put("print_reason", job.map(j -> j.reason()).orElse(null));
    return row;
  }

  private static Long ms(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  // ---- storage failures ----

  @Test
  @DisplayName("a database the journal may only read: append fails with JournalUnavailableException, nothing written")
  void readOnlyDatabase() throws Exception {
    // Tests run as root here, and chmod does not stop root writing. SQLite's own read-only mode fails writes with the
    // same SQLITE_READONLY error a read-only file gives an unprivileged server, so the journal's handling is the same.
    Desk desk = new Desk(CONFIG, at(8, 0));
    desk.issue("DD").issue("HT").later(60).send(new Command.CallNext("1", "clerk1")).issue("CT").issue("DD");
    JdbcJournal writable = open();
    writable.append("c1", desk.journal.subList(0, 3)).get(10, TimeUnit.SECONDS);
    writable.close();
    Map<String, Map<String, Object>> rowsBefore = ticketRows("c1");

    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    readOnly.setBusyTimeout(5_000);
    String url = "jdbc:sqlite:" + dir.resolve(SqliteJournal.FILE_NAME).toAbsolutePath();
    JdbcJournal journal = new JdbcJournal(() -> readOnly.createConnection(url), batches::add);
    opened.add(journal);
    assertEquals(desk.journal.subList(0, 3), journal.loadAfter("c1", 0), "reading still works");
    // The append fails, and so does one of another center right behind it (in the same batch or the next).
    CompletableFuture<Void> a = journal.append("c1", desk.journal.subList(3, desk.journal.size()));
    CompletableFuture<Void> b = journal.append("c2", List.of(new Recorded(1, new Event.DayOpened(at(8, 0), DAY))));
    assertUnavailable(a, "append to a read-only database");
    assertUnavailable(b, "another append in the same batch");
    assertTrue(journal.healthy(), "reads still answer");

    assertEquals(3, countEvents("c1"), "no event of the failed append");
    assertEquals(0, countEvents("c2"));
    assertEquals(rowsBefore, ticketRows("c1"), "no projection change");
    // Once storage is writable again, the same append goes through at the same seq.
    JdbcJournal recovered = open();
    recovered.append("c1", desk.journal.subList(3, desk.journal.size())).get(10, TimeUnit.SECONDS);
    assertEquals(desk.journal, recovered.loadAfter("c1", 0));
  }

  @Test
  @DisplayName("a read-only data folder: the journal cannot append there, and nothing is written")
  void readOnlyFolder() throws Exception {
    Desk desk = new Desk(CONFIG, at(8, 0));
    desk.issue("DD").issue("HT");
    JdbcJournal journal = open();
    journal.append("c1", desk.journal.subList(0, 2)).get(10, TimeUnit.SECONDS);
    journal.close(); // the last connection closing removes -wal and -shm: no file of the folder stays mapped
    List<Path> files = new ArrayList<>();
    try (var list = Files.list(dir)) {
      list.forEach(files::add);
    }
    Map<Path, Set<PosixFilePermission>> perms = new LinkedHashMap<>();
    for (Path p : files) perms.put(p, Files.getPosixFilePermissions(p));
    perms.put(dir, Files.getPosixFilePermissions(dir));
    boolean immutable = false;
    try {
      for (Path p : files) Files.setPosixFilePermissions(p, EnumSet.of(PosixFilePermission.OWNER_READ));
      Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE));
      if (Files.isWritable(dir)) {
        // Root (as in this container) writes whatever the mode bits say. The immutable attribute stops root too, where
        // the file system and the capabilities allow it. Only ever on closed files: a mapped -shm made immutable under
        // a live SQLite connection crashes the process with SIGBUS.
        List<String> chattr = new ArrayList<>(List.of("chattr", "+i"));
        files.forEach(p -> chattr.add(p.toString()));
        chattr.add(dir.toString());
        immutable = run(chattr);
      }
      assumeTrue(!Files.isWritable(dir) || immutable,
          "neither chmod (we are root) nor chattr +i can make the folder read-only here; readOnlyDatabase shows the "
              + "same failure through SQLite's read-only mode");
      JournalUnavailableException e;
      String when;
      try {
        JdbcJournal ro = open();
        when = "append";
        e = assertUnavailable(ro.append("c1", desk.journal.subList(2, 3)), "append in a read-only folder");
      } catch (JournalUnavailableException atOpen) {
        // SQLite cannot open a WAL database whose folder it cannot write (no -shm): the server refuses to start.
        when = "open";
        e = atOpen;
      }
      assertNotNull(e);
      System.out.println("read-only folder (" + (immutable ? "chattr +i" : "chmod") + "): refused at " + when + ": "
          + e.getMessage());
    } finally {
      if (immutable) {
        List<String> undo = new ArrayList<>(List.of("chattr", "-i", dir.toString()));
        files.forEach(p -> undo.add(p.toString()));
        assertTrue(run(undo), "chattr -i");
      }
      for (Map.Entry<Path, Set<PosixFilePermission>> p : perms.entrySet()) Files.setPosixFilePermissions(p.getKey(), p.getValue());
    }
    assertEquals(2, countEvents("c1"), "nothing written");
    assertEquals(desk.journal.subList(0, 2), open().loadAfter("c1", 0));
  }

  private static boolean run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no chattr here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  @DisplayName("a closed journal refuses appends with JournalUnavailableException and writes nothing")
  void closedJournal() throws Exception {
    Desk desk = new Desk(CONFIG, at(8, 0));
    desk.issue("DD").issue("HT");
    JdbcJournal journal = open();
    journal.append("c1", desk.journal.subList(0, 2)).get(10, TimeUnit.SECONDS);
    journal.close();
    assertUnavailable(journal.append("c1", desk.journal.subList(2, 3)), "append after close");
    assertEquals(2, countEvents("c1"));
    assertEquals(desk.journal.subList(0, 2), open().loadAfter("c1", 0));
  }

  // ---- a server restarted on the same folder ----

  @Nested
  @DisplayName("A server restarted on the same data folder")
  class Restart {
    @Test
    @DisplayName("shows the same queue and counters, numbers on, and its lobby snapshot is at the journal's last seq")
    void sameQueueAfterRestart() throws Exception {
      MutableClock clock = new MutableClock(Instant.parse("2026-11-27T01:00:00Z")); // 08:00 local
      JsonObject before;
      String admin; // may act at every counter: one (deliberately slow) password check instead of three
      try (TestServer server = startServer(clock)) {
        Api api = server.api();
        admin = api.login("admin");
        api.issue("DD");                                              // A001
        clock.advance(Duration.ofMinutes(1));
        api.issue("DD");                                              // A002
        api.issue("HT");                                              // B001
        api.issue("HT");                                              // B002
        api.issue("CT");                                              // C001
        clock.advance(Duration.ofMinutes(5));
        assertEquals(200, api.counter("1", "call-next", admin).status());    // A001 called at counter 1
        assertEquals(200, api.counter("3", "call-next", admin).status());    // B001 called at counter 3
        clock.advance(Duration.ofMinutes(1));
        assertEquals(200, api.counter("3", "start", admin).status());        // B001 in service
        assertEquals(200, api.counter("2", "pause", admin).status());        // counter 2 paused
        before = api.center();
      }
      // 1 DayOpened + 5 issued + 2 called + 1 started + 1 paused
      assertEquals(10, countEvents("default"));

      clock.advance(Duration.ofMinutes(2));
      Vertx vertx = Vertx.vertx();
      try (TestServer server = startServer(clock)) {
        Api api = server.api();
        JsonObject after = api.center();
        assertEquals("2026-11-27", after.getString("day"));
        assertEquals(before.getJsonArray("fields"), after.getJsonArray("fields"), "the same waiting counts");
        assertEquals(before.getJsonArray("counters"), after.getJsonArray("counters"), "the same counters");
        assertEquals(Map.of("DD", 1, "HT", 1, "CT", 1), waiting(after.getJsonArray("fields")));
        assertEquals("CALLING", counter(after, "1").getString("status"));
        assertEquals("A001", counter(after, "1").getString("serving"));
        assertEquals("PAUSED", counter(after, "2").getString("status"));
        assertEquals("SERVING", counter(after, "3").getString("status"));
        assertEquals("B001", counter(after, "3").getString("serving"));

        try (WsClient lobby = WsClient.connect(vertx, server.port(), "/ws/centers/default")) {
          JsonObject snapshot = lobby.next();
          assertEquals("snapshot", snapshot.getString("type"));
          assertEquals(countEvents("default"), snapshot.getLong("seq"), "the snapshot is at the journal's last seq");
          assertEquals(10, snapshot.getLong("seq"), "the restart itself journals nothing on the same day");

          // Numbering carries on, and the lobby sees the next seq.
          assertEquals("A003", api.issue("DD").getString("number"));
          assertEquals("B003", api.issue("HT").getString("number"));
          assertEquals(11, lobby.next().getLong("seq"));
          assertEquals(12, lobby.next().getLong("seq"));
        }
        // The token (signed with the secret kept in the folder) still works, and the work carries on.
        Api.Response finished = api.counter("3", "finish", admin);
        assertEquals(200, finished.status(), finished.body());
        assertEquals("B001", finished.json().getString("number"));
        assertEquals("DONE", finished.json().getString("status"));
        Api.Response next = api.counter("1", "call-next", admin);
        assertEquals("A002", next.json().getString("number"), "counter 1 finishes A001 and calls A002");
        assertEquals(15, countEvents("default"), "12, then B001 finished, then A001 finished + A002 called");
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }

    private JsonObject counter(JsonObject center, String id) {
      JsonArray counters = center.getJsonArray("counters");
      for (int i = 0; i < counters.size(); i++) {
        if (id.equals(counters.getJsonObject(i).getString("id"))) return counters.getJsonObject(i);
      }
      throw new AssertionError("no counter " + id);
    }

    private Map<String, Integer> waiting(JsonArray fields) {
      Map<String, Integer> out = new HashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        int n = fields.getJsonObject(i).getInteger("waiting");
        if (n > 0) out.put(fields.getJsonObject(i).getString("code"), n);
      }
      return out;
    }
  }

  // ---- helpers ----

  static Instant at(int hour, int minute) {
    return LocalDateTime.of(DAY, LocalTime.of(hour, minute)).atZone(ZONE).toInstant();
  }

  private static void assertConflict(CompletableFuture<Void> append, String why) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> append.get(10, TimeUnit.SECONDS), why);
    assertInstanceOf(SeqConflictException.class, e.getCause(), why);
  }

  private static JournalUnavailableException assertUnavailable(CompletableFuture<Void> append, String why) {
    try {
      append.get(10, TimeUnit.SECONDS);
      return fail(why + ": the append succeeded");
    } catch (java.util.concurrent.TimeoutException e) {
      return fail(why + ": the append never completed (it hangs)");
    } catch (ExecutionException e) {
      return assertInstanceOf(JournalUnavailableException.class, e.getCause(), why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteJournal.FILE_NAME).toAbsolutePath());
  }

  private long countEvents(String center) throws SQLException {
    try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events WHERE center = ?")) {
      ps.setString(1, center);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Every column of the center's ticket rows, by id; integers as Integer or Long as the column holds them. */
  private Map<String, Map<String, Object>> ticketRows(String center) throws SQLException {
    Map<String, Map<String, Object>> rows = new TreeMap<>();
    try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("SELECT * FROM tickets WHERE center = ?")) {
      ps.setString(1, center);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new TreeMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnName(i);
            Object v = rs.getObject(i);
            row.put(name, normalize(name, v));
          }
          rows.put((String) row.get("id"), row);
        }
      }
    }
    return rows;
  }

  /** SQLite gives small integers as Integer and large as Long; the row compares times and durations as Long. */
  private static Object normalize(String column, Object v) {
    if (v == null) return null;
    Set<String> longs = Set.of("issued_at", "queued_at", "called_at", "started_at", "finished_at", "wait_ms",
        "service_ms", "last_seq");
    if (longs.contains(column)) return ((Number) v).longValue();
    if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return l.intValue();
    return v;
  }

  /**
   * Drives one center as the engine does (decide at the clock, fold the accepted events) and remembers what the
   * projection needs beyond the Ticket record: each ticket's clerk, issue event and last seq, and each command's
   * events as one append.
   */
  static final class Desk {
    final CenterState state;
    final List<Recorded> journal = new ArrayList<>();
    final List<List<Recorded>> appends = new ArrayList<>();
    final Map<String, String> clerkOf = new HashMap<>();
    final Map<String, String> ratingReasonOf = new HashMap<>();
    final Map<String, Long> lastSeqOf = new HashMap<>();
    final Map<String, Event.TicketIssued> issued = new HashMap<>();
    final Map<String, String> originOf = new HashMap<>();
    Instant now;
    int tokens;

    Desk(CenterConfig config, Instant start) {
      this.state = new CenterState(config);
      this.now = start;
    }

    Desk later(long seconds) {
      now = now.plusSeconds(seconds);
      return this;
    }

    Desk setClock(LocalDateTime local) {
      now = local.atZone(ZONE).toInstant();
      return this;
    }

    Desk issue(String field) {
      return send(new Command.IssueTicket(field, false, null, Purpose.SUBMIT, null, "K1", null, "track-" + tokens++, null));
    }

    /** Decides and folds a command; a refusal fails the test (scripted days only send what applies). */
    Desk send(Command command) {
      Decision d = Decider.decide(state, command, now);
      if (d instanceof Decision.Rejected r) throw new AssertionError(command + " was rejected: " + r.rejection());
      List<Recorded> recorded = applyEvents(((Decision.Accepted) d).events());
      if (!recorded.isEmpty()) appends.add(recorded);
      return this;
    }

    List<Recorded> applyEvents(List<Event> events) {
      List<Recorded> out = new ArrayList<>();
      for (Event e : events) {
        Recorded r = new Recorded(state.seq() + 1, e);
        state.apply(r);
        journal.add(r);
        out.add(r);
        track(r);
      }
      return out;
    }

    private void track(Recorded r) {
      Event e = r.event();
      long seq = r.seq();
      if (e instanceof Event.TicketIssued i) {
        issued.put(i.ticketId(), i);
        lastSeqOf.put(i.ticketId(), seq);
      } else if (e instanceof Event.TicketCalled c) {
        clerkOf.put(c.ticketId(), c.actor());
        lastSeqOf.put(c.ticketId(), seq);
      } else if (e instanceof Event.ServiceStarted s) {
        clerkOf.put(s.ticketId(), s.actor());
        lastSeqOf.put(s.ticketId(), seq);
      } else if (e instanceof Event.TicketRecalled x) {
        lastSeqOf.put(x.ticketId(), seq);
      } else if (e instanceof Event.ServiceFinished x) {
        lastSeqOf.put(x.ticketId(), seq);
      } else if (e instanceof Event.TicketNoShow x) {
        lastSeqOf.put(x.ticketId(), seq);
      } else if (e instanceof Event.TicketCancelled x) {
        lastSeqOf.put(x.ticketId(), seq);
      } else if (e instanceof Event.ServiceRated x) {
        lastSeqOf.put(x.ticketId(), seq);
        ratingReasonOf.put(x.ticketId(), x.reason() == null ? null : x.reason().name());
      } else if (e instanceof Event.TicketPrinted x) {
        lastSeqOf.put(x.ticketId(), seq);
      } else if (e instanceof Event.TicketPrintFailed x) {
        lastSeqOf.put(x.ticketId(), seq);
      } else if (e instanceof Event.ReprintRequested x) {
        lastSeqOf.put(x.ticketId(), seq);
      } else if (e instanceof Event.TicketTransferred x) {
        lastSeqOf.put(x.ticketId(), seq);
        lastSeqOf.put(x.newTicketId(), seq);
        originOf.put(x.newTicketId(), originOf.getOrDefault(x.ticketId(), x.ticketId()));
      } else if (e instanceof Event.DayClosed x) {
        x.expired().forEach(id -> lastSeqOf.put(id, seq));
        x.finished().forEach(id -> lastSeqOf.put(id, seq));
      }
    }

    /** The issue event of a ticket, or of the ticket it was transferred from. */
    Event.TicketIssued issueOf(Ticket t) {
      return issued.get(originOf.getOrDefault(t.id(), t.id()));
    }

    /** A ticket's id by its number today (the original, not a transfer copy). */
    String id(String number) {
      return state.tickets().stream().filter(t -> t.number().equals(number) && t.transferredFrom() == null)
          .map(Ticket::id).findFirst().orElseThrow(() -> new AssertionError("no ticket " + number));
    }
  }
}
