package vn.luot.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.bench.IssueLoad;
import vn.luot.server.support.Api;
import vn.luot.server.support.RawWebSocket;
import vn.luot.server.support.ScreenSocket;
import vn.luot.server.support.Screens;
import vn.luot.server.support.ServerProcess;
import vn.luot.server.support.WideCenter;

/**
 * Screens whose network stalls: they hold their WebSocket open and never read. The server (its own JVM, so its
 * resident memory can be read) must keep feeding the healthy screens every event at once, must not hoard what it
 * cannot send, and must close the stalled sockets once they stay full past the stall limit.
 *
 * <p>Events here are ~3 KB (a center with 150 fields: every message carries every field's waiting count). A stalled
 * socket first swallows a few MB into kernel buffers, then 64 KB into the server's write queue; after that the
 * server skips it, and closes it {@link #STALL_SECONDS} s later. The flood goes on until the server has closed every
 * stalled socket.
 */
@DisplayName("Stalled WebSocket clients: screens that never read")
class StalledClientsTest {
  private static final boolean FULL = "full".equals(System.getProperty("luot.reliability", "short"));
  private static final int STALLED = FULL ? 1_000 : 200;
  private static final int HEALTHY = 4;
  private static final int FIELDS = 150;
  private static final int STALL_SECONDS = 2;
  /** Tickets per round of the flood; rounds go on until every stalled socket is closed, or this many were issued. */
  private static final int ROUND = 500;
  private static final int MAX_TICKETS = 12_000;
  /** A stalled client's receive buffer: small, so its server-side queue fills sooner. */
  private static final int RECEIVE_BUFFER = 4096;
  private static final String LOBBY = "/ws/centers/default";
  /** Stalled clients read to the end at last, to see their connection was ended. */
  private static final int SAMPLE = 10;
  /** A small heap, so memory the server hoarded would show (or end it with an OutOfMemoryError). */
  private static final List<String> SERVER_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");
  /**
   * Resident memory the server may gain from before the flood to after the stalled sockets are closed: heap it
   * grew into while busy, JIT code, Netty's pooled buffers. What it would hoard without the write-queue bound is
   * {@code STALLED} × several MB.
   */
  private static final long RSS_GROWTH_LIMIT = 160L << 20;
  /** A healthy screen's event may trail its issue answer by this much at most: generous on a loaded machine. */
  private static final Duration PROMPT = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path data;
  @TempDir Path logs;
  private ServerProcess server;
  private final Screens wall = new Screens(HEALTHY + 1);
  private final List<RawWebSocket> stalled = new ArrayList<>();

  @AfterEach
  void cleanUp() throws IOException {
    wall.close();
    for (RawWebSocket s : stalled) s.close();
    if (server != null) server.close();
  }

  @Test
  @DisplayName("Healthy screens get every event promptly, memory stays bounded, and the stalled sockets are closed")
  void stalledScreens() throws Exception {
    Path config = WideCenter.write(data, FIELDS);
    server = ServerProcess.start(data.resolve("data"), logs.resolve("server.log"), SERVER_JVM,
        List.of("--config", config.toString()),
        Map.of("LUOT_LIMITS_WEB_SOCKET_STALL_SECONDS", String.valueOf(STALL_SECONDS)));
    Api api = server.api();
    for (int i = 0; i < HEALTHY; i++) wall.open(server.port(), LOBBY);
    List<ScreenSocket> screens = wall.all();
    for (int i = 0; i < STALLED; i++) {
      RawWebSocket s = RawWebSocket.open(server.port(), LOBBY, RECEIVE_BUFFER);
      stalled.add(s);
      assertEquals(101, s.status, "stalled client " + i + " upgraded: " + s.body);
    }
    Screens.awaitUntil(() -> screens.stream().allMatch(s -> !s.received().isEmpty()), "every healthy screen got its snapshot", WAIT);
    assertEquals(HEALTHY + STALLED, (int) api.metric("luot_websocket_clients"), "every socket is held");

    // The baseline comes before any ticket: with a thousand stalled sockets, one round fills every queue.
    Map<String, Long> answered = new HashMap<>();
    Thread.sleep(2_000);
    long rssBefore = IssueLoad.residentBytes(server.pid());

    AtomicLong peak = new AtomicLong(rssBefore);
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(IssueLoad.residentBytes(server.pid()), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long floodStart = System.nanoTime();
    while (api.metric("luot_ws_dropped_slow_total") < STALLED && answered.size() < MAX_TICKETS) {
      answered.putAll(api.issueConcurrently(WideCenter.FIELD, ROUND));
    }
    long floodMs = (System.nanoTime() - floodStart) / 1_000_000;
    assertEquals(STALLED, (int) api.metric("luot_ws_dropped_slow_total"),
        "the server closed every stalled socket, and only those, after " + answered.size() + " tickets");
    Screens.awaitUntil(() -> api.metric("luot_websocket_clients") == HEALTHY, "only the healthy screens are left", WAIT);
    Thread.sleep(2_000);
    sampler.interrupt();
    long rssAfter = IssueLoad.residentBytes(server.pid());

    // Healthy screens: every event, in order, no resync, each soon after its ticket's answer.
    Histogram delay = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    for (ScreenSocket screen : screens) {
      List<ScreenSocket.Received> got = screen.received();
      assertEquals("snapshot", got.get(0).type());
      long seq = got.get(0).seq();
      int issued = 0;
      for (ScreenSocket.Received r : got.subList(1, got.size())) {
        assertEquals(++seq, r.seq(), "a healthy screen gets every event in seq order, with no resync snapshot");
        if ("issued".equals(r.type())) {
          issued++;
          Long answer = answered.get(r.message().getString("number"));
          if (answer != null) delay.recordValue(Math.max(0, (r.nanos() - answer) / 1_000));
        }
      }
      assertEquals(answered.size(), issued, "a healthy screen saw every ticket issued");
    }
    assertTrue(delay.getMaxValue() <= PROMPT.toNanos() / 1_000,
        "healthy screens trail the issue answers by at most " + PROMPT + ": max " + delay.getMaxValue() / 1000 + " ms");

    // Stalled clients, reading at last: what their kernel buffers held, then the end of the stream.
    for (RawWebSocket s : stalled.subList(0, SAMPLE)) {
      while (s.next(Duration.ofSeconds(10)) != null) {
        // the events that had reached it
      }
      assertTrue(s.ended, "the server ended the stalled client's connection");
    }

    // The server is well: health, a new screen gets a snapshot at the latest seq.
    assertEquals(200, api.get("/health").status());
    long latest = screens.get(0).received().get(screens.get(0).received().size() - 1).seq();
    ScreenSocket late = wall.open(server.port(), LOBBY);
    Screens.awaitUntil(() -> !late.received().isEmpty(), "a new screen gets its snapshot", WAIT);
    assertEquals(latest, late.received().get(0).seq());

    long growth = rssAfter - rssBefore;
    System.out.printf("stalled clients: %d stalled + %d healthy screens; %d tickets of ~3 KB events in %d ms; "
            + "server RSS %d MB before the flood, peak %d MB, %d MB after the stalled sockets closed (growth %d MB); "
            + "healthy screens' delay after the issue answer p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
            + "load average %.2f%n",
        STALLED, HEALTHY, answered.size(), floodMs, rssBefore >> 20, peak.get() >> 20, rssAfter >> 20, growth >> 20,
        delay.getValueAtPercentile(50) / 1e3, delay.getValueAtPercentile(99) / 1e3, delay.getMaxValue() / 1e3,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    assertTrue(growth < RSS_GROWTH_LIMIT, "server RSS grew by " + (growth >> 20) + " MB, limit " + (RSS_GROWTH_LIMIT >> 20));
  }
}
