package vn.luot.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

/**
 * Issue 7 (iii): a seeded stream of malformed, oversized, wrongly typed and out-of-order requests and WebSocket
 * frames against a real server, with valid steps of the day woven in so the queue moves meanwhile. Nothing may
 * answer 5xx or leak a stack trace; every refusal is a known code in the error shape; afterwards the server is
 * healthy, the journal holds exactly the acknowledged commands, replaying it gives the same tickets table, and each
 * day's numbers run without gap or repeat.
 *
 * <p>Short by default (5,000 requests and 500 frames); {@code -Dluot.reliability=full} sends 100,000 requests and
 * 10,000 frames. {@code -Dluot.fuzz.seed=N} replays a run; every failure prints the seed and the exact request.
 */
@DisplayName("Fuzzing the HTTP API and the WebSocket feeds")
class FuzzTest {
  private static final boolean FULL = "full".equals(System.getProperty("luot.reliability"));
  private static final int REQUESTS = FULL ? 100_000 : 5_000;
  private static final int FRAMES = FULL ? 10_000 : 500;
  /** The share of requests that are valid steps of the day. */
  private static final double VALID_SHARE = 0.3;
  private static final int MAX_FAILURES = 30;
  /** What a stack trace or an internal name looks like in an answer. */
  private static final Pattern LEAK = Pattern.compile(
      "Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.|java\\.[a-z]+\\.|io\\.vertx|io\\.netty|vn\\.luot|com\\.fasterxml|org\\.sqlite|SQLITE_");
  private static final Set<String> KNOWN_CODES = knownCodes();

  @TempDir Path data;
  @TempDir Path scratch;
  private TestServer server;
  private Vertx vertx;
  private final List<LogRecord> severe = Collections.synchronizedList(new ArrayList<>());
  private final Handler severeCatcher = new Handler() {
    @Override public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= Level.SEVERE.intValue()) severe.add(r);
    }
    @Override public void flush() { }
    @Override public void close() { }
  };

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(severeCatcher);
    if (server != null) server.close();
    if (vertx != null) vertx.close();
  }

  @Test
  @DisplayName("Refuses every broken request and frame cleanly, and keeps the queue and its journal whole")
  void fuzz() throws Exception {
    long seed = Long.getLong("luot.fuzz.seed", System.nanoTime());
    System.out.printf("FuzzTest: seed %d, %s form: %,d requests and %,d frames (replay: -Dluot.fuzz.seed=%d%s)%n", seed,
        FULL ? "full" : "short", REQUESTS, FRAMES, seed, FULL ? " -Dluot.reliability=full" : "");
    SplittableRandom random = new SplittableRandom(seed);
    server = TestServer.start(data);
    vertx = Vertx.vertx();
    Logger.getLogger("").addHandler(severeCatcher);
    Desk desk = desk(server.api());
    List<String> failures = new ArrayList<>();
    Consumer<String> fail = f -> {
      if (failures.size() < MAX_FAILURES) failures.add(f);
    };

    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, Integer> codes = new TreeMap<>();
    Ledger ledger = new Ledger();
    HttpFuzzer http = new HttpFuzzer(random.split(), desk);
    WsFuzzer ws = new WsFuzzer(random.split(), desk, server.port(), f -> fail.accept("[ws] " + f));
    long t0 = System.nanoTime();
    try (WsClient witness = WsClient.connect(vertx, server.port(), "/ws/centers/default");
         WireClient client = new WireClient(server.port())) {
      long firstSeq = witness.next().getLong("seq");
      int sent = 0;
      for (int i = 0; i < REQUESTS && failures.size() < MAX_FAILURES; i++, sent++) {
        FuzzRequest request = http.next(VALID_SHARE);
        send(client, request, i, ledger, desk, statuses, codes, fail);
        while (ws.frames < (long) FRAMES * (i + 1) / REQUESTS && failures.size() < MAX_FAILURES) ws.step();
      }
      long fuzzMs = (System.nanoTime() - t0) / 1_000_000;

      // Healthy afterwards: health, a ticket issued, called and finished, a new screen's snapshot.
      Api api = server.api();
      expect(200, api.get("/health").status(), "GET /health after the run", fail);
      for (String field : desk.fields) {
        send(client, step("POST /api/centers/:center/fields/:field/resume", "/api/centers/default/fields/" + field + "/resume",
            "{}", desk.admin), -1, ledger, desk, statuses, codes, fail);
      }
      send(client, step("POST /api/centers/:center/counters/:counter/resume", "/api/centers/default/counters/1/resume",
          "{}", desk.admin), -1, ledger, desk, statuses, codes, fail);
      WireClient.Answer issued = send(client, step("POST /api/centers/:center/tickets", "/api/centers/default/tickets",
          "{\"field\":\"DD\"}", null), -1, ledger, desk, statuses, codes, fail);
      expect(201, issued.status(), "a ticket can be issued after the run: " + issued.text(), fail);
      WireClient.Answer called = send(client, step("POST /api/centers/:center/counters/:counter/call-next",
          "/api/centers/default/counters/1/call-next", "", desk.admin), -1, ledger, desk, statuses, codes, fail);
      expect(200, called.status(), "counter 1 calls the next ticket after the run: " + called.text(), fail);
      WireClient.Answer finished = send(client, step("POST /api/centers/:center/counters/:counter/finish",
          "/api/centers/default/counters/1/finish", "{\"outcome\":\"COMPLETED\"}", desk.admin), -1, ledger, desk, statuses, codes, fail);
      expect(200, finished.status(), "and finishes it: " + finished.text(), fail);
      try (WsClient screen = WsClient.connect(vertx, server.port(), "/ws/centers/default")) {
        assertEquals("snapshot", screen.next().getString("type"), "a new screen's first message");
      }
      long lastSeq = server.api().get("/api/centers/default/settings", desk.admin).json().getLong("seq");
      assertWitnessFollowedEverything(witness, firstSeq, lastSeq, fail);
      assertSocketsReleased(api, fail);
      System.out.printf("FuzzTest: %,d requests and %,d frames in %,d ms; statuses %s; %,d commands acknowledged %s%n",
          sent, ws.frames, fuzzMs, statuses, ledger.acknowledged(), ledger);
      System.out.println("FuzzTest: error codes " + codes);
    }
    severe.forEach(r -> fail.accept("SEVERE log: " + r.getMessage() + " " + r.getThrown()));
    server.close();
    server = null;

    // The journal, read after the server stopped.
    List<Recorded> events = JournalAudit.events(data);
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).seq() != i + 1) {
        fail.accept("journal seq at position " + i + " is " + events.get(i).seq());
        break;
      }
    }
    ledger.compare(events).forEach(fail);
    List<String> tickets = JournalAudit.tickets(data);
    List<String> replayed = JournalAudit.replayedTickets(events, scratch);
    if (!tickets.equals(replayed)) {
      List<String> differ = new ArrayList<>(tickets);
      differ.removeAll(replayed);
      fail.accept("the tickets table differs from the journal replayed: " + differ.stream().limit(3).toList());
    }
    JournalAudit.numberingGaps(tickets).forEach(g -> fail.accept("numbers with a gap or a repeat: " + g));
    List<String> fromIssues = tickets.stream().filter(r -> r.contains("transferred_from=null"))
        .map(r -> JournalAudit.value(r, "id")).sorted().toList();
    if (!fromIssues.equals(ledger.issuedIds.stream().sorted().toList())) {
      fail.accept("tickets in the table (" + fromIssues.size() + ") ≠ tickets acknowledged with a 201 ("
          + ledger.issuedIds.size() + ")");
    }
    System.out.printf("FuzzTest: journal %,d events, %,d ticket rows%n", events.size(), tickets.size());
    assertTrue(ledger.issuedIds.size() > 0 && ledger.acknowledged() > ledger.issuedIds.size(),
        "the valid steps moved the queue: " + ledger);
    assertEquals(List.of(), failures, "seed " + seed + " (replay with -Dluot.fuzz.seed=" + seed + ")");
  }

  private static void expect(int status, int actual, String what, Consumer<String> fail) {
    if (status != actual) fail.accept(what + ": expected " + status + ", got " + actual);
  }

  /** Sends one request and checks its answer; the request's number is -1 for the checks after the run. */
  private static WireClient.Answer send(WireClient client, FuzzRequest request, int index, Ledger ledger, Desk desk,
                                        Map<Integer, Integer> statuses, Map<String, Integer> codes, Consumer<String> fail) {
    WireClient.Answer a;
    long t0 = System.nanoTime();
    try {
      a = client.send(request);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (ms > 2_000) System.out.printf("FuzzTest: slow answer (%,d ms, %d) to request #%d:%n%s%n", ms, a.status(), index, request.replay());
    } catch (IOException | RuntimeException e) {
      fail.accept("request #" + index + " got no answer (" + e + "):\n" + request.replay());
      return new WireClient.Answer(0, Map.of(), new byte[0]);
    }
    statuses.merge(a.status(), 1, Integer::sum);
    String what = "request #" + index + ":\n" + request.replay() + "\n→ " + a.status() + " " + FuzzRequest.printable(a.body());
    if (a.status() == 0) {
      // Only bytes that are no request at all may go unanswered.
      if (request.raw() == null) fail.accept("closed without an answer: " + what + "\nafter " + a.header("previous"));
      return a;
    }
    if (request.target().equals(HttpFuzzer.UNKNOWN_VERSION)) {
      if (a.status() != 501) fail.accept("expected Vert.x's own 501: " + what);
      return a;
    }
    if (a.status() >= 500) fail.accept(what);
    if (a.status() >= 400 && !request.method().equals("HEAD")) {
      checkErrorShape(what, a.status(), a.text(), fail);
      try {
        codes.merge(new JsonObject(a.text()).getJsonObject("error").getString("code"), 1, Integer::sum);
      } catch (RuntimeException notJson) {
        // reported by checkErrorShape
      }
    }
    String type = a.header("content-type");
    if ((a.status() >= 400 || (type != null && type.contains("json"))) && LEAK.matcher(a.text()).find()) {
      fail.accept("an internal name or stack trace in the answer: " + what);
    }
    if (request.valid() && a.status() == 400) fail.accept("a valid step was refused as malformed: " + what);
    try {
      ledger.record(request, a, desk);
    } catch (RuntimeException e) {
      fail.accept("an acknowledged answer that cannot be read (" + e + "): " + what);
    }
    return a;
  }

  /** {"error":{"code","message"}} with a code the bundles know and a translated message. */
  static void checkErrorShape(String what, int status, String body, Consumer<String> fail) {
    try {
      JsonObject error = new JsonObject(body).getJsonObject("error");
      String code = error.getString("code");
      String message = error.getString("message");
      if (!KNOWN_CODES.contains(code)) fail.accept("unknown error code " + code + ": " + what);
      if (message == null || message.isBlank() || message.equals(code)) fail.accept("no message for " + code + ": " + what);
      if (new JsonObject(body).size() != 1 || error.size() != 2) fail.accept("more than the error shape: " + what);
    } catch (RuntimeException e) {
      fail.accept("a " + status + " not in the error shape (" + e.getMessage() + "): " + what);
    }
  }

  /** The lobby screen that stayed connected all along got every event, in seq order, up to the last one. */
  private static void assertWitnessFollowedEverything(WsClient witness, long firstSeq, long lastSeq, Consumer<String> fail) {
    long seq = firstSeq;
    int snapshots = 0;
    while (seq < lastSeq) {
      JsonObject m;
      try {
        m = witness.next(Duration.ofSeconds(20));
      } catch (AssertionError silent) {
        fail.accept("the screen connected through the run stopped at seq " + seq + " of " + lastSeq);
        return;
      }
      long s = m.getLong("seq");
      if ("snapshot".equals(m.getString("type"))) {
        snapshots++;
      } else if (s != seq + 1) {
        fail.accept("the screen connected through the run got seq " + s + " after " + seq);
        return;
      }
      seq = Math.max(seq, s);
    }
    System.out.printf("FuzzTest: the screen connected through the run followed seq %d..%d (%d fresh snapshots)%n",
        firstSeq, lastSeq, snapshots);
  }

  /** Every socket the run opened is gone again: only the witness stays (the gauge may take a moment to see closes). */
  private static void assertSocketsReleased(Api api, Consumer<String> fail) throws InterruptedException {
    double clients = -1;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      clients = api.get("/metrics").body().lines().filter(l -> l.startsWith("luot_websocket_clients"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
      if (clients == 1) return;
      Thread.sleep(100);
    }
    fail.accept("WebSocket clients after the run: " + clients + ", expected 1 (the screen connected through it)");
  }

  private static FuzzRequest step(String route, String target, String body, String token) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Content-Type", "application/json"));
    if (token != null) headers.add(Map.entry("Authorization", "Bearer " + token));
    return new FuzzRequest(route.substring(0, route.indexOf(' ')), target, headers,
        body.getBytes(StandardCharsets.UTF_8), route, true, null);
  }

  /** Signs the staff in and learns the center's fields and counters; makes the print agent's kiosk KF. */
  private static Desk desk(Api api) {
    String admin = api.login("admin");
    Map<String, String> clerks = new LinkedHashMap<>();
    JsonObject center = api.center();
    List<String> counters = center.getJsonArray("counters").stream().map(c -> ((JsonObject) c).getString("id")).toList();
    for (String c : counters) clerks.put(c, api.login("clerk" + c));
    List<String> fields = center.getJsonArray("fields").stream().map(f -> ((JsonObject) f).getString("code")).toList();
    Api.Response kiosk = api.post("/api/admin/centers/default/kiosks", "{\"id\":\"KF\",\"name\":\"Kiosk fuzz\"}", admin);
    assertEquals(201, kiosk.status(), kiosk.body());
    return new Desk(admin, api.login("supervisor"), clerks, fields, counters, kiosk.json().getString("key"));
  }

  /** The codes both bundles translate (read as files: a bundle's key set would include its parent's). */
  private static Set<String> knownCodes() {
    Set<String> known = null;
    for (String file : List.of("/i18n/messages.properties", "/i18n/messages_en.properties")) {
      java.util.Properties p = new java.util.Properties();
      try (var in = FuzzTest.class.getResourceAsStream(file)) {
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException(file, e);
      }
      Set<String> codes = p.stringPropertyNames().stream().filter(k -> k.matches("[A-Z][A-Z0-9_]*")).collect(Collectors.toSet());
      if (known == null) known = codes;
      else known.retainAll(codes);
    }
    return known;
  }
}
