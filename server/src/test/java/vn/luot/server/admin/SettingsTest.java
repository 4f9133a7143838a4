package vn.luot.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

@ExtendWith(VertxExtension.class)
@DisplayName("Center settings: changed through the engine, live, durable across restarts and days, audited")
class SettingsTest {
  static final String SETTINGS = "/api/centers/default/settings";
  /** 09:00 in Hà Nội on a Monday. */
  static final Instant MORNING = Instant.parse("2026-03-02T02:00:00Z");

  @TempDir Path data;

  /** The current settings with a field TP (prefix G) added, LD disabled, a notice, a counter 9 and four rating levels. */
  /** What GET gives, as a PUT body (without center, name and seq). */
  static JsonObject body(JsonObject current) {
    JsonObject s = current.copy();
    for (String k : new String[] {"center", "name", "seq"}) s.remove(k);
    return s;
  }

  static JsonObject changed(JsonObject current) {
    JsonObject s = body(current);
    s.getJsonArray("fields").add(new JsonObject().put("code", "TP").put("name", "Lý lịch tư pháp").put("prefix", "G")
        .put("targetWaitMinutes", 25).put("defaultServiceMinutes", 9));
    for (Object f : s.getJsonArray("fields")) {
      if (((JsonObject) f).getString("code").equals("LD")) ((JsonObject) f).put("disabled", true);
    }
    s.getJsonArray("counters").add(new JsonObject().put("id", "9").put("name", "Quầy 9").put("fields", new JsonArray().add("TP").add("HT")));
    s.getJsonObject("display").put("notice", "Trung tâm nghỉ chiều thứ Bảy");
    s.put("ratingLevels", new JsonArray().add("Rất hài lòng").add("Hài lòng").add("Bình thường").add("Không hài lòng"));
    return s;
  }

  static JsonObject withoutMeta(JsonObject settings) {
    JsonObject s = settings.copy();
    s.remove("seq");
    return s;
  }

  @Test
  @DisplayName("A change applies at once, survives restarts and the next day (when it is no longer replayed), and is audited")
  void durableAcrossRestartsAndDays() {
    MutableClock clock = new MutableClock(MORNING);
    JsonObject after;
    try (TestServer server = TestServer.start(data, clock)) {
      Api api = server.api();
      String admin = api.login("admin");
      Api.Response put = api.put(SETTINGS, changed(api.get(SETTINGS, admin).json()).encode(), admin);
      assertEquals(200, put.status(), put.body());
      after = withoutMeta(put.json());
      assertEquals("G001", api.issue("TP").getString("number"));
      assertLive(api, after);
    }
    try (TestServer server = TestServer.start(data, clock)) {
      Api api = server.api();
      assertEquals(after, withoutMeta(api.get(SETTINGS, api.login("admin")).json()), "after a restart");
      assertEquals("G002", api.issue("TP").getString("number"));
      assertLive(api, after);
    }
    clock.advance(Duration.ofDays(1));
    try (TestServer server = TestServer.start(data, clock)) {
      Api api = server.api();
      assertEquals("G001", api.issue("TP").getString("number"), "numbering restarts on the new day");
      assertEquals(after, withoutMeta(api.get(SETTINGS, api.login("admin")).json()), "after the day rolled over");
    }
    try (TestServer server = TestServer.start(data, clock)) {
      // Now the engine replays only the new day: the settings come from the stored row, not from the events.
      Api api = server.api();
      assertEquals(after, withoutMeta(api.get(SETTINGS, api.login("admin")).json()), "restart on the next day");
      assertLive(api, after);
      JsonArray entries = api.get("/api/admin/audit?center=default", api.login("admin")).json().getJsonArray("entries");
      JsonObject change = entries.stream().map(JsonObject.class::cast)
          .filter(e -> e.getString("action").equals("settings.change")).findFirst().orElseThrow();
      assertEquals("admin", change.getString("actor"));
      assertEquals("2026-03-02T09:00:00+07:00", change.getString("at"));
      JsonArray changes = change.getJsonObject("detail").getJsonArray("changes");
      for (String c : new String[] {"fieldAdded:TP", "fieldDisabled:LD", "counterAdded:9", "displayChanged", "ratingChanged"}) {
        assertTrue(changes.contains(c), c + " in " + changes);
      }
    }
  }

  private static void assertLive(Api api, JsonObject settings) {
    JsonObject center = api.center();
    JsonArray fields = center.getJsonArray("fields");
    assertTrue(fields.stream().map(JsonObject.class::cast).anyMatch(f -> f.getString("code").equals("TP")));
    assertTrue(fields.stream().map(JsonObject.class::cast).anyMatch(f -> f.getString("code").equals("LD") && f.getBoolean("disabled")));
    assertTrue(center.getJsonArray("counters").stream().map(JsonObject.class::cast).anyMatch(c -> c.getString("id").equals("9")));
    assertEquals(new JsonArray().add(new JsonObject().put("score", 4).put("label", "Rất hài lòng"))
            .add(new JsonObject().put("score", 3).put("label", "Hài lòng"))
            .add(new JsonObject().put("score", 2).put("label", "Bình thường"))
            .add(new JsonObject().put("score", 1).put("label", "Không hài lòng")),
        center.getJsonArray("ratingLevels"));
    assertEquals(settings.getJsonObject("display").getString("notice"),
        api.get("/api/centers/default/display").json().getString("notice"));
    Api.Response disabled = api.post("/api/centers/default/tickets", "{\"field\":\"LD\"}");
    assertEquals(409, disabled.status(), disabled.body());
    assertEquals("FIELD_DISABLED", disabled.errorCode());
  }

  @Test
  @DisplayName("Open screens get a settingsChanged message carrying the new center, in seq order")
  void screensHearOfTheChange(Vertx vertx) {
    try (TestServer server = TestServer.start(data); WsClient lobby = WsClient.connect(vertx, server.port(), "/ws/centers/default")) {
      Api api = server.api();
      JsonObject snapshot = lobby.nextMatching(m -> "snapshot".equals(m.getString("type")));
      String admin = api.login("admin");
      assertEquals(200, api.put(SETTINGS, changed(api.get(SETTINGS, admin).json()).encode(), admin).status());
      JsonObject m = lobby.nextMatching(x -> "settingsChanged".equals(x.getString("type")));
      assertTrue(m.getLong("seq") > snapshot.getLong("seq"));
      assertTrue(m.getJsonObject("center").getJsonArray("fields").stream().map(JsonObject.class::cast)
          .anyMatch(f -> f.getString("code").equals("TP")));
      assertTrue(m.getJsonArray("changes").contains("fieldAdded:TP"));
      assertEquals(0, m.getJsonObject("waiting").getInteger("TP"));
    }
  }

  @Test
  @DisplayName("Inconsistent settings are refused with a clear 4xx in Vietnamese or English, and nothing changes")
  void inconsistentSettingsAreRefused() {
    try (TestServer server = TestServer.start(data)) {
      Api api = server.api();
      String admin = api.login("admin");
      JsonObject before = api.get(SETTINGS, admin).json();
      JsonObject base = changed(before);

      JsonObject removed = base.copy();
      removed.getJsonArray("fields").remove(0);
      assertRefused(api, admin, removed, 422, "SETTINGS_FIELD_REMOVED", "Không thể xóa lĩnh vực \"DD\"");

      JsonObject samePrefix = base.copy();
      samePrefix.getJsonArray("fields").getJsonObject(6).put("prefix", "A");
      assertRefused(api, admin, samePrefix, 422, "SETTINGS_PREFIX_REPEATED", "\"A\"");

      JsonObject unknownField = base.copy();
      unknownField.getJsonArray("counters").getJsonObject(0).put("fields", new JsonArray().add("ZZ"));
      assertRefused(api, admin, unknownField, 422, "SETTINGS_COUNTER_FIELD_UNKNOWN", "ZZ");

      JsonObject allOff = base.copy();
      allOff.getJsonArray("fields").forEach(f -> ((JsonObject) f).put("disabled", true));
      assertRefused(api, admin, allOff, 422, "SETTINGS_NO_ACTIVE_FIELD", "ít nhất một lĩnh vực");

      JsonObject badPrefix = base.copy();
      badPrefix.getJsonArray("fields").getJsonObject(6).put("prefix", "g1");
      Api.Response r = api.send(java.net.http.HttpRequest.newBuilder(api.uri(SETTINGS))
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(badPrefix.encode()))
          .header("Content-Type", "application/json").header("Accept-Language", "en"), admin);
      assertEquals(400, r.status(), r.body());
      assertEquals("INVALID_FIELD_VALUE", r.errorCode());
      assertEquals("The value of \"fields[6].prefix\" is not valid: must be 1 to 3 capital letters (A-Z).",
          r.json().getJsonObject("error").getString("message"));

      JsonObject noTemplate = base.copy();
      noTemplate.getJsonObject("display").put("announcementTemplate", "Mời số {number}");
      assertRefused(api, admin, noTemplate, 400, "INVALID_FIELD_VALUE", "display.announcementTemplate");

      JsonObject extra = base.copy().put("colour", "red");
      assertRefused(api, admin, extra, 400, "UNKNOWN_PROPERTY", "colour");

      // A counter with a citizen at it stays.
      api.issue("DD");
      assertEquals(200, api.counter("1", "call-next", api.login("clerk1")).status());
      JsonObject busy = body(before);
      busy.getJsonArray("counters").remove(0);
      assertRefused(api, admin, busy, 409, "SETTINGS_COUNTER_BUSY", "Quầy 1");

      // A field that issued numbers today keeps its prefix until tomorrow.
      JsonObject prefix = body(before);
      prefix.getJsonArray("fields").getJsonObject(0).put("prefix", "Q");
      assertRefused(api, admin, prefix, 409, "SETTINGS_PREFIX_IN_USE", "DD");

      assertEquals(withoutMeta(before), withoutMeta(api.get(SETTINGS, admin).json()), "nothing changed");
      JsonArray audit = api.get("/api/admin/audit?center=default", admin).json().getJsonArray("entries");
      assertFalse(audit.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("action").equals("settings.change")),
          "no audit row for refused changes: " + audit.encode());
    }
  }

  private static void assertRefused(Api api, String token, JsonObject body, int status, String code, String inMessage) {
    Api.Response r = api.put(SETTINGS, body.encode(), token);
    assertEquals(status, r.status(), r.body());
    assertEquals(code, r.errorCode());
    assertTrue(r.json().getJsonObject("error").getString("message").contains(inMessage), r.body());
  }

  @Test
  @DisplayName("Saving the same settings again changes nothing and logs nothing")
  void unchangedSettings() {
    try (TestServer server = TestServer.start(data)) {
      Api api = server.api();
      String admin = api.login("admin");
      JsonObject before = api.get(SETTINGS, admin).json();
      Api.Response r = api.put(SETTINGS, body(before).encode(), admin);
      assertEquals(200, r.status(), r.body());
      assertEquals(before.getLong("seq"), r.json().getLong("seq"));
      JsonArray audit = api.get("/api/admin/audit?center=default", admin).json().getJsonArray("entries");
      assertFalse(audit.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("action").equals("settings.change")));
    }
  }
}
