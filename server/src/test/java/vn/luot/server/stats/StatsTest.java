package vn.luot.server.stats;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;

/**
 * The figures leaders read. First {@link Distribution} on its own, then a whole day at the demo center driven through
 * the HTTP API with a hand-moved clock, so every figure of the report can be worked out by hand (and is, below).
 */
@DisplayName("Statistics")
class StatsTest {

  @Nested
  @DisplayName("Distribution: count, mean, median, nearest-rank p90, max")
  class DistributionOf {

    @Test
    @DisplayName("no value: all zero")
    void empty() {
      assertEquals(new Distribution(0, 0, 0, 0, 0), Distribution.of(List.of()));
      assertEquals(Distribution.EMPTY, Distribution.of(List.of()));
    }

    @Test
    @DisplayName("one value is its own mean, median, p90 and max")
    void single() {
      assertEquals(new Distribution(1, 42.0, 42.0, 42.0, 42.0), Distribution.of(List.of(42.0)));
    }

    @Test
    @DisplayName("odd count: the median is the middle value; input order does not matter")
    void oddCount() {
      // sorted 10, 20, 30: mean 60/3 = 20; median the 2nd; p90 rank ceil(0.9 * 3) = ceil(2.7) = 3 -> 30
      assertEquals(new Distribution(3, 20.0, 20.0, 30.0, 30.0), Distribution.of(List.of(30.0, 10.0, 20.0)));
      // sorted 1, 2, 4, 8, 100: mean 115/5 = 23; median 4; p90 rank ceil(4.5) = 5 -> 100
      assertEquals(new Distribution(5, 23.0, 4.0, 100.0, 100.0), Distribution.of(List.of(8.0, 100.0, 1.0, 4.0, 2.0)));
    }

    @Test
    @DisplayName("even count: the median is the mean of the two middle values")
    void evenCount() {
      // sorted 1, 2, 3, 4: mean 10/4 = 2.5; median (2 + 3) / 2 = 2.5; p90 rank ceil(3.6) = 4 -> 4
      assertEquals(new Distribution(4, 2.5, 2.5, 4.0, 4.0), Distribution.of(List.of(4.0, 3.0, 2.0, 1.0)));
      // sorted 60, 60, 120, 600: mean 840/4 = 210; median (60 + 120) / 2 = 90; p90 rank 4 -> 600
      assertEquals(new Distribution(4, 210.0, 90.0, 600.0, 600.0), Distribution.of(List.of(600.0, 60.0, 120.0, 60.0)));
    }

    @Test
    @DisplayName("p90 is the nearest rank: the 9th of 10 values, the 10th of 11, the 18th of 20")
    void p90NearestRank() {
      // 1..10: rank ceil(0.9 * 10) = 9 -> 9 (no interpolation towards 10); mean 55/10 = 5.5; median (5 + 6) / 2 = 5.5
      assertEquals(new Distribution(10, 5.5, 5.5, 9.0, 10.0), Distribution.of(seconds(1, 10)));
      // 1..11: rank ceil(9.9) = 10 -> 10; mean 66/11 = 6; median the 6th = 6
      assertEquals(new Distribution(11, 6.0, 6.0, 10.0, 11.0), Distribution.of(seconds(1, 11)));
      // 1..20: rank ceil(18.0) = 18 -> 18; mean 210/20 = 10.5; median (10 + 11) / 2 = 10.5
      assertEquals(new Distribution(20, 10.5, 10.5, 18.0, 20.0), Distribution.of(seconds(1, 20)));
      // two values: rank ceil(1.8) = 2 -> the larger
      assertEquals(new Distribution(2, 15.0, 15.0, 20.0, 20.0), Distribution.of(List.of(20.0, 10.0)));
    }

    @Test
    @DisplayName("figures are rounded to a tenth of a second")
    void rounding() {
      // 1, 2, 2: mean 5/3 = 1.666… -> 1.7
      assertEquals(new Distribution(3, 1.7, 2.0, 2.0, 2.0), Distribution.of(List.of(1.0, 2.0, 2.0)));
      // 0.25 and 0.5 (milliseconds in the journal): mean 0.375 -> 0.4, median 0.375 -> 0.4, max 0.5
      assertEquals(new Distribution(2, 0.4, 0.4, 0.5, 0.5), Distribution.of(List.of(0.25, 0.5)));
    }

    private List<Double> seconds(int from, int to) {
      List<Double> out = new ArrayList<>();
      for (int i = to; i >= from; i--) out.add((double) i);
      return out;
    }
  }

  @Nested
  @DisplayName("A day at the demo center with known times, read back through GET /stats")
  class ADayWithKnownTimes {
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final LocalDate DAY = LocalDate.of(2026, 11, 27);

    @TempDir Path data;
    MutableClock clock;
    TestServer server;
    Api api;

    @BeforeEach
    void start() {
      // 2026-11-27T01:00:00Z is 08:00 in Hà Nội / TP HCM: the engine opens the day at start.
      clock = new MutableClock(Instant.parse("2026-11-27T01:00:00Z"));
      server = TestServer.start(data, clock);
      api = server.api();
    }

    @AfterEach
    void stop() {
      server.close();
    }

    /** Moves the clock forward to a local time of the day under test. */
    private void at(String localTime) {
      moveTo(LocalDateTime.of(DAY, LocalTime.parse(localTime)));
    }

    private void moveTo(LocalDateTime local) {
      Instant next = local.atZone(ZONE).toInstant();
      assertTrue(!next.isBefore(clock.instant()), "the story only moves the clock forward");
      clock.set(next);
    }

    private JsonObject issue(String field, String expectedNumber) {
      JsonObject t = api.issue(field);
      assertEquals(expectedNumber, t.getString("number"));
      return t;
    }

    private JsonObject act(String counter, String action, String token, String expectedNumber, String expectedStatus) {
      Api.Response r = api.counter(counter, action, token);
      assertEquals(200, r.status(), () -> action + " at counter " + counter + ": " + r.body());
      assertEquals(expectedNumber, r.json().getString("number"), action + " at counter " + counter);
      assertEquals(expectedStatus, r.json().getString("status"), action + " at counter " + counter);
      return r.json();
    }

    /** Finishes with an outcome other than the default COMPLETED. */
    private void finish(String counter, String token, String expectedNumber, String outcome) {
      Api.Response r = api.post("/api/centers/default/counters/" + counter + "/finish",
          new JsonObject().put("outcome", outcome).encode(), token);
      assertEquals(200, r.status(), r.body());
      assertEquals(expectedNumber, r.json().getString("number"));
      assertEquals("DONE", r.json().getString("status"));
      assertEquals(outcome, r.json().getString("outcome"));
    }

    private void rate(JsonObject ticket, int score) {
      Api.Response r = api.post("/api/track/" + ticket.getString("trackToken") + "/rating",
          new JsonObject().put("score", score).encode());
      assertEquals(204, r.status(), r.body());
    }

    @Test
    @DisplayName("every figure by total, field, counter, clerk and hour is what the hand arithmetic says")
    void everyFigure() {
      String clerk1 = api.login("clerk1"); // counter 1 serves DD then XD
      String clerk2 = api.login("clerk2"); // counter 2 serves DD then CT
      String clerk3 = api.login("clerk3"); // counter 3 serves HT then CT
      String supervisor = api.login("supervisor");

      // ---- 08:00–08:59 (hour 8) ----
      at("08:00:00");
      JsonObject a001 = issue("DD", "A001");
      at("08:02:00");
      JsonObject a002 = issue("DD", "A002");
      at("08:05:00");
      JsonObject b001 = issue("HT", "B001");
      at("08:06:00");
      issue("CT", "C001");

      at("08:10:00");
      act("1", "call-next", clerk1, "A001", "CALLED");        // A001 waited 08:00 -> 08:10 = 600 s
      at("08:11:00");
      act("1", "start", clerk1, "A001", "SERVING");           // A001 service from 08:11
      at("08:12:00");
      act("3", "call-next", clerk3, "B001", "CALLED");        // B001 (HT) waited 08:05 -> 08:12 = 420 s
      at("08:15:00");
      Api.Response moved = api.post("/api/centers/default/counters/3/transfer",
          new JsonObject().put("field", "DD").encode(), clerk3);
      assertEquals(200, moved.status(), moved.body());
      // B001 ends TRANSFERRED: service from its call 08:12 (never started) to 08:15 = 180 s.
      // Its copy B001 in DD queues from 08:15 but keeps the issue time 08:05 (hour 8).
      assertEquals("B001", moved.json().getString("number"));
      assertEquals("DD", moved.json().getString("field"));
      assertEquals("WAITING", moved.json().getString("status"));
      String b001copy = moved.json().getString("id");
      assertEquals(b001.getString("id") + "-2", b001copy);
      at("08:20:00");
      act("1", "finish", clerk1, "A001", "DONE");             // A001 service 08:11 -> 08:20 = 540 s
      at("08:20:30");
      rate(a001, 3);
      at("08:21:00");
      // DD: A002 (issued 08:02) comes before the transferred B001 (issued 08:05).
      act("1", "call-next", clerk1, "A002", "CALLED");        // A002 waited 08:02 -> 08:21 = 1140 s
      at("08:22:00");
      act("3", "call-next", clerk3, "C001", "CALLED");        // no HT left; C001 (CT) waited 08:06 -> 08:22 = 960 s
      at("08:23:00");
      act("3", "no-show", clerk3, "C001", "NO_SHOW");
      at("08:25:00");
      finish("1", clerk1, "A002", "MISSING_DOCUMENTS");        // never started: service from the call 08:21 = 240 s
      at("08:25:30");
      rate(a002, 3);
      at("08:26:00");
      act("2", "call-next", clerk2, "B001", "CALLED");        // the copy waited from the transfer 08:15 -> 08:26 = 660 s
      at("08:27:00");
      act("2", "start", clerk2, "B001", "SERVING");
      at("08:35:00");
      act("2", "finish", clerk2, "B001", "DONE");             // copy service 08:27 -> 08:35 = 480 s
      at("08:35:30");
      rate(b001, 2);                                          // the token follows the citizen: rates the copy

      // ---- 09:00–09:59 (hour 9) ----
      at("09:00:00");
      JsonObject a003 = issue("DD", "A003");
      at("09:01:00");
      issue("CT", "C002");
      at("09:02:00");
      JsonObject a004 = issue("DD", "A004");
      at("09:03:00");
      issue("HT", "B002");                                    // nobody calls it: expires at the rollover
      at("09:05:00");
      Api.Response cancelled = api.post("/api/centers/default/tickets/" + a004.getString("id") + "/cancel", null, clerk1);
      assertEquals(200, cancelled.status(), cancelled.body());
      assertEquals("CANCELLED", cancelled.json().getString("status"));

      at("09:40:00");
      act("1", "call-next", clerk1, "A003", "CALLED");        // A003 waited 09:00 -> 09:40 = 2400 s (> 30 min)
      at("09:41:00");
      act("1", "start", clerk1, "A003", "SERVING");
      at("09:42:00");
      act("2", "call-next", clerk2, "C002", "CALLED");        // no DD left; C002 waited 09:01 -> 09:42 = 2460 s
      at("09:43:00");
      JsonObject recalled = act("2", "recall", clerk2, "C002", "CALLED"); // a recall is not a new first call
      assertEquals(1, recalled.getInteger("recalls"));
      at("09:44:00");
      act("2", "start", clerk2, "C002", "SERVING");
      at("09:48:00");
      finish("2", clerk2, "C002", "REDIRECTED");               // C002 service 09:44 -> 09:48 = 240 s
      at("09:50:00");
      act("1", "finish", clerk1, "A003", "DONE");             // A003 service 09:41 -> 09:50 = 540 s
      at("09:51:00");
      rate(a003, 1);
      assertEquals(1, api.waiting("HT"), "B002 still waits at the end of the day");

      // ---- the next morning: the first command closes yesterday, expiring B002 ----
      moveTo(LocalDateTime.of(DAY.plusDays(1), LocalTime.of(8, 0)));
      issue("DD", "A001");                                    // numbering restarts on the new day
      assertEquals(0, api.waiting("HT"), "yesterday's waiting ticket is gone from today's queue");
      assertEquals(DAY.plusDays(1).toString(), api.center().getString("day"));

      Api.Response response = api.get("/api/centers/default/stats?from=2026-11-27&to=2026-11-27", supervisor);
      assertEquals(200, response.status(), response.body());
      JsonObject report = response.json();
      assertEquals("default", report.getString("center"));
      assertEquals("2026-11-27", report.getString("from"));
      assertEquals("2026-11-27", report.getString("to"));

      /*
       * The rows of 2026-11-27 (targets: DD 30 min = 1800 s, HT 20 min = 1200 s, CT 15 min = 900 s):
       *
       *  ticket        field status       counter clerk  hour  wait  service rating  judged / within target
       *  A001          DD    DONE         1       clerk1  8     600   540     3       yes / 600 <= 1800 yes
       *  A002          DD    DONE         1       clerk1  8    1140   240     3       yes / 1140 <= 1800 yes
       *  B001          HT    TRANSFERRED  3       clerk3  8     420   180     -       yes / 420 <= 1200 yes
       *  B001 (copy)   DD    DONE         2       clerk2  8     660   480     2       yes / 660 <= 1800 yes
       *  C001          CT    NO_SHOW      3       clerk3  8     960   -       -       yes / 960 > 900 no
       *  A003          DD    DONE         1       clerk1  9    2400   540     1       yes / 2400 > 1800 no
       *  C002          CT    DONE         2       clerk2  9    2460   240     -       yes / 2460 > 900 no
       *  A004          DD    CANCELLED    -       -       9       -   -       -       no (never called, not expired)
       *  B002          HT    EXPIRED      -       -       9       -   -       -       yes / never called: no
       *
       * "issued" counts rows that are not transfer copies; the copy counts in its new field's other figures.
       */

      // Total. issued: all but the copy = 8. served (DONE): A001, A002, copy, A003, C002 = 5.
      // wait: 600, 1140, 420, 660, 960, 2400, 2460 -> sorted 420, 600, 660, 960, 1140, 2400, 2460;
      //   sum 8640, mean 8640 / 7 = 1234.29 -> 1234.3; median the 4th = 960; p90 rank ceil(6.3) = 7 -> 2460.
      // service (DONE and TRANSFERRED): 540, 240, 180, 480, 540, 240 -> sorted 180, 240, 240, 480, 540, 540;
      //   sum 2220, mean 370; median (240 + 480) / 2 = 360; p90 rank ceil(5.4) = 6 -> 540.
      // within target: 4 (A001, A002, B001, copy) of 8 judged (7 called + B002 expired) = 0.5.
      // ratings: 3, 3, 2, 1 -> 4, mean 9 / 4 = 2.25.
      assertGroup("total", report.getJsonObject("total"), new Figures(8, 5, 1, 1, 1, 1,
          new Dist(7, 1234.3, 960, 2460, 2460), new Dist(6, 370, 360, 540, 540), 0.5,
          new Ratings(4, 2.25, Map.of("1", 1, "2", 1, "3", 2))));

      JsonArray fields = report.getJsonArray("fields");
      assertEquals(List.of("DD", "HT", "CT", "KD", "XD", "LD"), codes(fields, "code"), "every field, in config order");
      // DD: A001, A002, copy, A003, A004. issued 4 (not the copy); served 4; cancelled 1 (A004).
      // wait 600, 1140, 660, 2400 -> sorted 600, 660, 1140, 2400; sum 4800, mean 1200; median (660 + 1140) / 2 = 900;
      //   p90 rank ceil(3.6) = 4 -> 2400.
      // service 540, 240, 480, 540 -> sorted 240, 480, 540, 540; sum 1800, mean 450; median (480 + 540) / 2 = 510.
      // within: 600, 660, 1140 <= 1800, 2400 not: 3 of 4 = 0.75. ratings 3, 3, 2, 1: 4, mean 2.25.
      JsonObject dd = byKey(fields, "code", "DD");
      assertEquals(30, dd.getInteger("targetWaitMinutes"));
      assertEquals("Đất đai", dd.getString("name"));
      assertGroup("fields[DD]", dd, new Figures(4, 4, 0, 1, 0, 0,
          new Dist(4, 1200, 900, 2400, 2400), new Dist(4, 450, 510, 540, 540), 0.75,
          new Ratings(4, 2.25, Map.of("1", 1, "2", 1, "3", 2))));
      // HT: B001 (transferred away) and B002 (expired). issued 2, served 0. wait 420 only; service 180 only (the
      // transfer ends a service). within: B001 yes, B002 expired no: 1 of 2 = 0.5.
      assertEquals(20, byKey(fields, "code", "HT").getInteger("targetWaitMinutes"));
      assertGroup("fields[HT]", byKey(fields, "code", "HT"), new Figures(2, 0, 0, 0, 1, 1,
          new Dist(1, 420, 420, 420, 420), new Dist(1, 180, 180, 180, 180), 0.5, Ratings.NONE));
      // CT: C001 (no-show) and C002. wait 960, 2460: mean 3420 / 2 = 1710, median 1710, p90 rank ceil(1.8) = 2 -> 2460.
      // service 240 (C002). within: 960 > 900 and 2460 > 900: 0 of 2 = 0.0.
      assertEquals(15, byKey(fields, "code", "CT").getInteger("targetWaitMinutes"));
      assertGroup("fields[CT]", byKey(fields, "code", "CT"), new Figures(2, 1, 1, 0, 0, 0,
          new Dist(2, 1710, 1710, 2460, 2460), new Dist(1, 240, 240, 240, 240), 0.0, Ratings.NONE));
      for (String quiet : List.of("KD", "XD", "LD")) {
        assertGroup("fields[" + quiet + "]", byKey(fields, "code", quiet), Figures.NOTHING);
      }

      JsonArray counters = report.getJsonArray("counters");
      assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), codes(counters, "id"), "every counter, in order");
      // Counter 1 (clerk1): A001, A002, A003. wait 600, 1140, 2400: sum 4140, mean 1380; median 1140; p90 rank
      // ceil(2.7) = 3 -> 2400. service 540, 240, 540 -> sorted 240, 540, 540: sum 1320, mean 440; median 540.
      // within: 2 of 3 = 0.6667 -> 0.667. ratings 3, 3, 1: 3, mean 7 / 3 = 2.333 -> 2.33.
      Figures counter1 = new Figures(3, 3, 0, 0, 0, 0,
          new Dist(3, 1380, 1140, 2400, 2400), new Dist(3, 440, 540, 540, 540), 0.667,
          new Ratings(3, 2.33, Map.of("1", 1, "3", 2)));
      // Counter 2 (clerk2): the copy and C002. issued 1 (C002; a transfer copy is not a new issue).
      // wait 660, 2460: mean 1560, median 1560, p90 2460. service 480, 240: mean 360, median 360, p90 480.
      // within: 660 <= 1800 (DD) yes, 2460 > 900 (CT) no: 0.5. ratings 2: 1, mean 2.0.
      Figures counter2 = new Figures(1, 2, 0, 0, 0, 0,
          new Dist(2, 1560, 1560, 2460, 2460), new Dist(2, 360, 360, 480, 480), 0.5,
          new Ratings(1, 2.0, Map.of("2", 1)));
      // Counter 3 (clerk3): B001 (transferred) and C001 (no-show). wait 420, 960: mean 690, median 690, p90 960.
      // service 180 (the transfer). within: 420 <= 1200 yes, 960 > 900 no: 0.5.
      Figures counter3 = new Figures(2, 0, 1, 0, 0, 1,
          new Dist(2, 690, 690, 960, 960), new Dist(1, 180, 180, 180, 180), 0.5, Ratings.NONE);
      assertGroup("counters[1]", byKey(counters, "id", "1"), counter1);
      assertEquals("Quầy 1", byKey(counters, "id", "1").getString("name"));
      assertGroup("counters[2]", byKey(counters, "id", "2"), counter2);
      assertGroup("counters[3]", byKey(counters, "id", "3"), counter3);
      for (String idle : List.of("4", "5", "6", "7", "8")) {
        assertGroup("counters[" + idle + "]", byKey(counters, "id", idle), Figures.NOTHING);
      }

      // Each clerk worked one counter all day, so their figures are that counter's. Cancelled and expired tickets
      // had no clerk.
      JsonArray clerks = report.getJsonArray("clerks");
      assertEquals(List.of("clerk1", "clerk2", "clerk3"), codes(clerks, "clerk").stream().sorted().toList());
      assertGroup("clerks[clerk1]", byKey(clerks, "clerk", "clerk1"), counter1);
      assertGroup("clerks[clerk2]", byKey(clerks, "clerk", "clerk2"), counter2);
      assertGroup("clerks[clerk3]", byKey(clerks, "clerk", "clerk3"), counter3);

      // By the hour of issue (a copy keeps its original issue time, 08:05).
      JsonArray hours = report.getJsonArray("hours");
      assertEquals(List.of(8, 9), hours.stream().map(h -> ((JsonObject) h).getInteger("hour")).toList());
      // Hour 8: A001, A002, B001, copy, C001. issued 4; served 3 (A001, A002, copy); no-show 1; transferred 1.
      // wait 600, 1140, 420, 660, 960 -> sorted 420, 600, 660, 960, 1140: sum 3780, mean 756; median 660;
      //   p90 rank ceil(4.5) = 5 -> 1140.
      // service 540, 240, 180, 480 -> sorted 180, 240, 480, 540: sum 1440, mean 360; median (240 + 480) / 2 = 360;
      //   p90 rank ceil(3.6) = 4 -> 540.
      // within: A001, A002, B001, copy yes, C001 no: 4 of 5 = 0.8. ratings 3, 3, 2: 3, mean 8 / 3 = 2.667 -> 2.67.
      assertGroup("hours[8]", byKey(hours, "hour", 8), new Figures(4, 3, 1, 0, 0, 1,
          new Dist(5, 756, 660, 1140, 1140), new Dist(4, 360, 360, 540, 540), 0.8,
          new Ratings(3, 2.67, Map.of("2", 1, "3", 2))));
      // Hour 9: A003, C002, A004, B002. issued 4; served 2; cancelled 1; expired 1.
      // wait 2400, 2460: mean 2430, median 2430, p90 2460. service 540, 240: mean 390, median 390, p90 540.
      // within: A003 no, C002 no, B002 (expired) no: 0 of 3 = 0.0. ratings 1: 1, mean 1.0.
      assertGroup("hours[9]", byKey(hours, "hour", 9), new Figures(4, 2, 0, 1, 1, 0,
          new Dist(2, 2430, 2430, 2460, 2460), new Dist(2, 390, 390, 540, 540), 0.0,
          new Ratings(1, 1.0, Map.of("1", 1))));

      // Outcomes of the served (DONE) tickets: A002 finished MISSING_DOCUMENTS, C002 REDIRECTED; A001, the copy of
      // B001 and A003 COMPLETED (the default). Transferred, no-show, cancelled and expired tickets have none.
      assertOutcomes("total", report.getJsonObject("total"), 3, 1, 1, 0);
      assertOutcomes("fields[DD]", dd, 3, 1, 0, 0);                 // A001, copy, A003; A002
      assertOutcomes("fields[HT]", byKey(fields, "code", "HT"), 0, 0, 0, 0);
      assertOutcomes("fields[CT]", byKey(fields, "code", "CT"), 0, 0, 1, 0);  // C002
      assertOutcomes("counters[1]", byKey(counters, "id", "1"), 2, 1, 0, 0);  // A001, A003; A002
      assertOutcomes("counters[2]", byKey(counters, "id", "2"), 1, 0, 1, 0);  // copy; C002
      assertOutcomes("counters[3]", byKey(counters, "id", "3"), 0, 0, 0, 0);
      assertOutcomes("clerks[clerk1]", byKey(clerks, "clerk", "clerk1"), 2, 1, 0, 0);
      assertOutcomes("clerks[clerk2]", byKey(clerks, "clerk", "clerk2"), 1, 0, 1, 0);
      assertOutcomes("hours[8]", byKey(hours, "hour", 8), 2, 1, 0, 0);        // A001, copy; A002
      assertOutcomes("hours[9]", byKey(hours, "hour", 9), 1, 0, 1, 0);        // A003; C002

      // The new day is its own report: one ticket issued, nothing else; yesterday's expiry stays with yesterday.
      JsonObject nextDay = api.get("/api/centers/default/stats?from=2026-11-28&to=2026-11-28", supervisor).json();
      assertGroup("next day total", nextDay.getJsonObject("total"), new Figures(1, 0, 0, 0, 0, 0,
          Dist.NONE, Dist.NONE, null, Ratings.NONE));
      // Both days together: 8 + 1 issued; the rest as on 2026-11-27 (the new ticket is neither called nor closed).
      JsonObject both = api.get("/api/centers/default/stats?from=2026-11-27&to=2026-11-28", supervisor).json();
      assertEquals(9, both.getJsonObject("total").getInteger("issued"));
      assertEquals(report.getJsonObject("total").copy().put("issued", 9), both.getJsonObject("total"));
    }
  }

  // ---- expected figures, field by field ----

  record Dist(int count, double mean, double median, double p90, double max) {
    static final Dist NONE = new Dist(0, 0, 0, 0, 0);
  }

  record Ratings(int count, Double mean, Map<String, Integer> byScore) {
    static final Ratings NONE = new Ratings(0, null, Map.of());
  }

  record Figures(int issued, int served, int noShow, int cancelled, int expired, int transferred, Dist waitSeconds,
                 Dist serviceSeconds, Double withinTargetShare, Ratings ratings) {
    static final Figures NOTHING = new Figures(0, 0, 0, 0, 0, 0, Dist.NONE, Dist.NONE, null, Ratings.NONE);
  }

  /** Checks every figure of a group, reporting each one that differs by its path, e.g. fields[DD].waitSeconds.p90. */
  static void assertGroup(String group, JsonObject actual, Figures expected) {
    List<Executable> checks = new ArrayList<>();
    checks.add(() -> assertEquals(expected.issued(), actual.getInteger("issued"), group + ".issued"));
    checks.add(() -> assertEquals(expected.served(), actual.getInteger("served"), group + ".served"));
    checks.add(() -> assertEquals(expected.noShow(), actual.getInteger("noShow"), group + ".noShow"));
    checks.add(() -> assertEquals(expected.cancelled(), actual.getInteger("cancelled"), group + ".cancelled"));
    checks.add(() -> assertEquals(expected.expired(), actual.getInteger("expired"), group + ".expired"));
    checks.add(() -> assertEquals(expected.transferred(), actual.getInteger("transferred"), group + ".transferred"));
    addDist(checks, group + ".waitSeconds", actual.getJsonObject("waitSeconds"), expected.waitSeconds());
    addDist(checks, group + ".serviceSeconds", actual.getJsonObject("serviceSeconds"), expected.serviceSeconds());
    checks.add(() -> assertEquals(expected.withinTargetShare(), actual.getDouble("withinTargetShare"),
        group + ".withinTargetShare"));
    checks.add(() -> assertTrue(actual.containsKey("withinTargetShare"), group + ".withinTargetShare is present"));
    JsonObject ratings = actual.getJsonObject("ratings");
    checks.add(() -> assertEquals(expected.ratings().count(), ratings.getInteger("count"), group + ".ratings.count"));
    checks.add(() -> assertEquals(expected.ratings().mean(), ratings.getDouble("mean"), group + ".ratings.mean"));
    checks.add(() -> {
      Map<String, Object> byScore = new LinkedHashMap<>(ratings.getJsonObject("byScore").getMap());
      assertEquals(new LinkedHashMap<String, Object>(expected.ratings().byScore()), byScore, group + ".ratings.byScore");
    });
    assertAll(group, checks);
  }

  static void assertOutcomes(String group, JsonObject actual, int completed, int missingDocuments, int redirected,
                             int other) {
    assertEquals(new JsonObject().put("COMPLETED", completed).put("MISSING_DOCUMENTS", missingDocuments)
        .put("REDIRECTED", redirected).put("OTHER", other), actual.getJsonObject("outcomes"), group + ".outcomes");
  }

  private static void addDist(List<Executable> checks, String path, JsonObject actual, Dist expected) {
    checks.add(() -> assertEquals(expected.count(), actual.getInteger("count"), path + ".count"));
    checks.add(() -> assertEquals(expected.mean(), actual.getDouble("mean"), path + ".mean"));
    checks.add(() -> assertEquals(expected.median(), actual.getDouble("median"), path + ".median"));
    checks.add(() -> assertEquals(expected.p90(), actual.getDouble("p90"), path + ".p90"));
    checks.add(() -> assertEquals(expected.max(), actual.getDouble("max"), path + ".max"));
  }

  private static JsonObject byKey(JsonArray groups, String key, Object value) {
    for (int i = 0; i < groups.size(); i++) {
      JsonObject g = groups.getJsonObject(i);
      if (value.equals(g.getValue(key))) return g;
    }
    throw new AssertionError("no group with " + key + " = " + value + " in " + groups.encodePrettily());
  }

  private static List<String> codes(JsonArray groups, String key) {
    return groups.stream().map(g -> ((JsonObject) g).getString(key)).toList();
  }
}
