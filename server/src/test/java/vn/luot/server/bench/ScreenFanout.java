package vn.luot.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.luot.server.screens.Browser;
import vn.luot.server.support.ServerProcess;
import vn.luot.server.support.TestServer;

/**
 * Call-to-screen latency with many lobby screens (issue 3). Not a test: a main that prints figures for
 * docs/BENCHMARKS.md.
 *
 * <p>Starts the real server as a separate process, connects {@code --screens} lobby WebSockets (Vert.x clients
 * spread over a few client Vert.x instances) and {@code --browsers} real headless Chromium lobby pages, issues the
 * tickets, then makes {@code --calls} call-next requests at rotating counters, open loop at {@code --rate} per second.
 * For every call and every screen it takes (when the screen got the "called" message) − (when the call-next HTTP 200
 * was received by the caller). A WebSocket client's arrival is the moment its text-message handler runs; a browser's
 * is the moment the page's own WebSocket delivers the message to JavaScript (a probe wraps the page's WebSocket), and
 * separately the moment the lobby has put the number on screen (a MutationObserver on #current-number).
 *
 * <pre>mvn -q -pl server -am process-test-classes -Pbench -Dbench.main=vn.luot.server.bench.ScreenFanout \
 *     [-Dbench.args="--screens 500 --browsers 3 --calls 200 --rate 20 --runs 3"]</pre>
 */
public final class ScreenFanout {
  /** Which field to give a ticket so that counter N (of the demo center) calls it: its first field. */
  private static final Map<String, String> FIRST_FIELD = Map.of(
      "1", "DD", "2", "DD", "3", "HT", "4", "CT", "5", "DD", "6", "KD", "7", "XD", "8", "LD");
  private static final List<String> COUNTERS = List.of("1", "2", "3", "4", "5", "6", "7", "8");
  private static final String BROWSER_PROBE = """
      (() => {
        window.__received = {};
        window.__shown = {};
        const Native = window.WebSocket;
        window.WebSocket = function (url, protocols) {
          const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
          ws.addEventListener('message', (e) => {
            if (e.data.indexOf('"called"') < 0) return;
            const m = JSON.parse(e.data);
            if (m.type === 'called' && !(m.number in window.__received)) window.__received[m.number] = performance.timeOrigin + performance.now();
          });
          return ws;
        };
        window.WebSocket.prototype = Native.prototype;
        Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
        document.addEventListener('DOMContentLoaded', () => {
          const el = document.getElementById('current-number');
          if (!el) return;
          new MutationObserver(() => {
            const n = el.textContent;
            if (!(n in window.__shown)) window.__shown[n] = performance.timeOrigin + performance.now();
          }).observe(el, { childList: true, characterData: true, subtree: true });
        });
      })();
      """;

  record Options(int screens, int browsers, int calls, int warmup, int rate, int runs, int clientVertx) {
    static Options parse(String[] args) {
      Map<String, Integer> v = new HashMap<>(Map.of("screens", 500, "browsers", 3, "calls", 200, "warmup", 20,
          "rate", 20, "runs", 1, "client-vertx", 2));
      for (int i = 0; i + 1 < args.length; i += 2) {
        String key = args[i].replaceFirst("^--", "");
        if (!v.containsKey(key)) throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + v.keySet());
        v.put(key, Integer.parseInt(args[i + 1]));
      }
      return new Options(v.get("screens"), v.get("browsers"), v.get("calls"), v.get("warmup"), v.get("rate"),
          v.get("runs"), v.get("client-vertx"));
    }
  }

  /** One run's figures, in microseconds. */
  record Result(long p50, long p99, long max, long delivered, long expected, long beforeAnswer, long resyncs,
                long browserP50, long browserP99, long browserMax, long browserDelivered, long browserExpected,
                long shownP50, long shownP99, long shownMax, long answerP50, long answerP99,
                long sentP50, long sentP99, long sentMax, double loadBefore, double loadAfter, long serverCpuMs,
                long callSeconds, long outOfOrder, long callsMeasured, long callErrors, long loopUserMs, long loopSysMs,
                double serverMicrosPerDelivery, double clientMicrosPerDelivery, long screensClosed) {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    System.out.printf("ScreenFanout: %d WebSocket lobby screens + %d browsers, %d calls (after %d warm-up) at %d/s, %d run(s); "
        + "%d cores, Java %s%n", o.screens, o.browsers, o.calls, o.warmup, o.rate, o.runs,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    List<Result> results = new ArrayList<>();
    for (int run = 1; run <= o.runs; run++) {
      Result r = run(o);
      results.add(r);
      System.out.printf("run %d: %s%n", run, describe(r));
    }
    if (results.size() > 1) {
      System.out.printf("median of %d runs: WebSocket p50 %s, p99 %s, max %s; browser p50 %s, p99 %s, max %s; "
              + "on screen p50 %s, p99 %s, max %s; from the request p50 %s, p99 %s, max %s; answer p50 %s (ms)%n", results.size(),
          ms(median(results, Result::p50)), ms(median(results, Result::p99)), ms(median(results, Result::max)),
          ms(median(results, Result::browserP50)), ms(median(results, Result::browserP99)), ms(median(results, Result::browserMax)),
          ms(median(results, Result::shownP50)), ms(median(results, Result::shownP99)), ms(median(results, Result::shownMax)),
          ms(median(results, Result::sentP50)), ms(median(results, Result::sentP99)), ms(median(results, Result::sentMax)),
          ms(median(results, Result::answerP50)));
    }
    System.exit(0); // the JDK HTTP client and Selenium keep non-daemon threads
  }

  static String describe(Result r) {
    return String.format("WebSocket screens: p50 %s, p99 %s, max %s ms, delivered %d/%d (%d screens closed by the "
            + "server before the end; %d arrived before the HTTP answer, "
            + "counted as 0; %d resync snapshots, %d messages out of seq order); browsers: received p50 %s, p99 %s, max %s ms, on screen p50 %s, "
            + "p99 %s, max %s ms, delivered %d/%d; call-next answer p50 %s, p99 %s ms; WebSocket screens counted from "
            + "the call's intended send time instead of the answer: p50 %s, p99 %s, max %s ms; calls took %d s; machine load average "
            + "%.1f before the calls, %.1f after; server process CPU %d ms in all; its event loops during the calls: "
            + "user %d ms, system %d ms; server CPU per delivery during the measured calls %.1f µs, the benchmark's own %.1f µs",
        ms(r.p50), ms(r.p99), ms(r.max), r.delivered, r.expected, r.screensClosed, r.beforeAnswer, r.resyncs, r.outOfOrder,
        ms(r.browserP50), ms(r.browserP99), ms(r.browserMax), ms(r.shownP50), ms(r.shownP99), ms(r.shownMax),
        r.browserDelivered, r.browserExpected, ms(r.answerP50), ms(r.answerP99), ms(r.sentP50), ms(r.sentP99), ms(r.sentMax),
        r.callSeconds, r.loadBefore, r.loadAfter, r.serverCpuMs, r.loopUserMs, r.loopSysMs, r.serverMicrosPerDelivery, r.clientMicrosPerDelivery);
  }

  /**
   * Issue 7's publish-to-subscriber figure for Lượt, in the shape of the baselines': {@code screens} lobby WebSockets,
   * call-next at {@code rate} per second, latency from each call's intended send time to each screen's "called".
   */
  static Baselines.Open subscribers(int screens, int rate, int warmupSeconds, int seconds) throws Exception {
    Result r = run(new Options(screens, 0, rate * seconds, rate * warmupSeconds, rate, 1, 2));
    System.out.println("Lượt call fan-out: " + describe(r));
    return new Baselines.Open("Lượt (call-next, lobby WebSocket)", rate, r.callsMeasured() / (double) seconds,
        r.answerP50 / 1e3, r.answerP99 / 1e3, Double.NaN, Double.NaN, r.callErrors(), r.sentP50 / 1e3, r.sentP99 / 1e3,
        r.sentMax / 1e3, r.delivered, r.expected, r.loadAfter, r.serverMicrosPerDelivery(), r.clientMicrosPerDelivery());
  }

  static Result run(Options o) throws Exception {
    Path dir = Files.createTempDirectory("luot-bench-");
    // Extra JVM options for the server, e.g. -Dluot.bench.serverJvm="-XX:StartFlightRecording=filename=server.jfr"
    String extra = System.getProperty("luot.bench.serverJvm", "").trim();
    ServerProcess server;
    try {
      server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"),
          extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")));
    } catch (RuntimeException notStarted) {
      deleteTree(dir);
      throw notStarted;
    }
    int port = server.port();
    List<Vertx> clientVertx = new ArrayList<>();
    // Held to the end and closed there: Vert.x closes a client that the garbage collector finds unreachable, with
    // every WebSocket of it, 30 s later (its Cleanable clients). Unreferenced after the connects, the screens' clients
    // were collected at a young collection, and all 1,000 screens closed (code 1000) some 32 s into the calls.
    List<WebSocketClient> wsClients = new ArrayList<>();
    List<ChromeDriver> browsers = new ArrayList<>();
    List<Path> profiles = new ArrayList<>();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://localhost:" + port;
      // Tickets first, so their "issued" events are not part of what the screens are measured on.
      int total = o.warmup + o.calls;
      // Each ticket's slot in the screens' arrival tables.
      Map<String, Integer> slotOf = new HashMap<>();
      for (int i = 0; i < total; i++) {
        String field = FIRST_FIELD.get(COUNTERS.get(i % COUNTERS.size()));
        String issued = post(http, base + "/api/centers/default/tickets", new JsonObject().put("field", field).put("kiosk", "K1").encode(), null).body();
        slotOf.put(new JsonObject(issued).getString("number"), i);
      }
      Map<String, String> tokens = new HashMap<>();
      for (String c : COUNTERS) {
        String body = post(http, base + "/api/auth/login", new JsonObject().put("username", "clerk" + c).put("password", TestServer.PASSWORD).encode(), null).body();
        tokens.put(c, new JsonObject(body).getString("token"));
      }

      // The screens.
      List<Screen> screens = new ArrayList<>();
      for (int i = 0; i < o.clientVertx; i++) clientVertx.add(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)));
      for (Vertx v : clientVertx) {
        wsClients.add(v.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(Math.max(1, o.screens))));
      }
      for (int batch = 0; batch < o.screens; batch += 50) {
        List<Future<?>> connecting = new ArrayList<>();
        for (int i = batch; i < Math.min(o.screens, batch + 50); i++) {
          Screen s = new Screen(slotOf);
          screens.add(s);
          connecting.add(s.connect(wsClients.get(i % wsClients.size()), port));
        }
        Future.all(connecting).await(30, TimeUnit.SECONDS);
      }
      if (o.browsers > 0 && !Browser.available()) {
        System.out.println(Browser.MISSING_MARKER + " — measuring WebSocket clients only");
      }
      int browserCount = Browser.available() ? o.browsers : 0;
      for (int i = 0; i < browserCount; i++) {
        Path profile = Files.createTempDirectory("luot-bench-chromium-");
        profiles.add(profile);
        ChromeDriver driver = Browser.start(profile, 1280, 720);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", BROWSER_PROBE));
        driver.get(base + "/display/?voice=off");
        Browser.waitConnected(driver);
        browsers.add(driver);
      }
      long waitStart = System.nanoTime();
      // Calls start only once every screen has its snapshot: on a busy machine, a thousand snapshots take a while,
      // and calls sent meanwhile would measure the connection storm instead of the fan-out.
      while (screens.stream().anyMatch(s -> !s.snapshotSeen) && System.nanoTime() - waitStart < 180_000_000_000L) Thread.sleep(50);
      System.out.printf("%d/%d screens had their snapshot %.1f s after the last connected%n",
          screens.stream().filter(s -> s.snapshotSeen).count(), screens.size(), (System.nanoTime() - waitStart) / 1e9);

      // The calls: open loop at a fixed rate, so a slow answer does not delay the next call. A Vert.x client on its
      // own event loop takes the answer's time as soon as its body is in (no executor hand-offs in between).
      Map<String, Long> answeredNanos = new ConcurrentHashMap<>();
      Map<String, Long> sentNanos = new ConcurrentHashMap<>();
      Map<String, Double> answeredEpochMs = new ConcurrentHashMap<>();
      List<String> measured = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicLong callErrors = new java.util.concurrent.atomic.AtomicLong();
      Histogram answer = new Histogram(60_000_000L, 3);
      Vertx callerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      clientVertx.add(callerVertx);
      io.vertx.core.http.HttpClient caller = callerVertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
          .setDefaultHost("localhost").setDefaultPort(port), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
      List<CompletableFuture<?>> pending = new ArrayList<>();
      double loadBefore = loadAverage();
      long[] loopsBefore = eventLoopCpuMillis(server.pid());
      long periodNanos = 1_000_000_000L / o.rate;
      long start = System.nanoTime();
      // The server's CPU over the measured calls, for its cost per message delivered (as Baselines reads it for the
      // baselines' servers).
      double cpuAtMeasured = Double.NaN;
      double ownCpuAtMeasured = Double.NaN;
      for (int i = 0; i < total; i++) {
        long due = start + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        if (i == o.warmup) {
          ownCpuAtMeasured = ServerProcess.ownCpuSeconds();
          cpuAtMeasured = ServerProcess.cpuSeconds(server.pid());
        }
        String counter = COUNTERS.get(i % COUNTERS.size());
        boolean warm = i < o.warmup;
        long sent = due; // the intended time: a late sender is charged to the call, as in an open loop
        Future<Void> done = caller.request(io.vertx.core.http.HttpMethod.POST, "/api/centers/default/counters/" + counter + "/call-next")
            // The body's handler must be set in the same callback as the send. This loop runs on its own thread, and
            // chained after it (".compose(req -> req.send()).compose(resp -> resp.body())") the handler could come
            // after the answer had been read, and the call then never completed: 1 call in 500–1,500 here (Vert.x
            // documents that form as racy off its event loops, eclipse-vertx/vert.x#4705).
            .compose(req -> req.putHeader("Authorization", "Bearer " + tokens.get(counter)).send().compose(resp -> resp.body().map(body -> {
              long now = System.nanoTime();
              double epochMs = epochMillis();
              if (resp.statusCode() != 200) {
                System.err.println("call-next at " + counter + ": " + resp.statusCode() + " " + body);
                if (!warm) callErrors.incrementAndGet();
                return null;
              }
              String number = new JsonObject(body).getString("number");
              answeredNanos.put(number, now);
              sentNanos.put(number, sent);
              answeredEpochMs.put(number, epochMs);
              if (!warm) {
                measured.add(number);
                synchronized (answer) {
                  record(answer, (now - sent) / 1000);
                }
              }
              return null;
            })));
        pending.add(done.toCompletionStage().toCompletableFuture());
      }
      double measuredCpu = ServerProcess.cpuSeconds(server.pid()) - cpuAtMeasured;
      double measuredOwnCpu = ServerProcess.ownCpuSeconds() - ownCpuAtMeasured;
      try {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        // A starved or failing server: count what never came back as errors, and report the rest.
        long unanswered = pending.stream().skip(o.warmup).filter(f -> !f.isDone() || f.isCompletedExceptionally()).count();
        System.err.println("call-next: " + unanswered + " measured calls unanswered or failed (" + e + ")");
        // Which ones, to look for in the server's log and state.
        for (int i = 0; i < pending.size(); i++) {
          CompletableFuture<?> f = pending.get(i);
          if (!f.isDone()) System.err.printf("  call %d (counter %s, due %.3f s after the first) unanswered%n", i,
              COUNTERS.get(i % COUNTERS.size()), i / (double) o.rate);
          else if (f.isCompletedExceptionally()) System.err.printf("  call %d failed: %s%n", i, f.handle((v, x) -> x).join());
        }
        System.err.println("  server: " + serverMetrics(http, base, "vertx_http_server_active_requests",
            "vertx_http_server_requests_total", "vertx_http_server_active_connections"));
        callErrors.addAndGet(unanswered);
      }
      // Answers that come after a timeout are left out: the figures are of the calls answered by now.
      List<String> answered;
      synchronized (measured) {
        answered = List.copyOf(measured);
      }
      long callsTook = System.nanoTime() - start;
      long[] loopsAfter = eventLoopCpuMillis(server.pid());
      // Let the last messages land.
      long drainStart = System.nanoTime();
      while (System.nanoTime() - drainStart < 10_000_000_000L
          && screens.stream().anyMatch(s -> !answered.stream().allMatch(s::arrived))) {
        Thread.sleep(50);
      }
      Thread.sleep(500);

      Histogram ws = new Histogram(60_000_000L, 3);
      Histogram fromSent = new Histogram(60_000_000L, 3);
      long delivered = 0;
      long beforeAnswer = 0;
      long resyncs = 0;
      long outOfOrder = 0;
      for (Screen s : screens) {
        resyncs += Math.max(0, s.snapshots - 1);
        outOfOrder += s.outOfOrder;
        for (String number : answered) {
          if (!s.arrived(number)) continue;
          long arrived = s.arrivedAt(number);
          delivered++;
          long micros = (arrived - answeredNanos.get(number)) / 1000;
          if (micros < 0) beforeAnswer++;
          record(ws, micros);
          record(fromSent, (arrived - sentNanos.get(number)) / 1000);
        }
      }

      Histogram received = new Histogram(60_000_000L, 3);
      Histogram shown = new Histogram(60_000_000L, 3);
      long browserDelivered = 0;
      for (ChromeDriver driver : browsers) {
        @SuppressWarnings("unchecked")
        Map<String, Object> got = (Map<String, Object>) driver.executeScript("return window.__received;");
        @SuppressWarnings("unchecked")
        Map<String, Object> onScreen = (Map<String, Object>) driver.executeScript("return window.__shown;");
        for (String number : answered) {
          Object at = got.get(number);
          if (at != null) {
            browserDelivered++;
            record(received, Math.round((((Number) at).doubleValue() - answeredEpochMs.get(number)) * 1000));
          }
          Object seen = onScreen.get(number);
          if (seen != null) record(shown, Math.round((((Number) seen).doubleValue() - answeredEpochMs.get(number)) * 1000));
        }
      }
      reportClosedScreens(screens, start, http, base);
      double deliveries = (double) o.calls * screens.size(); // for the CPU per delivery, the server's and ours
      return new Result(ws.getValueAtPercentile(50), ws.getValueAtPercentile(99), ws.getMaxValue(), delivered,
          (long) screens.size() * answered.size(), beforeAnswer, resyncs,
          received.getValueAtPercentile(50), received.getValueAtPercentile(99), received.getMaxValue(), browserDelivered,
          (long) browsers.size() * answered.size(),
          shown.getValueAtPercentile(50), shown.getValueAtPercentile(99), shown.getMaxValue(),
          answer.getValueAtPercentile(50), answer.getValueAtPercentile(99),
          fromSent.getValueAtPercentile(50), fromSent.getValueAtPercentile(99), fromSent.getMaxValue(),
          loadBefore, loadAverage(), Math.round(ServerProcess.cpuSeconds(server.pid()) * 1000),
          callsTook / 1_000_000_000L, outOfOrder, answered.size(), callErrors.get(), loopsAfter[0] - loopsBefore[0],
          loopsAfter[1] - loopsBefore[1], measuredCpu * 1e6 / deliveries, measuredOwnCpu * 1e6 / deliveries,
          screens.stream().filter(s -> s.closed).count());
    } finally {
      for (ChromeDriver d : browsers) d.quit();
      // The server first: a client Vert.x closed with its WebSockets still open waits ~30 s on each (TOOLCHAIN §1).
      server.stop();
      IssueLoad.reportServerWarnings(dir.resolve("server.log"));
      for (WebSocketClient c : wsClients) c.close().await(10, TimeUnit.SECONDS);
      for (Vertx v : clientVertx) v.close().await(10, TimeUnit.SECONDS);
      for (Path p : profiles) deleteTree(p);
      deleteTree(dir);
    }
  }

  /**
   * One lobby screen: the arrival time of each "called" message, by ticket number. Written by one event loop. The
   * times go to a table made once, in a slot per ticket: with a map entry and a boxed time per arrival, the 200,000
   * arrivals of a run kept this JVM's collector busy enough to pause every screen for 20–50 ms, several times.
   */
  static final class Screen {
    private final Map<String, Integer> slotOf;
    /** Arrival times by slot; 0 for none yet. */
    private final java.util.concurrent.atomic.AtomicLongArray arrivals;
    volatile boolean snapshotSeen;
    /** The server closed the socket (a screen the server found too slow is cut off); it does not reconnect. */
    volatile boolean closed;
    /** When it closed (System.nanoTime), and the close frame's code and reason if there was one. */
    volatile long closedAt;
    volatile String closeStatus;
    volatile int snapshots;
    /** Messages whose seq was not the last one + 1 (a snapshot starts the count again). */
    volatile int outOfOrder;
    private long lastSeq = -1;

    Screen(Map<String, Integer> slotOf) {
      this.slotOf = slotOf;
      this.arrivals = new java.util.concurrent.atomic.AtomicLongArray(slotOf.size());
    }

    boolean arrived(String number) {
      return arrivedAt(number) != 0;
    }

    long arrivedAt(String number) {
      Integer slot = slotOf.get(number);
      return slot == null ? 0 : arrivals.get(slot);
    }

    Future<?> connect(WebSocketClient client, int port) {
      ClientWebSocket ws = client.webSocket();
      ws.textMessageHandler(text -> {
        long now = System.nanoTime();
        long seq = seqOf(text);
        if (text.startsWith("{\"type\":\"snapshot\"")) lastSeq = seq;
        else if (seq >= 0) {
          if (seq != lastSeq + 1) outOfOrder++;
          lastSeq = seq;
        }
        // No JSON parse here: the time is taken first, but a thousand sockets share two client threads, so what
        // one handler costs delays the next socket's reading (the Redis subscriber only splits a string either).
        if (text.startsWith("{\"type\":\"called\"")) {
          Integer slot = slotOf.get(stringAfter(text, "\"number\":\""));
          if (slot != null && arrivals.get(slot) == 0) arrivals.set(slot, now);
        } else if (text.startsWith("{\"type\":\"snapshot\"")) {
          snapshots++;
          snapshotSeen = true;
        }
      });
      ws.closeHandler(v -> {
        closedAt = System.nanoTime();
        closeStatus = ws.closeStatusCode() + " " + ws.closeReason();
        closed = true;
      });
      return ws.connect(new WebSocketConnectOptions().setPort(port).setHost("localhost").setURI("/ws/centers/default"));
    }
  }

  /**
   * Screens the server closed before the end: when (from the first call), with which close codes, and the server's
   * own count of sockets it cut off as stalled. A round once lost all 1,000 screens during the warm-up, for no reason
   * the harness could see then.
   */
  private static void reportClosedScreens(List<Screen> screens, long firstCall, HttpClient http, String base) {
    List<Screen> closed = screens.stream().filter(s -> s.closed).toList();
    if (closed.isEmpty()) return;
    long first = closed.stream().mapToLong(s -> s.closedAt).min().orElse(0);
    long last = closed.stream().mapToLong(s -> s.closedAt).max().orElse(0);
    Map<String, Long> statuses = closed.stream().collect(java.util.stream.Collectors.groupingBy(s -> s.closeStatus,
        java.util.stream.Collectors.counting()));
    String dropped = serverMetrics(http, base, "luot_ws_dropped_slow", "luot_websocket_clients");
    System.err.printf("%d screens closed, the first %.1f s and the last %.1f s after the first call; close codes %s;"
        + " server: %s%n", closed.size(), (first - firstCall) / 1e9, (last - firstCall) / 1e9, statuses, dropped);
  }

  /** The server's /metrics lines that start with one of {@code names}, joined, for a diagnostic line. */
  private static String serverMetrics(HttpClient http, String base, String... names) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
          .body().lines().filter(l -> java.util.Arrays.stream(names).anyMatch(l::startsWith))
          .collect(java.util.stream.Collectors.joining("; "));
    } catch (IOException | InterruptedException e) {
      return "metrics not read: " + e;
    }
  }

  /** The JSON string value that follows {@code key} (which ends with the opening quote), without parsing the rest. */
  static String stringAfter(String text, String key) {
    int from = text.indexOf(key) + key.length();
    return text.substring(from, text.indexOf('"', from));
  }

  /**
   * CPU time of the server's event-loop threads so far, user and system, in milliseconds ({@code utime} and
   * {@code stime} of /proc/PID/task/TID/stat at 100 ticks a second), or zeros off Linux. System time is mostly the
   * socket writes, one per screen per flush; user time is everything the fan-out does in Java.
   */
  static long[] eventLoopCpuMillis(long pid) {
    long[] total = new long[2];
    IssueLoad.threadFiles(pid, "stat").forEach((thread, stat) -> {
      if (!thread.substring(thread.indexOf(' ') + 1).startsWith("vert.x-eventloo")) return;
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      total[0] += Long.parseLong(f[11]) * 10;
      total[1] += Long.parseLong(f[12]) * 10;
    });
    return total;
  }

  /** The "seq" of a stream message without parsing the whole of it, or -1. */
  static long seqOf(String text) {
    int at = text.indexOf("\"seq\":");
    if (at < 0) return -1;
    long v = 0;
    for (int i = at + 6; i < text.length() && Character.isDigit(text.charAt(i)); i++) v = v * 10 + (text.charAt(i) - '0');
    return v;
  }

  static HttpResponse<String> post(HttpClient http, String url, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) b.header("Authorization", "Bearer " + token);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() >= 300) throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
    return r;
  }

  static double epochMillis() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1000.0 + now.getNano() / 1_000_000.0;
  }

  /** The machine's one-minute load average: this machine is shared, and other work moves the figures. */
  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Records a latency in microseconds; below 0 counts 0, beyond the histogram's range counts as its top. */
  private static void record(Histogram h, long micros) {
    h.recordValue(Math.min(h.getHighestTrackableValue(), Math.max(0, micros)));
  }

  static long median(List<Result> results, java.util.function.ToLongFunction<Result> f) {
    long[] v = results.stream().mapToLong(f).sorted().toArray();
    return v[v.length / 2];
  }

  static String ms(long micros) {
    return String.format("%.1f", micros / 1000.0);
  }

  static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
