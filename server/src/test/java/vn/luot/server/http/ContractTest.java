package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;

/**
 * Every route of DESIGN.md's contract table, as a kiosk, a phone, a clerk and a supervisor see it: status, shape and
 * the figures that follow from what happened. One server for the class; each test starts on a new service day (the
 * clock moves a day and an admin's close-day opens it), so tests share nothing but the process.
 */
@DisplayName("The HTTP contract of DESIGN.md, route by route")
class ContractTest {
  private static final ZoneId CENTER_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final String CENTER = "/api/centers/default";
  private static final String TICKETS = CENTER + "/tickets";

  @TempDir static Path data;
  static MutableClock clock = new MutableClock(Instant.parse("2026-03-02T01:30:00Z"));
  static TestServer server;
  static Api api;
  static String admin;
  static String supervisor;
  static String[] clerk = new String[9];

  @BeforeAll
  static void start() {
    server = TestServer.start(data, clock);
    api = server.api();
    admin = api.login("admin");
    supervisor = api.login("supervisor");
    // Argon2 makes each sign-in slow on purpose; the server checks them on worker threads, so ask in parallel.
    java.util.stream.IntStream.rangeClosed(1, 8).parallel().forEach(i -> clerk[i] = api.login("clerk" + i));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A new service day: numbering from 001, every counter idle, nobody waiting. */
  @BeforeEach
  void newDay() {
    clock.advance(Duration.ofDays(1));
    Api.Response opened = api.post(CENTER + "/close-day", null, admin);
    assertEquals(200, opened.status(), opened.body());
    assertFalse(opened.json().getBoolean("closed"), "closing after midnight closes yesterday and opens today");
    assertEquals(today().toString(), opened.json().getString("day"));
  }

  // ---- GET /api/centers/{center} ----

  @Test
  @DisplayName("GET a center: its name, six fields with code, name, prefix and waiting, eight counters")
  void centerView() {
    api.issue("DD");
    api.issue("DD");
    api.issue("LD");
    Api.Response r = api.get(CENTER);
    assertJson(r, 200);
    JsonObject center = r.json();
    assertEquals("Trung tâm Phục vụ Hành chính công TP Thanh Hóa", center.getString("name"));
    JsonArray fields = center.getJsonArray("fields");
    assertEquals(6, fields.size());
    for (int i = 0; i < fields.size(); i++) {
      JsonObject f = fields.getJsonObject(i);
      assertTrue(f.fieldNames().containsAll(Set.of("code", "name", "prefix", "waiting")), f.encode());
      assertTrue(f.getValue("waiting") instanceof Integer, f.encode());
    }
    assertEquals(2, field(center, "DD").getInteger("waiting"));
    assertEquals(1, field(center, "LD").getInteger("waiting"));
    assertEquals(0, field(center, "HT").getInteger("waiting"));
    JsonArray counters = center.getJsonArray("counters");
    assertEquals(8, counters.size());
    for (int i = 0; i < counters.size(); i++) {
      JsonObject c = counters.getJsonObject(i);
      assertTrue(c.fieldNames().containsAll(Set.of("id", "name", "fields", "status", "serving")), c.encode());
      assertEquals("IDLE", c.getString("status"));
      assertTrue(c.containsKey("serving") && c.getValue("serving") == null, "nobody served yet: " + c.encode());
    }
  }

  @ParameterizedTest(name = "field {0} is \"{1}\" with prefix {2}")
  @CsvSource({"DD, Đất đai, A", "HT, Hộ tịch, B", "CT, Chứng thực, C", "KD, Đăng ký kinh doanh, D", "XD, Xây dựng, E",
      "LD, Lao động – Thương binh và Xã hội, F"})
  @DisplayName("The demo center's fields, as the kiosk shows them")
  void demoFields(String code, String name, String prefix) {
    JsonObject f = field(api.center(), code);
    assertEquals(name, f.getString("name"));
    assertEquals(prefix, f.getString("prefix"));
  }

  @ParameterizedTest(name = "counter {0} is \"Quầy {0}\" serving {1}")
  @CsvSource({"1, DD XD", "2, DD CT", "3, HT CT", "4, CT HT", "5, DD XD", "6, KD DD", "7, XD DD", "8, LD HT"})
  @DisplayName("The demo center's counters, each with its fields in order of preference")
  void demoCounters(String id, String fields) {
    JsonObject c = counter(api.center(), id);
    assertEquals("Quầy " + id, c.getString("name"));
    assertEquals(new JsonArray(Arrays.asList(fields.split(" "))), c.getJsonArray("fields"));
  }

  // ---- POST /api/centers/{center}/tickets ----

  @Test
  @DisplayName("POST a ticket: 201 with id, number, field, priority, issuedAt at +07:00, ahead, estimate and a tracking token")
  void issueTicket() {
    Api.Response r = api.post(TICKETS, "{\"field\":\"DD\",\"priority\":false,\"kiosk\":\"K1\"}");
    assertJson(r, 201);
    JsonObject t = r.json();
    assertNotNull(t.getString("id"));
    assertEquals("A001", t.getString("number"));
    assertEquals("DD", t.getString("field"));
    assertEquals(false, t.getBoolean("priority"));
    OffsetDateTime issuedAt = OffsetDateTime.parse(t.getString("issuedAt"));
    assertEquals(ZoneOffset.ofHours(7), issuedAt.getOffset(), t.getString("issuedAt"));
    assertEquals(clock.instant(), issuedAt.toInstant());
    assertEquals(0, t.getInteger("ahead"));
    assertEquals(0, t.getInteger("estimatedWaitMinutes"));
    assertTrue(t.getString("trackToken").matches("default\\.[A-Za-z0-9_-]{22}"), t.getString("trackToken"));
    assertNull(r.header("Idempotent-Replay"), "a first issue is no replay");

    JsonObject priority = api.post(TICKETS, "{\"field\":\"HT\",\"priority\":true,\"priorityGroup\":\"ELDERLY\"}").json();
    assertEquals("B001", priority.getString("number"));
    assertEquals(true, priority.getBoolean("priority"));
    JsonObject second = api.issue("DD");
    assertEquals("A002", second.getString("number"));
    assertEquals(1, second.getInteger("ahead"));
    assertTrue(second.getInteger("estimatedWaitMinutes") > 0);
    assertNotEquals(t.getString("trackToken"), second.getString("trackToken"));
  }

  @Test
  @DisplayName("The same Idempotency-Key gets the same ticket back (201, Idempotent-Replay: true) and no second place in the queue")
  void idempotentIssue() {
    Map<String, String> key = Map.of("Idempotency-Key", "kiosk-K1:2026-0001");
    Api.Response first = api.post(TICKETS, "{\"field\":\"DD\",\"kiosk\":\"K1\"}", null, key);
    assertJson(first, 201);
    int waiting = api.waiting("DD");

    Api.Response again = api.post(TICKETS, "{\"field\":\"DD\",\"kiosk\":\"K1\"}", null, key);
    assertJson(again, 201);
    assertEquals("true", again.header("Idempotent-Replay"));
    for (String property : List.of("id", "number", "field", "issuedAt", "trackToken")) {
      assertEquals(first.json().getValue(property), again.json().getValue(property), property);
    }
    assertEquals(waiting, api.waiting("DD"), "waiting count unchanged");

    Api.Response otherField = api.post(TICKETS, "{\"field\":\"HT\",\"kiosk\":\"K1\"}", null, key);
    assertJson(otherField, 409);
    assertEquals("IDEMPOTENCY_KEY_REUSED", otherField.errorCode());
    assertEquals(waiting, api.waiting("DD"));
    assertEquals(0, api.waiting("HT"));
  }

  // ---- GET /api/track/{token} ----

  @Test
  @DisplayName("GET a tracked ticket: number, field, status, ahead, estimate and counter, which fills in once called")
  void trackTicket() {
    String token = api.issue("XD").getString("trackToken");
    Api.Response waiting = api.get("/api/track/" + token);
    assertJson(waiting, 200);
    JsonObject w = waiting.json();
    assertTrue(w.fieldNames().containsAll(Set.of("number", "field", "status", "ahead", "estimatedWaitMinutes", "counter")));
    assertEquals("E001", w.getString("number"));
    assertEquals("XD", w.getString("field"));
    assertEquals("WAITING", w.getString("status"));
    assertEquals(0, w.getInteger("ahead"));
    assertEquals(0, w.getInteger("estimatedWaitMinutes"));
    assertTrue(w.containsKey("counter") && w.getValue("counter") == null);
    assertFalse(w.containsKey("trackToken") || w.containsKey("id"), "nothing the phone does not need");

    assertEquals(200, api.counter("7", "call-next", clerk[7]).status());
    JsonObject called = api.get("/api/track/" + token).json();
    assertEquals("CALLED", called.getString("status"));
    assertEquals("7", called.getString("counter"));
  }

  @Test
  @DisplayName("ahead and estimatedWaitMinutes shrink for a waiting citizen as those before them are called")
  void aheadShrinks() {
    // Lao động is served at counter 8 only: one queue, one counter, 7 minutes a citizen until someone is served;
    // then the day's mean service time (here 5 minutes) takes over. Once the counter is busy, half a service is
    // added for the citizen at it: 2.5 × 7 = 17.5 → 18, then 1.5 × 5 = 7.5 → 8, then 0.5 × 5 = 2.5 → 3.
    List<JsonObject> issued = new ArrayList<>();
    for (int i = 0; i < 4; i++) issued.add(api.issue("LD"));
    for (int i = 0; i < 4; i++) {
      assertEquals(i, issued.get(i).getInteger("ahead"));
      assertEquals(7 * i, issued.get(i).getInteger("estimatedWaitMinutes"));
    }
    String last = "/api/track/" + issued.get(3).getString("trackToken");
    int[] expectedAhead = {2, 1, 0};
    int[] expectedMinutes = {18, 8, 3};
    int previous = api.get(last).json().getInteger("estimatedWaitMinutes");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, api.counter("8", "call-next", clerk[8]).status());
      JsonObject now = api.get(last).json();
      assertEquals(expectedAhead[i], now.getInteger("ahead"));
      assertEquals(expectedMinutes[i], now.getInteger("estimatedWaitMinutes"));
      assertTrue(now.getInteger("estimatedWaitMinutes") < previous);
      previous = now.getInteger("estimatedWaitMinutes");
      clock.advance(Duration.ofMinutes(5));
    }
  }

  // ---- POST /api/auth/login ----

  @ParameterizedTest(name = "{0} signs in as {1} at counter {2}")
  @CsvSource(nullValues = "none", value = {"admin, admin, none", "supervisor, supervisor, none", "clerk1, clerk, 1",
      "clerk5, clerk, 5", "clerk8, clerk, 8"})
  @DisplayName("POST login: 200 with token, role and counter")
  void login(String username, String role, String counter) {
    Api.Response r = api.post("/api/auth/login",
        new JsonObject().put("username", username).put("password", TestServer.PASSWORD).encode());
    assertJson(r, 200);
    JsonObject session = r.json();
    assertTrue(session.getString("token").split("\\.").length == 3, "a signed JWT");
    assertEquals(role, session.getString("role"));
    assertTrue(session.containsKey("counter"));
    assertEquals(counter, session.getString("counter"));
  }

  // ---- counter actions ----

  @Test
  @DisplayName("call-next: 200 with the called ticket (CALLED), then 204 with no body when nobody waits")
  void callNext() {
    JsonObject ticket = api.issue("KD");
    Api.Response called = api.counter("6", "call-next", clerk[6]);
    assertJson(called, 200);
    JsonObject t = called.json();
    assertEquals(ticket.getString("id"), t.getString("id"));
    assertEquals("D001", t.getString("number"));
    assertEquals("CALLED", t.getString("status"));
    assertEquals("6", t.getString("counter"));
    assertEquals(clock.instant(), OffsetDateTime.parse(t.getString("calledAt")).toInstant());
    assertFalse(t.containsKey("trackToken"), "the tracking token belongs to the citizen, not the clerk's screen");

    Api.Response nobody = api.counter("6", "call-next", clerk[6]);
    assertEquals(204, nobody.status());
    assertEquals("", nobody.body());
    assertEquals("DONE", api.get("/api/track/" + ticket.getString("trackToken")).json().getString("status"),
        "calling next finishes the citizen before");
    assertEquals("IDLE", counter(api.center(), "6").getString("status"));
  }

  @Test
  @DisplayName("recall (after the gap), start and finish: 200 with the ticket CALLED again, SERVING, then DONE")
  void recallStartFinish() {
    api.issue("CT");
    assertEquals(200, api.counter("4", "call-next", clerk[4]).status());
    Api.Response tooSoon = api.counter("4", "recall", clerk[4]);
    assertJson(tooSoon, 409);
    assertEquals("RECALL_TOO_SOON", tooSoon.errorCode());

    clock.advance(Duration.ofSeconds(11));
    Api.Response recalled = api.counter("4", "recall", clerk[4]);
    assertJson(recalled, 200);
    assertEquals("CALLED", recalled.json().getString("status"));
    assertEquals(1, recalled.json().getInteger("recalls"));
    assertEquals("C001", recalled.json().getString("number"));

    clock.advance(Duration.ofSeconds(20));
    Api.Response started = api.counter("4", "start", clerk[4]);
    assertJson(started, 200);
    assertEquals("SERVING", started.json().getString("status"));
    assertEquals(clock.instant(), OffsetDateTime.parse(started.json().getString("startedAt")).toInstant());
    assertEquals("C001", counter(api.center(), "4").getString("serving"));
    assertEquals("SERVING", counter(api.center(), "4").getString("status"));

    clock.advance(Duration.ofMinutes(3));
    Api.Response finished = api.post(CENTER + "/counters/4/finish", "{\"outcome\":\"COMPLETED\",\"dossierCode\":\"HS-2026/001\"}", clerk[4]);
    assertJson(finished, 200);
    assertEquals("DONE", finished.json().getString("status"));
    assertEquals("COMPLETED", finished.json().getString("outcome"));
    assertEquals("HS-2026/001", finished.json().getString("dossierCode"));
    assertEquals(clock.instant(), OffsetDateTime.parse(finished.json().getString("finishedAt")).toInstant());
    assertEquals("IDLE", counter(api.center(), "4").getString("status"));
  }

  @Test
  @DisplayName("no-show: 200 with the ticket NO_SHOW, and the counter is free")
  void noShow() {
    api.issue("XD");
    assertEquals(200, api.counter("5", "call-next", clerk[5]).status());
    Api.Response r = api.counter("5", "no-show", clerk[5]);
    assertJson(r, 200);
    assertEquals("NO_SHOW", r.json().getString("status"));
    assertEquals("E001", r.json().getString("number"));
    assertEquals("IDLE", counter(api.center(), "5").getString("status"));
  }

  @Test
  @DisplayName("pause and resume: 200 with the counter, PAUSED with its reason, then IDLE")
  void pauseResume() {
    Api.Response paused = api.post(CENTER + "/counters/2/pause", "{\"reason\":\"Nghỉ trưa\"}", clerk[2]);
    assertJson(paused, 200);
    JsonObject c = paused.json();
    assertEquals("2", c.getString("id"));
    assertEquals("Quầy 2", c.getString("name"));
    assertEquals(new JsonArray(List.of("DD", "CT")), c.getJsonArray("fields"));
    assertEquals("PAUSED", c.getString("status"));
    assertEquals("Nghỉ trưa", c.getString("pauseReason"));
    assertEquals("PAUSED", counter(api.center(), "2").getString("status"));

    Api.Response resumed = api.counter("2", "resume", clerk[2]);
    assertJson(resumed, 200);
    assertEquals("IDLE", resumed.json().getString("status"));
    assertEquals("IDLE", counter(api.center(), "2").getString("status"));
  }

  @Test
  @DisplayName("transfer: 200 with a new WAITING ticket, same number, original issue time, the new field")
  void transfer() {
    JsonObject original = api.issue("DD");
    clock.advance(Duration.ofMinutes(5));
    assertEquals(200, api.counter("1", "call-next", clerk[1]).status());
    clock.advance(Duration.ofMinutes(2));
    Api.Response moved = api.post(CENTER + "/counters/1/transfer", "{\"field\":\"HT\",\"note\":\"Khai sinh\"}", clerk[1]);
    assertJson(moved, 200);
    JsonObject t = moved.json();
    assertEquals("WAITING", t.getString("status"));
    assertEquals(original.getString("number"), t.getString("number"));
    assertEquals("HT", t.getString("field"));
    assertEquals(original.getString("issuedAt"), t.getString("issuedAt"), "the citizen keeps their place in time");
    assertNotEquals(original.getString("id"), t.getString("id"));
    assertEquals(original.getString("id"), t.getString("transferredFrom"));
    assertEquals("Khai sinh", t.getString("note"));
    assertEquals(0, api.waiting("DD"));
    assertEquals(1, api.waiting("HT"));

    JsonObject tracked = api.get("/api/track/" + original.getString("trackToken")).json();
    assertEquals("HT", tracked.getString("field"), "the same QR code follows the citizen to the new field");
    assertEquals("WAITING", tracked.getString("status"));
  }

  // ---- POST /api/track/{token}/rating ----

  @Test
  @DisplayName("rating: 204 once, then 409 ALREADY_RATED")
  void rating() {
    String token = api.issue("HT").getString("trackToken");
    assertEquals(200, api.counter("3", "call-next", clerk[3]).status());
    assertEquals(200, api.counter("3", "finish", clerk[3]).status());
    Api.Response rated = api.post("/api/track/" + token + "/rating", "{\"score\":3}");
    assertEquals(204, rated.status(), rated.body());
    assertEquals("", rated.body());
    assertTrue(api.get("/api/track/" + token).json().getBoolean("rated"));

    Api.Response again = api.post("/api/track/" + token + "/rating", "{\"score\":1}");
    assertJson(again, 409);
    assertEquals("ALREADY_RATED", again.errorCode());
  }

  // ---- GET /api/centers/{center}/stats ----

  @Test
  @DisplayName("stats for a supervisor: per field and per counter, issued, served, noShow, wait and service seconds, share within target, ratings")
  void stats() {
    // Two land citizens arrive together; the first waits 60 s and is served 120 s, the second waits 180 s and is
    // not there when called.
    String first = api.issue("DD").getString("trackToken");
    api.issue("DD");
    clock.advance(Duration.ofSeconds(60));
    assertEquals(200, api.counter("1", "call-next", clerk[1]).status());
    assertEquals(200, api.counter("1", "start", clerk[1]).status());
    clock.advance(Duration.ofSeconds(120));
    assertEquals(200, api.counter("1", "finish", clerk[1]).status());
    assertEquals(204, api.post("/api/track/" + first + "/rating", "{\"score\":3}").status());
    assertEquals(200, api.counter("1", "call-next", clerk[1]).status());
    clock.advance(Duration.ofSeconds(30));
    assertEquals(200, api.counter("1", "no-show", clerk[1]).status());

    Api.Response r = api.get(CENTER + "/stats?from=" + today() + "&to=" + today(), supervisor);
    assertJson(r, 200);
    JsonObject report = r.json();
    for (String group : List.of("fields", "counters")) {
      JsonArray list = report.getJsonArray(group);
      assertFalse(list.isEmpty(), group);
      for (int i = 0; i < list.size(); i++) assertGroupShape(list.getJsonObject(i));
    }
    JsonObject land = byKey(report.getJsonArray("fields"), "code", "DD");
    JsonObject counter1 = byKey(report.getJsonArray("counters"), "id", "1");
    for (JsonObject g : List.of(land, counter1)) {
      assertEquals(2, g.getInteger("issued"));
      assertEquals(1, g.getInteger("served"));
      assertEquals(1, g.getInteger("noShow"));
      JsonObject wait = g.getJsonObject("waitSeconds");
      assertEquals(120.0, wait.getDouble("mean"));
      assertEquals(120.0, wait.getDouble("median"));
      assertEquals(180.0, wait.getDouble("p90"));
      assertEquals(180.0, wait.getDouble("max"));
      JsonObject service = g.getJsonObject("serviceSeconds");
      assertEquals(120.0, service.getDouble("mean"));
      assertEquals(120.0, service.getDouble("max"));
      assertEquals(1.0, g.getDouble("withinTargetShare"), "both called within the 30 minutes of Đất đai");
      assertEquals(1, g.getJsonObject("ratings").getInteger("count"));
      assertEquals(3.0, g.getJsonObject("ratings").getDouble("mean"));
    }
    JsonObject idle = byKey(report.getJsonArray("counters"), "id", "8");
    assertEquals(0, idle.getInteger("served"));
    assertNull(idle.getValue("withinTargetShare"), "nothing to judge at a counter that called nobody");

    Api.Response yesterday = api.get(CENTER + "/stats?from=" + today().minusDays(1) + "&to=" + today().minusDays(1), supervisor);
    assertEquals(0, byKey(yesterday.json().getJsonArray("fields"), "code", "DD").getInteger("issued"),
        "the range bounds the report");
  }

  // ---- ops ----

  @Test
  @DisplayName("GET /health: 200 {status: UP}")
  void health() {
    Api.Response r = api.get("/health");
    assertJson(r, 200);
    assertEquals("UP", r.json().getString("status"));
  }

  @Test
  @DisplayName("GET /metrics: Prometheus text with luot_events and Vert.x's own vertx_ meters")
  void metrics() {
    api.issue("DD");
    Api.Response r = api.get("/metrics");
    assertEquals(200, r.status());
    assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
    List<String> lines = List.of(r.body().split("\n"));
    assertTrue(lines.contains("# TYPE luot_events_total counter"), "luot_events is a counter");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("luot_events_total{") && l.contains("center=\"default\"")
        && l.contains("TicketIssued")), "issued tickets are counted");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("vertx_http_server_")), "Vert.x HTTP server meters");
    for (String line : lines) {
      assertTrue(line.isEmpty() || line.startsWith("#") || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? \\S+"),
          "exposition format: " + line);
    }
  }

  @ParameterizedTest(name = "{0} /")
  @CsvSource({"GET", "HEAD"})
  @DisplayName("Screen files are served by GET and HEAD beside the API")
  void screenFiles(String method) {
    Api.Response r = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/"))
        .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()), null);
    assertEquals(200, r.status());
    if (method.equals("GET")) assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
  }

  // ---- steps ----

  private static LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), CENTER_ZONE);
  }

  private static void assertJson(Api.Response r, int status) {
    assertEquals(status, r.status(), r.body());
    String type = r.header("Content-Type");
    assertTrue(type != null && type.startsWith("application/json"), "JSON, not " + type);
  }

  private static void assertGroupShape(JsonObject g) {
    for (String count : List.of("issued", "served", "noShow")) assertTrue(g.getValue(count) instanceof Integer, count + " in " + g);
    for (String distribution : List.of("waitSeconds", "serviceSeconds")) {
      JsonObject d = g.getJsonObject(distribution);
      assertNotNull(d, distribution + " in " + g);
      for (String figure : List.of("mean", "median", "p90", "max")) {
        assertTrue(d.getValue(figure) instanceof Number, distribution + "." + figure + " in " + g);
      }
    }
    assertTrue(g.containsKey("withinTargetShare"), "withinTargetShare in " + g);
    assertNotNull(g.getJsonObject("ratings"), "ratings in " + g);
  }

  private static JsonObject field(JsonObject center, String code) {
    return byKey(center.getJsonArray("fields"), "code", code);
  }

  private static JsonObject counter(JsonObject center, String id) {
    return byKey(center.getJsonArray("counters"), "id", id);
  }

  private static JsonObject byKey(JsonArray list, String key, String value) {
    for (int i = 0; i < list.size(); i++) if (value.equals(list.getJsonObject(i).getString(key))) return list.getJsonObject(i);
    throw new AssertionError("no " + key + " " + value + " in " + list);
  }
}
