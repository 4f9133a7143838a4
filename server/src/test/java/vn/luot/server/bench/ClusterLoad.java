package vn.luot.server.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import vn.luot.server.support.Postgres;
import vn.luot.server.support.ServerProcess;

/**
 * Durable ticket issues per second on PostgreSQL, for one node or a cluster of several on this machine (docs/
 * BENCHMARKS.md, issue 6). Starts an embedded PostgreSQL and the nodes, each in its own JVM, in cluster mode; keeps
 * {@code --clients} kiosks issuing back to back (closed loop), kiosk k on node k mod N and on center k mod
 * {@code --centers}; counts the 201s in the measured window. Every run on a fresh database.
 *
 * <p>Arguments: {@code --nodes N} (1), {@code --clients N} (64), {@code --centers N} (50), {@code --seconds N} (15),
 * {@code --warmup N} (5), {@code --runs N} (3).
 */
public final class ClusterLoad {
  private static final long MAX_LATENCY_MICROS = 60_000_000;

  record Options(int nodes, int clients, int centers, int seconds, int warmup, int runs) {
    static Options parse(String[] args) {
      int nodes = 1, clients = 64, centers = 50, seconds = 15, warmup = 5, runs = 3;
      for (int i = 0; i + 1 < args.length; i += 2) {
        int v = Integer.parseInt(args[i + 1]);
        switch (args[i]) {
          case "--nodes" -> nodes = v;
          case "--clients" -> clients = v;
          case "--centers" -> centers = v;
          case "--seconds" -> seconds = v;
          case "--warmup" -> warmup = v;
          case "--runs" -> runs = v;
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      return new Options(nodes, clients, centers, seconds, warmup, runs);
    }
  }

  private ClusterLoad() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    System.out.printf(Locale.ROOT, "ClusterLoad: %d node(s), %d clients over %d centers, %d s warm-up + %d s, %d runs;"
        + " %d CPUs%n", o.nodes(), o.clients(), o.centers(), o.warmup(), o.seconds(), o.runs(),
        Runtime.getRuntime().availableProcessors());
    List<double[]> results = new ArrayList<>();
    for (int run = 1; run <= o.runs(); run++) {
      double[] r = runOnce(o);
      results.add(r);
      System.out.printf(Locale.ROOT, "run %d: %.0f issues/s, p50 %.1f ms, p99 %.1f ms, %d errors%n", run, r[0], r[1],
          r[2], (long) r[3]);
    }
    System.out.printf(Locale.ROOT, "median: %.0f issues/s, p50 %.1f ms, p99 %.1f ms%n", median(results, 0),
        median(results, 1), median(results, 2));
    System.exit(0);
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** issues/s, p50 ms, p99 ms, errors. */
  static double[] runOnce(Options o) throws Exception {
    Path dir = Files.createTempDirectory("luot-cluster-bench-");
    Postgres postgres = Postgres.start();
    List<ServerProcess> nodes = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      String url = postgres.url(postgres.newDatabase());
      Path config = dir.resolve("centers.yaml");
      StringBuilder y = new StringBuilder("cluster:\n  name: bench-" + UUID.randomUUID().toString().substring(0, 8)
          + "\ncenters:\n");
      for (int c = 0; c < o.centers(); c++) {
        y.append("  - id: c").append(c).append("\n    name: \"Trung tâm ").append(c).append("\"\n    fields:\n")
            .append("      - { code: DD, name: \"Đất đai\", prefix: A }\n    counters:\n")
            .append("      - { id: \"1\", name: \"Quầy 1\", fields: [DD] }\n");
      }
      Files.writeString(config, y.toString(), StandardCharsets.UTF_8);
      List<String> members = new ArrayList<>();
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < o.nodes(); i++) {
        ports.add(ServerProcess.freePort());
        members.add("127.0.0.1:" + ports.get(i));
      }
      for (int i = 0; i < o.nodes(); i++) {
        nodes.add(ServerProcess.start(dir.resolve("node" + i), dir.resolve("node" + i + ".log"), List.of(),
            List.of("--config", config.toString(), "--cluster", "--postgres", url, "--members", String.join(",", members),
                "--cluster-port", String.valueOf(ports.get(i)))));
      }
      List<HttpClientAgent> clients = new ArrayList<>();
      for (ServerProcess n : nodes) {
        clients.add(vertx.createHttpClient(new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(n.port())
            .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(o.clients())));
      }
      Load load = new Load(o, clients);
      long start = System.nanoTime();
      load.measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmup());
      load.measureUntil = load.measureFrom + TimeUnit.SECONDS.toNanos(o.seconds());
      for (int k = 0; k < o.clients(); k++) load.next(k);
      if (!load.finished.await(o.warmup() + o.seconds() + 60L, TimeUnit.SECONDS)) System.err.println("requests hung");
      Histogram h = load.latency;
      return new double[] {load.issued.get() / (double) o.seconds(), h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0, load.errors.get()};
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      for (ServerProcess n : nodes) n.close();
      postgres.close();
      IssueLoad.deleteTree(dir);
    }
  }

  private static final class Load {
    final Options options;
    final List<HttpClientAgent> clients;
    final CountDownLatch finished;
    final AtomicLong issued = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Histogram latency = new SynchronizedHistogram(MAX_LATENCY_MICROS, 3);
    final Buffer body = new JsonObject().put("field", "DD").put("kiosk", "BENCH").toBuffer();
    volatile long measureFrom;
    volatile long measureUntil;

    Load(Options options, List<HttpClientAgent> clients) {
      this.options = options;
      this.clients = clients;
      this.finished = new CountDownLatch(options.clients());
    }

    void next(int kiosk) {
      long t0 = System.nanoTime();
      if (t0 >= measureUntil) {
        finished.countDown();
        return;
      }
      HttpClientAgent client = clients.get(kiosk % clients.size());
      client.request(HttpMethod.POST, "/api/centers/c" + (kiosk % options.centers()) + "/tickets")
          // The body's handler is set in the same callback as the send: see ScreenFanout's call for why.
          .compose(req -> req.putHeader("Content-Type", "application/json").send(body)
              .compose(resp -> resp.body().map(b -> resp.statusCode())))
          .onComplete(ar -> {
            long t1 = System.nanoTime();
            if (t1 >= measureFrom && t1 < measureUntil) {
              if (ar.succeeded() && ar.result() == 201) {
                latency.recordValue(Math.min(MAX_LATENCY_MICROS, (t1 - t0) / 1_000));
                issued.incrementAndGet();
              } else {
                errors.incrementAndGet();
              }
            }
            next(kiosk);
          });
    }
  }
}
