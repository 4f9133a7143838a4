package vn.luot.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.journal.SqliteJournal;
import vn.luot.server.support.Api;
import vn.luot.server.support.ServerProcess;

/**
 * The promise of DESIGN.md, tested the hard way: "a ticket is answered only once durable" and "numbering never
 * repeats". The server runs as its own process; kiosks issue tickets and clerks call and finish them concurrently;
 * the process is killed with SIGKILL at a random moment (no shutdown hook, no close), restarted on the same data
 * folder, and what every kiosk and clerk was told is compared with what the server, its journal and its tickets
 * table now say. The kill moments come from a seeded random: a failure prints the seed, and
 * {@code -Dluot.crash.seed=N} replays the same moments (as near as thread timing allows).
 *
 * <p>Short by default (3 cycles, for CI); {@code -Dluot.reliability=full} runs the 20 cycles of issue 7.
 */
@DisplayName("A server killed with SIGKILL at random moments under load")
class CrashLoopTest {
  private static final String CENTER = "default";
  private static final List<String> FIELDS = List.of("DD", "HT", "CT", "KD", "XD", "LD");
  /** Concurrent kiosks, each issuing one ticket after another. */
  private static final int CLIENTS = 32;
  /** Clerks at counters 1–4 (clerk1–clerk4 of the demo center), each calling and finishing in a loop. */
  private static final int CLERKS = 4;
  /** The kill comes once a random number of the cycle's tickets in [MIN, MAX] are acknowledged. */
  private static final int MIN_ACKS_BEFORE_KILL = 20;
  private static final int MAX_ACKS_BEFORE_KILL = 400;
  /** And after a further random delay up to this, so the kill does not always follow an answer closely. */
  private static final int MAX_KILL_DELAY_MS = 300;
  private static final boolean FULL = "full".equals(System.getProperty("luot.reliability", "short"));
  private static final int CYCLES = FULL ? 20 : 3;
  /** Every third request carries an Idempotency-Key, as a kiosk that retries after a timeout would send. */
  private static final int KEY_EVERY = 3;
  /** A small, quick-starting server JVM: this test measures survival, not speed. */
  private static final List<String> SERVER_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path data;
  @TempDir Path logs;
  @TempDir Path scratch;
  private final List<ServerProcess> started = new ArrayList<>();

  /** A ticket as a kiosk received it in a 201: the server's promise that it is durable. */
  record Acknowledged(String id, String number, String field, String trackToken, String key) {}

  /** A request that got no answer because the server died: in flight at the kill, or refused just after it. */
  record Unanswered(String field, String key) {}

  record Load(List<Acknowledged> acknowledged, List<Unanswered> unanswered, Map<String, Integer> stages,
              int exitValue) {}

  /**
   * How far along a ticket is, as its status says: a restart may show a later stage than acknowledged (the step
   * was durable but its answer never arrived), never an earlier one.
   */
  static int stage(String status) {
    return switch (status) {
      case "WAITING" -> 0;
      case "CALLED" -> 1;
      case "SERVING" -> 2;
      default -> 3; // DONE, NO_SHOW, CANCELLED, TRANSFERRED, EXPIRED: ended
    };
  }

  /** A ticket row as the tickets table holds it. */
  record Row(String id, String day, String number, String field, String trackToken, String key, String status,
             String transferredFrom) {
    String prefix() {
      return number.replaceFirst("\\d+$", "");
    }

    int ordinal() {
      return Integer.parseInt(number.substring(prefix().length()));
    }
  }

  /** The TicketIssued events of the journal, by ticket id, as (number, field). */
  record Journal(List<Long> seqs, Map<String, List<String>> issued, List<Row> tickets, List<String> repeatedNumbers) {
    Map<String, Row> ticketsById() {
      return tickets.stream().collect(Collectors.toMap(Row::id, r -> r));
    }
  }

  /** Whatever happened in the test, no server process outlives it; one left running means a step failed. */
  @AfterEach
  void leaveNoServerRunning() {
    for (ServerProcess s : started) {
      if (s.isAlive()) System.out.println("killing server pid " + s.pid() + " left running by a failed step; its log:\n"
          + s.logTail());
      s.close();
    }
  }

  @Test
  @DisplayName("Loses no acknowledged ticket or step, and never repeats or skips a number, across kills and restarts")
  void killedAtRandomMomentsUnderLoad() throws Exception {
    long seed = Long.getLong("luot.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.printf("crash loop: %d cycles, seed %d (replay with -Dluot.crash.seed=%d)%n", CYCLES, seed, seed);
    long began = System.nanoTime();
    List<Acknowledged> acknowledged = new ArrayList<>();
    Map<String, Integer> stages = new HashMap<>();
    ServerProcess server = start();
    int retried = 0;
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      int killAfter = MIN_ACKS_BEFORE_KILL + random.nextInt(MAX_ACKS_BEFORE_KILL - MIN_ACKS_BEFORE_KILL + 1);
      int killDelayMs = random.nextInt(MAX_KILL_DELAY_MS + 1);
      String moment = "cycle " + cycle + " of seed " + seed + ": kill after " + killAfter + " acks + " + killDelayMs + " ms";
      Load load = runUntilKilled(server, cycle, killAfter, killDelayMs, moment);
      assertEquals(ServerProcess.SIGKILL_EXIT, load.exitValue(), "the server was ended by SIGKILL; " + moment);
      assertFalse(server.isAlive(), "the killed server is gone");
      assertFalse(ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false), "no process has its pid");
      assertTrue(load.acknowledged().size() >= killAfter, "enough tickets acknowledged before the kill; " + moment);
      assertFalse(load.unanswered().isEmpty(), "the kill landed while kiosks were waiting for answers; " + moment);
      acknowledged.addAll(load.acknowledged());
      load.stages().forEach((id, st) -> stages.merge(id, st, Math::max));

      long t0 = System.nanoTime();
      server = start();
      long restartMs = (System.nanoTime() - t0) / 1_000_000;

      Journal journal = readJournal();
      assertJournalConsistent(journal);
      assertEveryAcknowledgedTicketIsBack(acknowledged, stages, journal, load.acknowledged(), server.api(), moment);
      assertServerAgreesWithTicketsTable(journal, server.api());
      JournalFiles.assertTicketsAreTheJournalReplayed(data, scratch.resolve("replay-" + cycle));
      List<Acknowledged> fresh = assertRetriesAreHarmless(server.api(), acknowledged, load.unanswered());
      acknowledged.addAll(fresh);
      retried += load.unanswered().stream().filter(u -> u.key() != null).count();
      System.out.printf("crash loop %s: %d tickets and %d clerk steps acknowledged, %d unanswered at the kill,"
              + " %d durable in all, restart %d ms%n", moment, load.acknowledged().size(), load.stages().size(),
          load.unanswered().size(), readJournal().tickets().size(), restartMs);
    }

    assertNumberingContinues(server.api());
    assertJournalConsistent(readJournal());
    server.stop();
    System.out.printf("crash loop done: %d cycles, %d tickets acknowledged, %d keyed retries, %d s in all%n",
        CYCLES, acknowledged.size(), retried, (System.nanoTime() - began) / 1_000_000_000);
  }

  // ---- load and kill ----

  /**
   * Runs {@link #CLIENTS} kiosks issuing tickets and {@link #CLERKS} clerks calling and finishing them until
   * {@code killAfter} tickets are acknowledged and {@code killDelayMs} more have passed, then kills the server
   * while requests are in flight. Returns what the kiosks and clerks were told.
   */
  private Load runUntilKilled(ServerProcess server, int cycle, int killAfter, int killDelayMs, String moment)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Unanswered> unanswered = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    Map<String, Integer> stages = new ConcurrentHashMap<>();
    CountDownLatch enough = new CountDownLatch(killAfter);
    AtomicBoolean killing = new AtomicBoolean();
    List<String> tokens = new ArrayList<>();
    for (int c = 1; c <= CLERKS; c++) tokens.add(server.api().login("clerk" + c));
    ExecutorService workers = Executors.newFixedThreadPool(CLIENTS + CLERKS);
    for (int c = 0; c < CLIENTS; c++) {
      int kiosk = c;
      workers.execute(() -> {
        for (int i = 0; unexpected.size() < 100; i++) {
          String field = FIELDS.get((kiosk + i) % FIELDS.size());
          String key = i % KEY_EVERY == 0 ? "crash-" + cycle + "-" + kiosk + "-" + i : null;
          try {
            HttpResponse<String> r = http.send(issueRequest(server.port(), field, key, "K" + kiosk),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 201) {
              unexpected.add(r.statusCode() + " " + r.body());
              continue;
            }
            // A 201 that arrives while the kill is under way still counts: the server sent it only once durable.
            acknowledged.add(acknowledged(new JsonObject(r.body()), key));
            enough.countDown();
          } catch (IOException e) {
            unanswered.add(new Unanswered(field, key));
            if (killing.get()) return;
            unexpected.add("no answer before the kill: " + e);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }
    for (int c = 1; c <= CLERKS; c++) {
      String counter = String.valueOf(c);
      String token = tokens.get(c - 1);
      workers.execute(() -> clerk(http, server.port(), counter, token, stages, unexpected, killing));
    }
    boolean reached = enough.await(30, TimeUnit.SECONDS);
    Thread.sleep(killDelayMs);
    killing.set(true);
    int exit = server.kill();
    workers.shutdown();
    boolean stopped = workers.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    if (!stopped) workers.shutdownNow();
    assertEquals(List.of(), List.copyOf(unexpected), "every answer before the kill is a success; " + moment + "\n"
        + server.logTail());
    assertTrue(reached, killAfter + " tickets acknowledged within 30 s; " + moment + "\n" + server.logTail());
    assertTrue(stopped, "every kiosk and clerk noticed the server was gone");
    return new Load(List.copyOf(acknowledged), List.copyOf(unanswered), Map.copyOf(stages), exit);
  }

  private static Acknowledged acknowledged(JsonObject t, String key) {
    return new Acknowledged(t.getString("id"), t.getString("number"), t.getString("field"), t.getString("trackToken"),
        key);
  }

  /**
   * One clerk: call the next citizen (which also finishes the current one), and finish every other call at once,
   * until the server is gone. Records the stage each answer acknowledged, by ticket id.
   */
  private static void clerk(HttpClient http, int port, String counter, String token, Map<String, Integer> stages,
                            ConcurrentLinkedQueue<String> unexpected, AtomicBoolean killing) {
    String current = null;
    for (int i = 0; unexpected.size() < 100; i++) {
      try {
        HttpResponse<String> called = http.send(counterRequest(port, counter, "call-next", token),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (called.statusCode() != 200 && called.statusCode() != 204) {
          unexpected.add("call-next at " + counter + ": " + called.statusCode() + " " + called.body());
          continue;
        }
        if (current != null) stages.merge(current, stage("DONE"), Math::max); // call-next finished it
        current = null;
        if (called.statusCode() == 204) {
          Thread.sleep(20); // nobody waiting yet
          continue;
        }
        current = new JsonObject(called.body()).getString("id");
        stages.merge(current, stage("CALLED"), Math::max);
        if (i % 2 == 0) continue;
        HttpResponse<String> finished = http.send(counterRequest(port, counter, "finish", token),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (finished.statusCode() != 200) {
          unexpected.add("finish at " + counter + ": " + finished.statusCode() + " " + finished.body());
          continue;
        }
        stages.merge(current, stage(new JsonObject(finished.body()).getString("status")), Math::max);
        current = null;
      } catch (IOException e) {
        if (killing.get()) return;
        unexpected.add("no answer to clerk " + counter + " before the kill: " + e);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static HttpRequest counterRequest(int port, String counter, String action, String token) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/centers/" + CENTER + "/counters/"
            + counter + "/" + action))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
  }

  private static HttpRequest issueRequest(int port, String field, String key, String kiosk) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/centers/" + CENTER + "/tickets"))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("field", field).put("kiosk", kiosk).encode()));
    if (key != null) b.header("Idempotency-Key", key);
    return b.build();
  }

  // ---- what must hold after a restart ----

  /**
   * The journal is seq 1..N with no gap; no number is issued twice in a day; each prefix's numbers are 1..N with
   * no gap; the tickets table holds exactly the tickets the TicketIssued events name, with their number and field.
   */
  private static void assertJournalConsistent(Journal journal) {
    for (int i = 0; i < journal.seqs().size(); i++) {
      assertEquals(i + 1L, journal.seqs().get(i), "journal seq at position " + i + " (no gap, starting at 1)");
    }
    assertEquals(List.of(), journal.repeatedNumbers(), "numbers issued more than once in a day");

    Map<String, List<Integer>> byDayAndPrefix = new TreeMap<>();
    for (Row r : journal.tickets()) {
      if (r.transferredFrom() == null) {
        byDayAndPrefix.computeIfAbsent(r.day() + " " + r.prefix(), k -> new ArrayList<>()).add(r.ordinal());
      }
    }
    byDayAndPrefix.forEach((dayAndPrefix, ordinals) -> {
      ordinals.sort(null);
      for (int i = 0; i < ordinals.size(); i++) {
        assertEquals(i + 1, ordinals.get(i), "numbers of " + dayAndPrefix + " run 1.." + ordinals.size() + " with no gap");
      }
    });

    Map<String, List<String>> fromTable = journal.tickets().stream().filter(r -> r.transferredFrom() == null)
        .collect(Collectors.toMap(Row::id, r -> List.of(r.number(), r.field())));
    assertEquals(journal.issued().size(), fromTable.size(), "TicketIssued events = ticket rows not from a transfer");
    assertEquals(journal.issued(), fromTable, "each TicketIssued event has its row, with the same number and field");
  }

  /**
   * What each kiosk was told is what the journal holds, and each ticket is at least as far along as a clerk was
   * told; the restarted server tracks this cycle's tickets.
   */
  private static void assertEveryAcknowledgedTicketIsBack(List<Acknowledged> acknowledged, Map<String, Integer> stages,
                                                          Journal journal, List<Acknowledged> thisCycle, Api api,
                                                          String moment) {
    Map<String, Row> rows = journal.ticketsById();
    Set<String> numbers = new HashSet<>();
    for (Acknowledged a : acknowledged) {
      assertTrue(numbers.add(a.number()), "no two kiosks were given " + a.number());
      Row row = rows.get(a.id());
      assertNotNull(row, "acknowledged ticket " + a.number() + " (" + a.id() + ") is in the tickets table; " + moment);
      assertEquals(a.number(), row.number(), "number of " + a.id());
      assertEquals(a.field(), row.field(), "field of " + a.id());
      assertEquals(a.trackToken(), row.trackToken(), "tracking token of " + a.id());
    }
    stages.forEach((id, stage) -> {
      Row row = rows.get(id);
      assertNotNull(row, "called ticket " + id + " is in the tickets table; " + moment);
      assertTrue(stage(row.status()) >= stage, id + " is " + row.status() + ", behind the stage a clerk was told ("
          + stage + "); " + moment);
    });
    for (Acknowledged a : thisCycle) {
      Api.Response tracked = api.get("/api/track/" + a.trackToken());
      assertEquals(200, tracked.status(), "the restarted server tracks " + a.number() + ": " + tracked.body());
      assertEquals(a.number(), tracked.json().getString("number"), "tracked number");
      assertEquals(a.field(), tracked.json().getString("field"), "tracked field");
      assertEquals(rows.get(a.id()).status(), tracked.json().getString("status"), "tracked status of " + a.number());
    }
  }

  /** The engine's state, rebuilt from the journal at start, shows the same queues as the tickets table. */
  private static void assertServerAgreesWithTicketsTable(Journal journal, Api api) {
    Map<String, Long> waitingInTable = journal.tickets().stream().filter(r -> r.status().equals("WAITING"))
        .collect(Collectors.groupingBy(Row::field, Collectors.counting()));
    JsonArray fields = api.center().getJsonArray("fields");
    for (int i = 0; i < fields.size(); i++) {
      JsonObject f = fields.getJsonObject(i);
      assertEquals(waitingInTable.getOrDefault(f.getString("code"), 0L).intValue(), f.getInteger("waiting"),
          "waiting in " + f.getString("code") + " as the server says and as the tickets table says");
    }
  }

  /**
   * A kiosk that never heard back retries with the same Idempotency-Key. The server replays the ticket if it was
   * durable before the kill, and issues a new one if not; either way nothing is duplicated. A retry of an
   * acknowledged request gets the same ticket back.
   */
  private List<Acknowledged> assertRetriesAreHarmless(Api api, List<Acknowledged> acknowledged,
                                                     List<Unanswered> unanswered) {
    List<Acknowledged> fresh = new ArrayList<>();
    Map<String, Row> byKey = new HashMap<>();
    for (Row r : readJournal().tickets()) if (r.key() != null) byKey.put(r.key(), r);

    int replayed = 0;
    for (Unanswered u : unanswered) {
      if (u.key() == null) continue;
      Api.Response r = api.post("/api/centers/" + CENTER + "/tickets",
          new JsonObject().put("field", u.field()).put("kiosk", "K-retry").encode(), null, Map.of("Idempotency-Key", u.key()));
      assertEquals(201, r.status(), "retry of " + u.key() + ": " + r.body());
      Row before = byKey.get(u.key());
      boolean replay = "true".equals(r.header("Idempotent-Replay"));
      assertEquals(before != null, replay, "retry of " + u.key() + " is a replay exactly when it was durable");
      if (replay) {
        assertEquals(before.id(), r.json().getString("id"), "replayed ticket for " + u.key());
        assertEquals(before.number(), r.json().getString("number"), "replayed number for " + u.key());
        replayed++;
      } else {
        fresh.add(acknowledged(r.json(), u.key()));
      }
    }
    List<Acknowledged> keyed = acknowledged.stream().filter(a -> a.key() != null).limit(20).toList();
    assertFalse(keyed.isEmpty(), "some acknowledged requests carried a key");
    for (Acknowledged a : keyed) {
      Api.Response r = api.post("/api/centers/" + CENTER + "/tickets",
          new JsonObject().put("field", a.field()).put("kiosk", "K-retry").encode(), null, Map.of("Idempotency-Key", a.key()));
      assertEquals(201, r.status(), r.body());
      assertEquals("true", r.header("Idempotent-Replay"), "a retry of an acknowledged request is a replay");
      assertEquals(a.number(), r.json().getString("number"), "the same ticket comes back for " + a.key());
      assertEquals(a.id(), r.json().getString("id"));
    }
    System.out.printf("retries of unanswered keyed requests: %d replayed (durable, never acknowledged), %d new%n",
        replayed, fresh.size());
    return fresh;
  }

  /** New tickets take the next number of their prefix: the restart neither reuses nor skips one. */
  private void assertNumberingContinues(Api api) {
    Map<String, String> prefixes = new HashMap<>();
    JsonArray fields = api.center().getJsonArray("fields");
    for (int i = 0; i < fields.size(); i++) {
      prefixes.put(fields.getJsonObject(i).getString("code"), fields.getJsonObject(i).getString("prefix"));
    }
    for (String field : FIELDS) {
      Map<String, Integer> highest = new HashMap<>();
      for (Row r : readJournal().tickets()) highest.merge(r.day() + " " + r.prefix(), r.ordinal(), Math::max);
      JsonObject ticket = api.issue(field);
      String day = ticketDay(ticket.getString("id"));
      int next = highest.getOrDefault(day + " " + prefixes.get(field), 0) + 1;
      assertEquals(prefixes.get(field) + String.format("%03d", next), ticket.getString("number"),
          "the first " + field + " ticket after the restarts continues the numbering");
    }
  }

  /** Ticket ids begin with the service day as yyyyMMdd. */
  private static String ticketDay(String id) {
    return id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8);
  }

  // ---- the journal, read as an auditor would: straight from the SQLite file, read-only ----

  private Journal readJournal() {
    try (Connection c = JournalFiles.readOnly(data)) {
      List<Long> seqs = new ArrayList<>();
      Map<String, List<String>> issued = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, type, payload FROM events WHERE center = ? ORDER BY seq")) {
        ps.setString(1, CENTER);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seqs.add(rs.getLong(1));
            if (rs.getString(2).equals("TicketIssued")) {
              JsonObject e = new JsonObject(rs.getString(3));
              issued.put(e.getString("ticketId"), List.of(e.getString("number"), e.getString("field")));
            }
          }
        }
      }
      List<Row> tickets = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT id, day, number, field, track_token, idempotency_key, status, transferred_from
          FROM tickets WHERE center = ? ORDER BY day, number""")) {
        ps.setString(1, CENTER);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tickets.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8)));
          }
        }
      }
      // No clerk transfers anyone here, so every number must appear once (a transfer would add a row that names
      // its origin and keeps the number; the unique index allows exactly that and nothing more).
      List<String> repeated = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT day, number, COUNT(*) FROM tickets WHERE center = ?
          GROUP BY center, day, number HAVING COUNT(*) > 1""")) {
        ps.setString(1, CENTER);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) repeated.add(rs.getString(1) + " " + rs.getString(2) + " ×" + rs.getInt(3));
        }
      }
      return new Journal(seqs, issued, tickets, repeated);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the journal in " + data, e);
    }
  }

  private ServerProcess start() {
    ServerProcess s = ServerProcess.start(data, logs.resolve("server.log"), SERVER_JVM);
    started.add(s);
    return s;
  }
}
