package vn.luot.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import vn.luot.server.support.ServerProcess;

/**
 * The durable-issue benchmark of docs/BENCHMARKS.md. Each run starts a Lượt server in its own JVM on a fresh data
 * folder, warms it up, then keeps {@code --clients} kiosks issuing tickets back to back (closed loop: a kiosk sends
 * its next request when the last is answered) for {@code --seconds}. A 201 is a durable ticket: the server answers
 * only after the SQLite commit. It prints, per run and as the median over runs: issues per second, latency
 * percentiles, and how many appends the journal committed per transaction (group commit), from the server's own
 * {@code luot_journal_batch_appends} summary on {@code GET /metrics}.
 *
 * <p>With {@code --rate R} the load is open loop instead ({@link OpenLoop}): requests are sent at R per second over
 * the {@code --clients} connections whatever the answers do, and latency runs from each request's intended send time.
 *
 * <pre>{@code --clients 64 --seconds 15 --warmup 5 --runs 5 [--rate 500] [--server-jvm "-Xmx1g -XX:StartFlightRecording=..."]}</pre>
 */
public final class IssueLoad {
  private static final List<String> FIELDS = List.of("DD", "HT", "CT", "KD", "XD", "LD");
  private static final String ISSUE_PATH = "/api/centers/default/tickets";
  private static final String BATCH_METRIC = "luot_journal_batch_appends";
  private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

  /**
   * @param gzip whether kiosks ask for gzip answers, as a browser kiosk page does ({@code Accept-Encoding})
   * @param rate 0 is the closed loop; above 0, requests per second offered in an open loop
   */
  record Options(int clients, int seconds, int warmupSeconds, int runs, List<String> serverJvm, boolean gzip,
                 double rate) {
    Options(int clients, int seconds, int warmupSeconds, int runs, List<String> serverJvm) {
      this(clients, seconds, warmupSeconds, runs, serverJvm, false, 0);
    }

    static Options parse(String[] args) {
      double rate = 0;
      int clients = 64;
      int seconds = 15;
      int warmup = 5;
      int runs = 5;
      List<String> jvm = List.of();
      boolean gzip = false;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        String value = args[++i];
        switch (flag) {
          case "--clients" -> clients = positive(flag, value);
          case "--seconds" -> seconds = positive(flag, value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--runs" -> runs = positive(flag, value);
          case "--server-jvm" -> jvm = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
          case "--gzip" -> gzip = Boolean.parseBoolean(value);
          case "--rate" -> rate = positive(flag, value);
          default -> throw new IllegalArgumentException("unknown argument " + flag
              + " (known: --clients N --seconds N --warmup N --runs N --rate R --server-jvm \"OPTIONS\" --gzip true|false)");
        }
      }
      return new Options(clients, seconds, warmup, runs, jvm, gzip, rate);
    }

    private static int positive(String flag, String value) {
      int n = Integer.parseInt(value);
      if (n < 1) throw new IllegalArgumentException(flag + " must be at least 1");
      return n;
    }
  }

  /** One run's figures. Latencies in milliseconds; cores = CPU seconds per wall second. */
  record Run(int number, long issued, long errors, double seconds, double perSecond, double p50, double p99,
             double p999, double max, double appendsPerCommit, double commitsPerSecond, double serverCores,
             double loadCores, double diskSyncsPerSecond, double machineLoad, double kibWrittenPerIssue,
             Threads threads, long[] perSecondSeries) {
    /** Server CPU per durable ticket: less sensitive than issues/s to how many CPUs the machine left the server. */
    double cpuMsPerIssue() {
      return perSecond == 0 ? Double.NaN : 1000 * serverCores / perSecond;
    }

    /** The same without the JIT compiler's threads, whose work ends once the server is warm. */
    double cpuMsPerIssueWithoutJit() {
      return perSecond == 0 ? Double.NaN : 1000 * (serverCores - threads.compilerRunning()) / perSecond;
    }
  }

  /**
   * Where the server's threads spent the measured window, from Linux's per-thread schedstat: running, and runnable
   * but waiting for a CPU (time taken by anything else on the machine). The busiest thread is the likely limit.
   */
  record Threads(double waitPerRun, String busiest, double busiestRunning, double busiestWaiting, double writerRunning,
                 double writerWaiting, double compilerRunning) {
    static final Threads UNKNOWN =
        new Threads(Double.NaN, "?", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "server threads waited %.1f s for a CPU per 1 s run; busiest %s %.0f%% running "
          + "%.0f%% waiting; journal writer %.0f%% running %.0f%% waiting", waitPerRun, busiest, 100 * busiestRunning,
          100 * busiestWaiting, 100 * writerRunning, 100 * writerWaiting)
          + String.format(Locale.ROOT, "; JIT compiler threads %.2f cores", compilerRunning);
    }
  }

  /** The journal's group commit summary at one moment: transactions so far and appends in them. */
  record BatchMetric(double count, double sum) {}

  private IssueLoad() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    System.out.printf(Locale.ROOT, "IssueLoad: %s, %d clients, %d s warm-up + %d s measured, %d runs; %d CPUs, Java %s%s%n",
        options.rate() > 0 ? String.format(Locale.ROOT, "open loop at %.0f/s", options.rate()) : "closed loop",
        options.clients(), options.warmupSeconds(), options.seconds(), options.runs(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        options.serverJvm().isEmpty() ? "" : "; server JVM " + options.serverJvm());
    List<Run> runs = new ArrayList<>();
    for (int i = 1; i <= options.runs(); i++) {
      Run run = runOnce(i, options);
      runs.add(run);
      System.out.println(line(run));
      System.out.println("    " + run.threads());
      System.out.println("    issues per second, second by second: " + Arrays.toString(run.perSecondSeries()));
    }
    System.out.println();
    System.out.println(table(runs));
  }

  static Run runOnce(int number, Options options) throws Exception {
    Path dir = Files.createTempDirectory("luot-bench-");
    double syncs = syncsPerSecond(dir);
    Vertx vertx = Vertx.vertx();
    try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"), options.serverJvm())) {
      HttpClientAgent client = vertx.createHttpClient(
          new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(server.port()).setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(options.clients()));
      Load load = new Load(client, options);
      load.series = new AtomicLongArray(options.seconds());
      Thread scheduler = null;
      if (options.rate() > 0) {
        OpenLoop open = new OpenLoop(options.rate(), options.warmupSeconds(), options.seconds());
        load.open = open;
        load.measureFrom = open.from;
        load.measureUntil = open.until;
        scheduler = new Thread(() -> {
          try {
            open.run(load::sendAt);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "open-loop");
        scheduler.start();
      } else {
        load.measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
        load.measureUntil = load.measureFrom + TimeUnit.SECONDS.toNanos(options.seconds());
        for (int c = 0; c < options.clients(); c++) load.next();
      }

      sleepUntil(load.measureFrom);
      BatchMetric before = batchMetric(server.port());
      double serverCpuBefore = ServerProcess.cpuSeconds(server.pid());
      java.util.Map<String, long[]> schedBefore = schedStat(server.pid());
      long writtenBefore = bytesWritten(server.pid());
      double loadCpuBefore = ServerProcess.ownCpuSeconds();
      sleepUntil(load.measureUntil);
      BatchMetric after = batchMetric(server.port());
      double serverCpu = ServerProcess.cpuSeconds(server.pid()) - serverCpuBefore;
      Threads threads = threads(schedBefore, schedStat(server.pid()), options.seconds());
      long written = bytesWritten(server.pid()) - writtenBefore;
      double loadCpu = ServerProcess.ownCpuSeconds() - loadCpuBefore;
      // Everything else running on the machine competes for the same cores: say how busy it was.
      double machineLoad = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      if (scheduler != null) scheduler.join();
      else if (!load.finished.await(30, TimeUnit.SECONDS)) System.err.println("some requests never finished");
      client.close().await(10, TimeUnit.SECONDS);
      server.stop();
      reportServerWarnings(dir.resolve("server.log"));

      double seconds = options.seconds();
      Histogram h = load.open == null ? load.latency : load.open.latency;
      long issued = load.open == null ? load.issued.get() : load.open.answered();
      long errors = load.open == null ? load.errors.get() : load.open.errors();
      double perSecond = load.open == null ? issued / seconds : load.open.achievedPerSecond();
      double commits = after.count() - before.count();
      return new Run(number, issued, errors, seconds, perSecond,
          ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
          ms(h.getMaxValue()), commits == 0 ? 0 : (after.sum() - before.sum()) / commits, commits / seconds,
          serverCpu / seconds, loadCpu / seconds, syncs, machineLoad,
          issued == 0 || written < 0 ? Double.NaN : written / 1024.0 / issued, threads,
          seriesOf(load.series));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      deleteTree(dir);
    }
  }

  /** The closed loop: every answer, on the client's event loop, sends that kiosk's next request. */
  private static final class Load {
    private final HttpClientAgent client;
    private final CountDownLatch finished;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Histogram latency = new SynchronizedHistogram(MAX_LATENCY_MICROS, 3);
    private final boolean gzip;
    private final Buffer[] bodies = FIELDS.stream()
        .map(f -> new JsonObject().put("field", f).put("kiosk", "BENCH").toBuffer()).toArray(Buffer[]::new);
    private volatile long measureFrom;
    private volatile long measureUntil;
    private volatile AtomicLongArray series;
    /** Set for an open-loop run; null for the closed loop. */
    private volatile OpenLoop open;

    Load(HttpClientAgent client, Options options) {
      this.client = client;
      this.finished = new CountDownLatch(options.clients());
      this.gzip = options.gzip();
    }

    void next() {
      long t0 = System.nanoTime();
      if (t0 >= measureUntil) {
        finished.countDown();
        return;
      }
      issue().onComplete(ar -> {
        long t1 = System.nanoTime();
        if (t1 >= measureFrom && t1 < measureUntil) {
          if (durable(ar)) {
            latency.recordValue(Math.min(MAX_LATENCY_MICROS, (t1 - t0) / 1_000));
            issued.incrementAndGet();
            count(t1);
          } else {
            errors.incrementAndGet();
          }
        }
        next();
      });
    }

    /** Open loop: one request, intended at {@code intended}; {@link OpenLoop} keeps the figures. */
    void sendAt(long intended) {
      issue().onComplete(ar -> {
        open.answered(intended, durable(ar));
        long t1 = System.nanoTime();
        if (durable(ar) && t1 >= measureFrom && t1 < measureUntil) count(t1);
      });
    }

    private Future<Integer> issue() {
      Buffer body = bodies[(int) (sent.getAndIncrement() % bodies.length)];
      return client.request(HttpMethod.POST, ISSUE_PATH)
          .compose(req -> {
            if (gzip) req.putHeader("Accept-Encoding", "gzip, deflate");
            // The body's handler is set in the same callback as the send: see ScreenFanout's call for why.
            return req.putHeader("Content-Type", "application/json").send(body)
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
          });
    }

    private static boolean durable(io.vertx.core.AsyncResult<Integer> ar) {
      return ar.succeeded() && ar.result() == 201;
    }

    private void count(long t1) {
      series.incrementAndGet((int) ((t1 - measureFrom) / 1_000_000_000L));
    }
  }

  // ---- the server's figures ----

  private static final HttpClient SCRAPER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static BatchMetric batchMetric(int port) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> r = SCRAPER.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofLines());
    double count = Double.NaN;
    double sum = Double.NaN;
    for (String line : (Iterable<String>) r.body()::iterator) {
      if (line.startsWith(BATCH_METRIC + "_count ")) count = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      if (line.startsWith(BATCH_METRIC + "_sum ")) sum = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
    }
    if (Double.isNaN(count) || Double.isNaN(sum)) throw new IllegalStateException(BATCH_METRIC + " not in /metrics");
    return new BatchMetric(count, sum);
  }

  /** Anything the server logged above INFO during the run, once per distinct message, so nothing odd goes unseen. */
  static void reportServerWarnings(Path log) throws IOException {
    List<String> distinct = Files.readAllLines(log).stream()
        .filter(l -> l.contains(" WARNING ") || l.contains(" SEVERE "))
        .map(l -> l.length() > 20 ? l.substring(20) : l)
        .distinct().toList();
    for (String line : distinct) System.out.println("    server log: " + line);
  }

  /** Per thread ("tid name"): nanoseconds running and nanoseconds runnable but waiting, or nothing off Linux. */
  static java.util.Map<String, long[]> schedStat(long pid) {
    java.util.Map<String, long[]> out = new java.util.HashMap<>();
    threadFiles(pid, "schedstat").forEach((thread, text) -> {
      String[] f = text.trim().split("\\s+");
      out.put(thread, new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
    });
    return out;
  }

  /**
   * One /proc/PID/task/TID file of each thread of a process, by "tid name" (the name as the kernel keeps it, cut at
   * 15 characters); nothing off Linux. A thread that ends between the listing and the reading is left out.
   */
  static java.util.Map<String, String> threadFiles(long pid, String file) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    Path tasks = Path.of("/proc", String.valueOf(pid), "task");
    if (!Files.isDirectory(tasks)) return out;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) threads::iterator) {
        try {
          out.put(t.getFileName() + " " + Files.readString(t.resolve("comm")).trim(), Files.readString(t.resolve(file)));
        } catch (IOException threadGone) {
          // a thread that ended between listing and reading
        }
      }
    } catch (IOException e) {
      return java.util.Map.of();
    }
    return out;
  }

  static Threads threads(java.util.Map<String, long[]> before, java.util.Map<String, long[]> after, double seconds) {
    if (after.isEmpty()) return Threads.UNKNOWN;
    double run = 0;
    double wait = 0;
    String busiest = "?";
    double busiestRun = -1;
    double busiestWait = 0;
    double writerRun = Double.NaN;
    double writerWait = Double.NaN;
    double compiler = 0;
    for (var e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[2]);
      double r = (e.getValue()[0] - b[0]) / 1e9 / seconds;
      double w = (e.getValue()[1] - b[1]) / 1e9 / seconds;
      run += r;
      wait += w;
      String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
      // HotSpot's JIT ("C2 CompilerThre", "C1 CompilerThre"): a warm-up cost, not a per-ticket one.
      if (name.contains("Compiler")) compiler += r;
      if (r > busiestRun && !name.contains("Compiler")) {
        busiest = name;
        busiestRun = r;
        busiestWait = w;
      }
      if (name.startsWith("luot-journal")) {
        writerRun = r;
        writerWait = w;
      }
    }
    return new Threads(run == 0 ? Double.NaN : wait / run, busiest, busiestRun, busiestWait, writerRun, writerWait,
        compiler);
  }

  /** Bytes the process caused to be written to storage ({@code write_bytes} of /proc/PID/io), or -1 off Linux. */
  static long bytesWritten(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "io"))) {
        if (line.startsWith("write_bytes:")) return Long.parseLong(line.substring(12).trim());
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not allowed to look
    }
    return -1;
  }

  /** Resident memory of the process ({@code VmRSS} of /proc/PID/status) in bytes, or -1 off Linux. */
  public static long residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  /**
   * How many 4 KiB appends, each followed by fdatasync, the disk under the data folder takes per second right now
   * (what {@code dd bs=4k oflag=dsync} measures). On a shared machine it varies from run to run, and it bounds how
   * many commits per second the journal can make.
   */
  static double syncsPerSecond(Path dir) throws IOException {
    Path file = dir.resolve("fsync-probe");
    java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(4096);
    long n = 0;
    long start = System.nanoTime();
    long until = start + TimeUnit.SECONDS.toNanos(1);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
      while (System.nanoTime() < until) {
        block.clear();
        ch.write(block);
        ch.force(false);
        n++;
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  // ---- reporting ----

  private static String line(Run r) {
    return String.format(Locale.ROOT, "run %d: %,.0f issues/s (%,d in %.0f s, %d errors)  p50 %.2f ms  p99 %.2f ms  "
            + "p99.9 %.2f ms  max %.1f ms  %.1f appends/commit (%,.0f commits/s)  CPU: server %.2f cores, load %.2f cores"
            + " (%.2f ms per issue, %.2f without JIT)  disk %,.0f syncs/s  load average %.1f  %.1f KiB written per issue",
        r.number(), r.perSecond(), r.issued(), r.seconds(), r.errors(), r.p50(), r.p99(), r.p999(), r.max(),
        r.appendsPerCommit(), r.commitsPerSecond(), r.serverCores(), r.loadCores(), r.cpuMsPerIssue(),
        r.cpuMsPerIssueWithoutJit(), r.diskSyncsPerSecond(), r.machineLoad(),
        r.kibWrittenPerIssue());
  }

  /** A Markdown table of the runs and, per column, the median over runs. */
  static String table(List<Run> runs) {
    StringBuilder b = new StringBuilder();
    b.append("| run | durable issues/s | p50 ms | p99 ms | p99.9 ms | max ms | appends/commit | commits/s "
        + "| server CPU (cores) | CPU ms/issue | without JIT | disk syncs/s | load avg | errors |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      b.append(String.format(Locale.ROOT,
          "| %d | %,.0f | %.2f | %.2f | %.2f | %.1f | %.1f | %,.0f | %.2f | %.2f | %.2f | %,.0f | %.1f | %d |%n",
          r.number(), r.perSecond(), r.p50(), r.p99(), r.p999(), r.max(), r.appendsPerCommit(), r.commitsPerSecond(),
          r.serverCores(), r.cpuMsPerIssue(), r.cpuMsPerIssueWithoutJit(), r.diskSyncsPerSecond(), r.machineLoad(),
          r.errors()));
    }
    b.append(String.format(Locale.ROOT,
        "| **median** | **%,.0f** | %.2f | **%.2f** | %.2f | %.1f | **%.1f** | %,.0f | %.2f | **%.2f** | %.2f | %,.0f "
            + "| %.1f | %.0f |%n",
        median(runs, Run::perSecond), median(runs, Run::p50), median(runs, Run::p99), median(runs, Run::p999),
        median(runs, Run::max), median(runs, Run::appendsPerCommit), median(runs, Run::commitsPerSecond),
        median(runs, Run::serverCores), median(runs, Run::cpuMsPerIssue), median(runs, Run::cpuMsPerIssueWithoutJit),
        median(runs, Run::diskSyncsPerSecond), median(runs, Run::machineLoad),
        median(runs, r -> r.errors())));
    return b.toString();
  }

  /** Each column's own median (the middle run, or the mean of the middle two). */
  static <T> double median(List<T> runs, ToDoubleFunction<T> column) {
    double[] v = runs.stream().mapToDouble(column).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static long[] seriesOf(AtomicLongArray a) {
    long[] out = new long[a.length()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i);
    return out;
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(left);
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
