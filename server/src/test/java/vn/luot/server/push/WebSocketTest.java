package vn.luot.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.config.ServerConfig;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.RawWebSocket;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WideCenter;
import vn.luot.server.support.WsClient;

/**
 * The WebSocket contract as screens and phones live it: a snapshot at some seq, then every event with the next seq;
 * a counter screen sees only its counter; a phone sees its ticket move; a resync or a late start gives a snapshot at
 * the latest seq; and one stalled screen neither holds up the others nor makes the server hoard its backlog.
 */
@DisplayName("WebSocket streams: snapshot, then events in seq order; per counter, per ticket; resync; a stalled screen")
class WebSocketTest {
  private static final String CENTER = "/api/centers/default";
  private static final String LOBBY = "/ws/centers/default";
  private static final Set<String> FIELDS = Set.of("DD", "HT", "CT", "KD", "XD", "LD");

  @TempDir static Path data;
  static MutableClock clock = new MutableClock(Instant.parse("2026-03-02T01:30:00Z"));
  static TestServer server;
  static Api api;
  static Vertx vertx;
  static String admin;

  @BeforeAll
  static void start() {
    server = TestServer.start(data, clock);
    api = server.api();
    vertx = Vertx.vertx();
    admin = api.login("admin");
  }

  @AfterAll
  static void stop() {
    vertx.close();
    server.close();
  }

  /** A new service day before each test, opened before any screen connects, so streams start from a quiet center. */
  @BeforeEach
  void newDay() {
    clock.advance(Duration.ofDays(1));
    Api.Response opened = api.post(CENTER + "/close-day", null, admin);
    assertEquals(200, opened.status(), opened.body());
    assertFalse(opened.json().getBoolean("closed"));
  }

  @Test
  @DisplayName("A lobby screen gets a snapshot, then issued, called, started, finished, noShow, transferred and counterStatus with consecutive seq, each with the waiting counts")
  void eventsInOrder() {
    try (WsClient lobby = WsClient.connect(vertx, server.port(), LOBBY)) {
      JsonObject snapshot = lobby.next();
      assertEquals("snapshot", snapshot.getString("type"));
      long seq = snapshot.getLong("seq");
      assertTrue(snapshot.getJsonArray("fields").size() == 6 && snapshot.getJsonArray("counters").size() == 8);
      assertEquals(new JsonArray(), snapshot.getJsonArray("recentCalls"));
      assertWaiting(snapshot, 0, 0);

      api.issue("DD");
      JsonObject issued = expect(lobby, ++seq, "issued");
      assertEquals("A001", issued.getString("number"));
      assertEquals("DD", issued.getString("field"));
      assertWaiting(issued, 1, 0);
      api.issue("DD");
      assertWaiting(expect(lobby, ++seq, "issued"), 2, 0);

      counter("1", "call-next");
      JsonObject called = expect(lobby, ++seq, "called");
      assertEquals("A001", called.getString("number"));
      assertEquals("1", called.getString("counter"));
      assertFalse(called.getBoolean("recall"));
      assertEquals(ZoneOffset.ofHours(7), OffsetDateTime.parse(called.getString("at")).getOffset());
      assertWaiting(called, 1, 0);

      clock.advance(Duration.ofSeconds(15));
      counter("1", "recall");
      JsonObject recalled = expect(lobby, ++seq, "called");
      assertTrue(recalled.getBoolean("recall"));
      assertEquals("A001", recalled.getString("number"));

      counter("1", "start");
      assertEquals("A001", expect(lobby, ++seq, "started").getString("number"));
      counter("1", "finish");
      assertEquals("A001", expect(lobby, ++seq, "finished").getString("number"));

      counter("1", "call-next");
      assertEquals("A002", expect(lobby, ++seq, "called").getString("number"));
      counter("1", "no-show");
      JsonObject noShow = expect(lobby, ++seq, "noShow");
      assertEquals("A002", noShow.getString("number"));
      assertWaiting(noShow, 0, 0);

      api.issue("DD");
      expect(lobby, ++seq, "issued");
      counter("1", "call-next");
      expect(lobby, ++seq, "called");
      assertEquals(200, api.post(CENTER + "/counters/1/transfer", "{\"field\":\"HT\"}", admin).status());
      JsonObject transferred = expect(lobby, ++seq, "transferred");
      assertEquals("A003", transferred.getString("number"));
      assertEquals("HT", transferred.getString("toField"));
      assertEquals("1", transferred.getString("counter"));
      assertWaiting(transferred, 0, 1);

      counter("1", "pause");
      JsonObject paused = expect(lobby, ++seq, "counterStatus");
      assertEquals("1", paused.getString("counter"));
      assertEquals("PAUSED", paused.getString("status"));
      counter("1", "resume");
      JsonObject resumed = expect(lobby, ++seq, "counterStatus");
      assertEquals("IDLE", resumed.getString("status"));
      assertWaiting(resumed, 0, 1);
      assertTrue(lobby.quietFor(Duration.ofMillis(100)), "one message per event, nothing else");
    }
  }

  @Test
  @DisplayName("A counter screen (?counter=5) gets a snapshot with its counter, and no other counter's called or started")
  void counterScreen() {
    try (WsClient screen = WsClient.connect(vertx, server.port(), LOBBY + "?counter=5");
         WsClient lobby = WsClient.connect(vertx, server.port(), LOBBY)) {
      JsonObject snapshot = screen.next();
      assertEquals("snapshot", snapshot.getString("type"));
      JsonObject own = snapshot.getJsonObject("counter");
      assertNotNull(own, "the counter's own state");
      assertEquals("5", own.getString("id"));
      assertEquals(new JsonArray(List.of("DD", "XD")), own.getJsonArray("fields"));
      assertEquals("IDLE", own.getString("status"));
      long seq = snapshot.getLong("seq");
      assertEquals(seq, lobby.next().getLong("seq"));

      api.issue("DD");
      counter("1", "call-next");
      counter("1", "start");
      api.issue("XD");
      counter("5", "call-next");

      for (String type : List.of("issued", "called", "started", "issued", "called")) expect(lobby, ++seq, type);

      JsonObject first = screen.next();
      assertEquals("issued", first.getString("type"));
      assertEquals("A001", first.getString("number"));
      JsonObject second = screen.next();
      assertEquals("issued", second.getString("type"), "counter 1's called and started were not sent: " + second);
      assertEquals("E001", second.getString("number"));
      JsonObject call = screen.next();
      assertEquals("called", call.getString("type"));
      assertEquals("5", call.getString("counter"));
      assertEquals("E001", call.getString("number"));
      assertEquals(seq, call.getLong("seq"));
      assertTrue(screen.quietFor(Duration.ofMillis(100)));
    }
  }

  @Test
  @DisplayName("A call-next that finishes one ticket and calls the next (one append, two events): the lobby gets finished then called, a screen of its counter both, another counter's screen neither, the next ticket's phone its call")
  void twoEventsOfOneCommand() {
    api.issue("DD");
    JsonObject second = api.issue("DD");
    counter("1", "call-next");
    try (WsClient lobby = WsClient.connect(vertx, server.port(), LOBBY);
         WsClient own = WsClient.connect(vertx, server.port(), LOBBY + "?counter=1");
         WsClient other = WsClient.connect(vertx, server.port(), LOBBY + "?counter=5");
         WsClient phone = WsClient.connect(vertx, server.port(), "/ws/track/" + second.getString("trackToken"))) {
      long seq = lobby.next().getLong("seq");
      assertEquals(seq, own.next().getLong("seq"));
      assertEquals(seq, other.next().getLong("seq"));
      assertEquals("snapshot", phone.next().getString("type"));

      counter("1", "call-next");
      for (WsClient screen : List.of(lobby, own)) {
        JsonObject finished = expect(screen, seq + 1, "finished");
        assertEquals("A001", finished.getString("number"));
        JsonObject called = expect(screen, seq + 2, "called");
        assertEquals("A002", called.getString("number"));
        assertEquals("1", called.getString("counter"));
        assertTrue(screen.quietFor(Duration.ofMillis(100)));
      }
      assertTrue(other.quietFor(Duration.ofMillis(200)), "counter 1's events are not counter 5's");
      JsonObject call = phone.nextMatching(m -> "called".equals(m.getString("type")));
      assertEquals("A002", call.getString("number"));
      assertEquals(seq + 2, call.getLong("seq"));
    }
  }

  @Test
  @DisplayName("Counter screens that connect after a call get their own counter's state at the latest seq (a snapshot is shared per counter, never across counters or events)")
  void lateCounterScreens() {
    try (WsClient early5 = WsClient.connect(vertx, server.port(), LOBBY + "?counter=5");
         WsClient early1 = WsClient.connect(vertx, server.port(), LOBBY + "?counter=1")) {
      assertEquals("IDLE", early5.next().getJsonObject("counter").getString("status"));
      assertEquals("IDLE", early1.next().getJsonObject("counter").getString("status"));
      api.issue("XD");
      counter("5", "call-next");
      assertEquals("issued", early5.next().getString("type"));
      assertEquals("called", early5.next().getString("type"));
    }
    try (WsClient late5 = WsClient.connect(vertx, server.port(), LOBBY + "?counter=5");
         WsClient late1 = WsClient.connect(vertx, server.port(), LOBBY + "?counter=1");
         WsClient again5 = WsClient.connect(vertx, server.port(), LOBBY + "?counter=5")) {
      JsonObject five = late5.next();
      assertEquals("5", five.getJsonObject("counter").getString("id"));
      assertEquals("CALLING", five.getJsonObject("counter").getString("status"));
      assertEquals("E001", five.getJsonObject("counter").getString("serving"));
      assertEquals(five, again5.next(), "two screens of one counter get the same snapshot");
      JsonObject one = late1.next();
      assertEquals("1", one.getJsonObject("counter").getString("id"));
      assertEquals("IDLE", one.getJsonObject("counter").getString("status"));
      assertEquals(five.getLong("seq"), one.getLong("seq"));
    }
  }

  @Test
  @DisplayName("A phone on /ws/track/{token} gets its ticket, an update when someone ahead in its field is called, and its own call")
  void phone() {
    api.issue("DD");
    JsonObject mine = api.issue("DD");
    api.issue("HT");
    try (WsClient phone = WsClient.connect(vertx, server.port(), "/ws/track/" + mine.getString("trackToken"))) {
      JsonObject snapshot = phone.next();
      assertEquals("snapshot", snapshot.getString("type"));
      assertNotNull(snapshot.getLong("seq"));
      JsonObject ticket = snapshot.getJsonObject("ticket");
      assertEquals("A002", ticket.getString("number"));
      assertEquals("WAITING", ticket.getString("status"));
      assertEquals(1, ticket.getInteger("ahead"));

      counter("3", "call-next"); // B001: another field, not ahead of A002
      counter("1", "call-next"); // A001: the one ahead
      JsonObject update = phone.next();
      assertEquals("ticket", update.getString("type"));
      assertEquals(0, update.getJsonObject("ticket").getInteger("ahead"), "the first update is the land call: " + update);
      assertEquals("WAITING", update.getJsonObject("ticket").getString("status"));

      counter("2", "call-next"); // A002: mine
      JsonObject called = phone.nextMatching(m -> "called".equals(m.getString("type")));
      assertEquals("A002", called.getString("number"));
      assertEquals("2", called.getString("counter"));
      assertFalse(called.getBoolean("recall"));
      JsonObject now = phone.nextMatching(m -> "ticket".equals(m.getString("type"))).getJsonObject("ticket");
      assertEquals("CALLED", now.getString("status"));
      assertEquals("2", now.getString("counter"));
      assertEquals("Quầy 2", now.getString("counterName"));
    }
  }

  @Test
  @DisplayName("{\"type\":\"resync\"} brings a fresh snapshot at the latest seq, and the stream goes on from there; ping gets pong")
  void resync() {
    try (WsClient lobby = WsClient.connect(vertx, server.port(), LOBBY)) {
      long seq = lobby.next().getLong("seq");
      api.issue("KD");
      expect(lobby, ++seq, "issued");

      lobby.send(new JsonObject().put("type", "resync"));
      JsonObject fresh = lobby.next();
      assertEquals("snapshot", fresh.getString("type"));
      assertEquals(seq, fresh.getLong("seq"));
      assertEquals(1, fresh.getJsonObject("waiting").getInteger("KD"));

      api.issue("KD");
      assertEquals(2, expect(lobby, ++seq, "issued").getJsonObject("waiting").getInteger("KD"));
      lobby.send(new JsonObject().put("type", "ping"));
      assertEquals("pong", lobby.next().getString("type"));
    }
  }

  @Test
  @DisplayName("A screen that connects after events gets a snapshot whose seq is the latest, with the state those events made")
  void lateScreen() {
    long last;
    try (WsClient early = WsClient.connect(vertx, server.port(), LOBBY)) {
      long seq = early.next().getLong("seq");
      api.issue("DD");
      api.issue("DD");
      api.issue("LD");
      counter("1", "call-next");
      for (String type : List.of("issued", "issued", "issued", "called")) expect(early, ++seq, type);
      last = seq;
    }
    try (WsClient late = WsClient.connect(vertx, server.port(), LOBBY)) {
      JsonObject snapshot = late.next();
      assertEquals("snapshot", snapshot.getString("type"));
      assertEquals(last, snapshot.getLong("seq"));
      assertEquals(1, snapshot.getJsonObject("waiting").getInteger("DD"));
      assertEquals(1, snapshot.getJsonObject("waiting").getInteger("LD"));
      JsonObject call = snapshot.getJsonArray("recentCalls").getJsonObject(0);
      assertEquals("A001", call.getString("number"));
      assertEquals("1", call.getString("counter"));
      JsonObject counter1 = snapshot.getJsonArray("counters").getJsonObject(0);
      assertEquals("CALLING", counter1.getString("status"));
      assertEquals("A001", counter1.getString("serving"));
    }
  }

  @ParameterizedTest(name = "{0} → {1} {2}")
  @CsvSource({
      "/ws/centers/nowhere, 404, CENTER_UNKNOWN",
      "/ws/centers/default?counter=99, 404, COUNTER_UNKNOWN",
      "/ws/track/default.AAAAAAAAAAAAAAAAAAAAAA, 404, TICKET_UNKNOWN",
      "/ws/track/not-a-token, 404, TICKET_UNKNOWN"})
  @DisplayName("A stream of something that does not exist is refused before the upgrade, with a JSON error")
  void refusedBeforeUpgrade(String path, int status, String code) throws IOException {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), path, 0)) {
      assertEquals(status, ws.status, "no 101: the connection is never upgraded");
      assertTrue(ws.headers.get("content-type").startsWith("application/json"));
      assertEquals(code, new JsonObject(ws.body).getJsonObject("error").getString("code"));
    }
    assertThrows(IllegalStateException.class, () -> WsClient.connect(vertx, server.port(), path).close());
  }

  /**
   * The flood runs on its own center, one with 150 fields. Every stream message carries the waiting count of every
   * field, so each event is ~3 KB here instead of ~200 bytes: 3000 of them (~9 MB) outgrow what the kernel itself
   * buffers for a loopback socket that is not read (measured 2–4 MB: loopback's 64 KB MSS lets the send buffer grow
   * to tcp_wmem's maximum), so the server's own 64 KB write queue really fills. With the demo center's six fields,
   * 3000 events (~600 KB) would vanish into kernel buffers and the server would never see a slow screen.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("A screen that stops reading during a rush of 3000 tickets")
  class StalledScreen {
    private static final int FLOOD = 3000;
    private static final int WIDE_FIELDS = 150;
    private static final String FIELD = WideCenter.FIELD;
    private TestServer wide;
    private Api wideApi;

    @BeforeAll
    void startWideCenter() throws IOException {
      Path wideData = Files.createDirectories(data.resolve("wide"));
      Path file = WideCenter.write(wideData, WIDE_FIELDS);
      // A stall limit far beyond the test, so the stalled screen is never closed while the test waits to read it.
      ServerConfig config = ConfigLoader.load(file, TestServer.env(Map.of("LUOT_LIMITS_WEB_SOCKET_STALL_SECONDS", "3600")))
          .withPort(0).withDataDir(wideData);
      // Its own clock: the outer class's new day before each test must not roll this center over mid-stream.
      wide = TestServer.start(config, new MutableClock(Instant.parse("2026-03-02T01:30:00Z")));
      wideApi = wide.api();
    }

    @AfterAll
    void stopWideCenter() {
      wide.close();
    }

    @Test
    @DisplayName("Another screen gets all 3000 events in order, the server stays healthy, and the stalled one, reading again, gets a fresh snapshot instead of the backlog")
    void stalledScreen() throws Exception {
      try (WsClient lobby = WsClient.connect(vertx, wide.port(), LOBBY);
           RawWebSocket stalled = RawWebSocket.open(wide.port(), LOBBY, 4096)) {
        assertEquals(101, stalled.status);
        long seq = lobby.next().getLong("seq");
        long first = seq;

        long started = System.nanoTime();
        wideApi.issueConcurrently(FIELD, FLOOD);
        System.out.println("stalled screen: " + FLOOD + " tickets issued in " + (System.nanoTime() - started) / 1_000_000 + " ms");

        // (a) the screen that reads saw every one, in order, numbered as issued
        for (int i = 1; i <= FLOOD; i++) {
          JsonObject m = lobby.next();
          assertEquals("issued", m.getString("type"));
          assertEquals(++seq, m.getLong("seq"));
          assertEquals(String.format("A%03d", i), m.getString("number"));
          assertEquals(i, m.getJsonObject("waiting").getInteger(FIELD));
        }

        // (b) the server is still well: health, a new screen at the latest seq, a clerk's call reaching the screen
        Api.Response health = wideApi.get("/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.json().getString("status"));
        try (WsClient another = WsClient.connect(vertx, wide.port(), LOBBY)) {
          assertEquals(seq, another.next().getLong("seq"));
        }
        String clerk = wideApi.login("clerk1");
        assertEquals(200, wideApi.counter("1", "call-next", clerk).status());
        JsonObject called = lobby.next();
        assertEquals("called", called.getString("type"));
        assertEquals(++seq, called.getLong("seq"));

        // (c) the stalled screen, reading at last: its first snapshot, the events its buffers held, then a fresh
        // snapshot at the latest seq instead of the thousands it missed
        JsonObject initial = stalled.next(Duration.ofSeconds(10));
        assertNotNull(initial);
        assertEquals("snapshot", initial.getString("type"));
        assertEquals(first, initial.getLong("seq"));
        long expected = first;
        int delivered = 0;
        JsonObject m;
        while ((m = stalled.next(Duration.ofSeconds(10))) != null && !"snapshot".equals(m.getString("type"))) {
          assertEquals(++expected, m.getLong("seq"), "what did arrive arrived in order");
          delivered++;
        }
        assertNotNull(m, "a fresh snapshot once the stalled screen drains (after " + delivered + " events)");
        System.out.println("stalled screen: " + delivered + " of " + FLOOD + " events reached it before its fresh snapshot");
        assertEquals(seq, m.getLong("seq"), "the fresh snapshot is at the latest seq");
        assertTrue(delivered < FLOOD, "the backlog was dropped, not queued: " + delivered + " of " + FLOOD + " delivered");
        assertEquals(FLOOD - 1, m.getJsonObject("waiting").getInteger(FIELD));

        // and from there on it is an ordinary screen again
        wideApi.issue(FIELD);
        JsonObject next = stalled.next(Duration.ofSeconds(10));
        assertNotNull(next);
        assertEquals("issued", next.getString("type"));
        assertEquals(seq + 1, next.getLong("seq"));
      }
    }
  }

  // ---- steps ----

  /** The next message must be the given event with the given seq, carrying every field's waiting count. */
  private static JsonObject expect(WsClient client, long seq, String type) {
    JsonObject m = client.next();
    assertEquals(type, m.getString("type"), m.encode());
    assertEquals(seq, m.getLong("seq"), m.encode());
    JsonObject waiting = m.getJsonObject("waiting");
    assertNotNull(waiting, "waiting in " + m.encode());
    assertEquals(FIELDS, waiting.fieldNames());
    return m;
  }

  private static void assertWaiting(JsonObject message, int land, int civilStatus) {
    assertEquals(land, message.getJsonObject("waiting").getInteger("DD"), message.encode());
    assertEquals(civilStatus, message.getJsonObject("waiting").getInteger("HT"), message.encode());
  }

  private static void counter(String counter, String action) {
    Api.Response r = api.counter(counter, action, admin);
    assertTrue(r.status() == 200 || r.status() == 204, action + " at " + counter + ": " + r.status() + " " + r.body());
  }
}
