package vn.luot.server.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import vn.luot.server.support.ServerProcess;

/**
 * The reconnect storm without the screens' backoff: {@code --screens} WebSockets (one in {@code --counter-every} a
 * counter screen, alternately counters 1 and 3) open at the same moment against a server that has just answered
 * {@code /health}, and the time until every one has its snapshot is taken. The first round meets a cold JVM (what a
 * restart meets), the later ones a warm one. The client's Vert.x is warmed first against a server of its own, so the
 * cold round measures the server's cold start, not the client's. {@code --starts} fresh servers, medians printed,
 * with each server's time from launch to its first {@code /health} 200. {@code --server-jvm} passes JVM options to
 * the server, e.g. an AppCDS archive (docs/OPERATIONS.md).
 *
 * <pre>{@code --screens 2000 --rounds 3 --starts 3 --jar server/target/luot-server.jar
 *     --server-jvm "-XX:SharedArchiveFile=luot.jsa"}</pre>
 */
public final class ConnectionBurst {
  private ConnectionBurst() {}

  public static void main(String[] args) throws Exception {
    int screens = 2000;
    int rounds = 3;
    int starts = 3;
    int counterEvery = 4;
    Path jar = ServerTarget.serverJar();
    List<String> serverJvm = List.of();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--screens" -> screens = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--starts" -> starts = Integer.parseInt(args[i + 1]);
        case "--counter-every" -> counterEvery = Integer.parseInt(args[i + 1]);
        case "--jar" -> jar = Path.of(args[i + 1]);
        case "--server-jvm" -> serverJvm = args[i + 1].isBlank() ? List.of()
            : List.of(args[i + 1].trim().split("\\s+"));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (known: --screens N --rounds N --starts N --counter-every N --jar FILE --server-jvm OPTIONS)");
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; build it first (mvn -q -DskipTests package)");
    }
    System.out.printf(Locale.ROOT, "ConnectionBurst: %s %s, %d screens at once (1 in %d a counter screen), %d rounds "
        + "per start, %d starts; %d cores, Java %s%n", serverJvm, jar, screens, counterEvery, rounds, starts,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    Vertx vertx = Vertx.vertx();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(screens * 2));
    long[][] ms = new long[rounds][starts];
    // The server's CPU during each burst: steadier than wall time on a shared host.
    long[][] cpuMs = new long[rounds][starts];
    long[] startMs = new long[starts];
    for (int start = -1; start < starts; start++) {
      Path data = Files.createTempDirectory("luot-burst");
      long launched = System.nanoTime();
      try (ServerProcess server = ServerProcess.launchJar(jar, data, data.resolve("server.log"), serverJvm)) {
        server.awaitHealthy();
        if (start >= 0) {
          startMs[start] = (System.nanoTime() - launched) / 1_000_000;
          System.out.printf(Locale.ROOT, "start %d: /health 200 after %d ms%n", start + 1, startMs[start]);
        }
        for (int round = 0; round < rounds; round++) {
          double cpuBefore = ServerProcess.cpuSeconds(server.pid());
          long took = burst(vertx, client, server.port(), screens, counterEvery);
          long cpu = Math.round((ServerProcess.cpuSeconds(server.pid()) - cpuBefore) * 1000);
          if (start < 0) continue; // the client's own warm-up
          ms[round][start] = took;
          cpuMs[round][start] = cpu;
          System.out.printf(Locale.ROOT, "start %d, round %d (%s): every snapshot in %d ms; server CPU %d ms "
              + "(the closes included)%n", start + 1, round + 1, round == 0 ? "cold server" : "warm", took, cpu);
        }
        server.stop();
      } finally {
        IssueLoad.deleteTree(data);
      }
    }
    System.out.printf(Locale.ROOT, "start: median %d ms %s%n", median(startMs), Arrays.toString(startMs));
    for (int round = 0; round < rounds; round++) {
      System.out.printf(Locale.ROOT, "round %d: median %d ms over %d starts %s; server CPU median %d ms %s%n", round + 1,
          median(ms[round]), starts, Arrays.toString(ms[round]), median(cpuMs[round]), Arrays.toString(cpuMs[round]));
    }
    System.exit(0); // the client's Vert.x threads are not daemons
  }

  private static long median(long[] values) {
    return Math.round(IssueLoad.median(Arrays.stream(values).boxed().toList(), Long::doubleValue));
  }

  /** Opens every screen at once; returns the ms until each has its first message (the snapshot), then closes them. */
  private static long burst(Vertx vertx, WebSocketClient client, int port, int screens, int counterEvery)
      throws InterruptedException {
    CountDownLatch all = new CountDownLatch(screens);
    AtomicInteger failed = new AtomicInteger();
    List<WebSocket> open = Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    for (int i = 0; i < screens; i++) {
      String counter = i / counterEvery % 2 == 0 ? "1" : "3";
      String uri = "/ws/centers/default" + (i % counterEvery == 0 ? "?counter=" + counter : "");
      WebSocketConnectOptions target = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
      vertx.runOnContext(v -> client.connect(target).onComplete(ar -> {
        if (ar.failed()) {
          failed.incrementAndGet();
          all.countDown();
          return;
        }
        open.add(ar.result());
        AtomicBoolean first = new AtomicBoolean(true);
        ar.result().textMessageHandler(text -> {
          if (first.getAndSet(false)) all.countDown();
        });
      }));
    }
    if (!all.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every screen had a snapshot in 120 s");
    }
    long took = (System.nanoTime() - t0) / 1_000_000;
    if (failed.get() > 0) throw new IllegalStateException(failed.get() + " screens could not connect");
    synchronized (open) {
      open.forEach(WebSocket::close);
    }
    Thread.sleep(2_000); // the closes settle
    return took;
  }
}
