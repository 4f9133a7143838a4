package vn.luot.server.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * A short morning at the demo center with known times, played over HTTP with a hand-moved clock, so every figure of
 * its report can be worked out by hand (the report tests do). Targets: Đất đai (DD) 30 min, Hộ tịch (HT) 20 min.
 *
 * <pre>
 *  ticket field issued  called   by       wait  finished  service outcome            rating
 *  A001   DD    08:00   08:10    clerk1    600  08:15     300     MISSING_DOCUMENTS  3
 *  A002   DD    08:01   08:15:45 clerk1    885  08:20     255     COMPLETED          -
 *  B001   HT    08:05   08:09    clerk3    240  no-show   -       -                  -
 *  A003   DD    08:25   (still waiting when the morning ends, at 08:25)
 * </pre>
 */
public final class KnownMorning {
  public static final String DAY = "2026-11-27";
  public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  private KnownMorning() {}

  /** The instant of a local time (HH:mm:ss) of {@link #DAY} in the center's zone. */
  public static Instant at(String localTime) {
    return LocalDateTime.parse(DAY + "T" + localTime).atZone(ZONE).toInstant();
  }

  /** Plays the morning; the clock must not be past 08:00 of {@link #DAY}. Leaves it at 08:25. */
  public static void play(Api api, MutableClock clock) {
    String clerk1 = api.login("clerk1");
    String clerk3 = api.login("clerk3");
    clock.set(at("08:00:00"));
    JsonObject a001 = api.issue("DD");
    clock.set(at("08:01:00"));
    api.issue("DD");
    clock.set(at("08:05:00"));
    api.issue("HT");
    clock.set(at("08:09:00"));
    ok(api.counter("3", "call-next", clerk3));
    clock.set(at("08:10:00"));
    ok(api.counter("1", "call-next", clerk1));
    clock.set(at("08:12:00"));
    ok(api.counter("3", "no-show", clerk3));
    clock.set(at("08:15:00"));
    ok(api.post("/api/centers/default/counters/1/finish",
        new JsonObject().put("outcome", "MISSING_DOCUMENTS").encode(), clerk1));
    clock.set(at("08:15:45"));
    ok(api.counter("1", "call-next", clerk1));
    clock.set(at("08:16:00"));
    assertEquals(204, api.post("/api/track/" + a001.getString("trackToken") + "/rating",
        new JsonObject().put("score", 3).encode()).status());
    clock.set(at("08:20:00"));
    ok(api.counter("1", "finish", clerk1));
    clock.set(at("08:25:00"));
    api.issue("DD");
  }

  private static void ok(Api.Response r) {
    assertEquals(200, r.status(), r.body());
  }
}
