package vn.luot.server.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Issue 7's baselines, in one run on one machine at one closed-loop client count: Lượt's durable issue
 * ({@link IssueLoad}), the hand-built PostgreSQL {@code INSERT … nextval()} + {@code NOTIFY} with fsync on
 * ({@link PostgresBaseline}), and Redis {@code INCR} + {@code PUBLISH} with {@code appendfsync always} (durable) and
 * {@code everysec} (for context) ({@link RedisBaseline}). Each round runs the four back to back; the harness starts
 * PostgreSQL and Redis on loopback ports in temp folders and stops and deletes them after. It prints every round, then
 * per system the medians over rounds and the ratios Lượt/baseline.
 *
 * <p>Each round also measures, unless {@code --parts} leaves it out: an open loop at each of {@code --rates} for Lượt,
 * PostgreSQL and Redis (always), over {@code --clients} connections, latency from the intended send time
 * ({@link OpenLoop}); and the publish-to-subscriber latency with {@code --subscribers} subscribers at
 * {@code --publish-rate} publishes/s: Lượt's lobby screens ({@link ScreenFanout}), PostgreSQL LISTEN connections and
 * Redis SUBSCRIBE connections. The report goes to {@code --out} as Markdown too.
 *
 * <pre>{@code --clients 64 --listeners 4 --seconds 10 --warmup 3 --runs 3 --rates 250,500,1000,2000 --subscribers 1000
 *     --publish-rate 20 --parts closed,open,subscribers --out target/bench/baselines.md
 *     [--pg-bin /usr/lib/postgresql/15/bin]}</pre>
 */
public final class Baselines {
  static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

  /**
   * {@code parts}: which measurements each round makes, of "closed" (max throughput, closed loop), "open" (each of
   * {@code rates}, open loop) and "subscribers" ({@code subscribers} subscribers, {@code publishRate} publishes/s).
   */
  record Options(int clients, int listeners, int seconds, int warmupSeconds, int runs, String pgBin, List<Double> rates,
                 int subscribers, int publishRate, Set<String> parts, Path out) {
    static final Set<String> PARTS = Set.of("closed", "open", "subscribers");

    static Options parse(String[] args) {
      int clients = 64;
      int listeners = 4;
      int seconds = 10;
      int warmup = 3;
      int runs = 3;
      String pgBin = "/usr/lib/postgresql/15/bin";
      List<Double> rates = List.of(250.0, 500.0, 1000.0, 2000.0);
      int subscribers = 1000;
      int publishRate = 20;
      Set<String> parts = PARTS;
      Path out = Path.of("target", "bench", "baselines.md");
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        String value = args[++i];
        switch (flag) {
          case "--clients" -> clients = Integer.parseInt(value);
          case "--listeners" -> listeners = Integer.parseInt(value);
          case "--seconds" -> seconds = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--runs" -> runs = Integer.parseInt(value);
          case "--pg-bin" -> pgBin = value;
          case "--rate", "--rates" -> rates = Arrays.stream(value.split(",")).map(String::trim).map(Double::parseDouble).toList();
          case "--subscribers" -> subscribers = Integer.parseInt(value);
          case "--publish-rate" -> publishRate = Integer.parseInt(value);
          case "--parts" -> parts = Set.of(value.split(","));
          case "--out" -> out = Path.of(value);
          default -> throw new IllegalArgumentException("unknown argument " + flag + " (known: --clients N --listeners N"
              + " --seconds N --warmup N --runs N --rates R1,R2 --subscribers N --publish-rate R"
              + " --parts closed,open,subscribers --out FILE --pg-bin DIR)");
        }
      }
      if (clients < 1 || listeners < 1 || seconds < 1 || runs < 1 || subscribers < 1 || publishRate < 1
          || rates.stream().anyMatch(r -> r <= 0)) {
        throw new IllegalArgumentException("counts and rates must be >= 1");
      }
      if (!PARTS.containsAll(parts)) throw new IllegalArgumentException("--parts takes some of " + PARTS);
      return new Options(clients, listeners, seconds, warmup, runs, pgBin, rates, subscribers, publishRate, parts, out);
    }
  }

  /** One system's figures in one closed-loop round. Latencies in ms; NaN where not measured. */
  record Result(String system, double perSecond, double p50, double p99, double notifyP50, double notifyP99,
                double notifiedPerSecond, long errors, double loadAverage) {}

  /**
   * One system's figures in one open-loop measurement: at {@code offered} requests/s, the answers (achieved rate and
   * latency from the intended send time) and the deliveries to {@code subscribers} (intended send → subscriber has
   * it). Latencies in ms; NaN where not measured.
   */
  record Open(String system, double offered, double perSecond, double p50, double p99, double p999, double max,
              long errors, double deliveryP50, double deliveryP99, double deliveryMax, long delivered, long expected,
              double loadAverage, double serverMicrosPerDelivery, double clientMicrosPerDelivery) {
    static Open of(String system, OpenLoop loop, int subscribers) {
      // Nothing answered is an unbounded latency, not "not measured".
      double[] a = loop.answered() == 0 ? new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
          Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY} : OpenLoop.percentiles(loop.latency);
      double[] d = OpenLoop.percentiles(loop.delivery);
      return new Open(system, loop.rate, loop.achievedPerSecond(), a[0], a[1], a[2], a[3], loop.errors(), d[0], d[1],
          d[3], loop.deliveries(), loop.answered() * subscribers, Baselines.loadAverage(),
          loop.serverMicrosPerDelivery(subscribers), loop.clientMicrosPerDelivery(subscribers));
    }

    /**
     * This round as the medians must see it: where messages were not delivered, the lost ones have no latency, so
     * the delivery columns count as unbounded, not as the fewer, earlier arrivals measured (a round that lost all
     * its screens once reported 0 ms and pulled Lượt's median down).
     */
    Open lossesUnbounded() {
      if (delivered >= expected) return this;
      double inf = Double.POSITIVE_INFINITY;
      // The benchmark's own CPU stays as measured: it is divided by the messages sent, not by those that arrived.
      return new Open(system, offered, perSecond, p50, p99, p999, max, errors, inf, inf, inf, delivered, expected,
          loadAverage, inf, clientMicrosPerDelivery);
    }
  }

  /**
   * The measured window shared by a baseline's clients and listeners: completions before {@code from} are warm-up,
   * and clients stop at {@code until}.
   */
  static final class Window {
    final long from;
    final long until;
    final int seconds;
    final Histogram issue = new SynchronizedHistogram(MAX_LATENCY_MICROS, 3);
    final Histogram notify = new SynchronizedHistogram(MAX_LATENCY_MICROS, 3);
    final AtomicLong issued = new AtomicLong();
    final AtomicLong notified = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    Window(Options options) {
      this.from = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
      this.until = from + TimeUnit.SECONDS.toNanos(options.seconds());
      this.seconds = options.seconds();
    }

    boolean open(long now) {
      return now < until;
    }

    void issued(long t0, long t1) {
      if (t1 >= from && t1 < until) {
        issue.recordValue(Math.min(MAX_LATENCY_MICROS, (t1 - t0) / 1_000));
        issued.incrementAndGet();
      }
    }

    void failed(long t1) {
      if (t1 >= from && t1 < until) errors.incrementAndGet();
    }

    /** A listener got the ticket whose issue request was sent at {@code sentNanos} (same JVM, same clock). */
    void notified(long sentNanos, long now) {
      if (now >= from && now < until) {
        notify.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, now - sentNanos) / 1_000));
        notified.incrementAndGet();
      }
    }

    Result result(String system) {
      return new Result(system, issued.get() / (double) seconds, ms(issue.getValueAtPercentile(50)),
          ms(issue.getValueAtPercentile(99)), notified.get() == 0 ? Double.NaN : ms(notify.getValueAtPercentile(50)),
          notified.get() == 0 ? Double.NaN : ms(notify.getValueAtPercentile(99)), notified.get() / (double) seconds,
          errors.get(), loadAverage());
    }

    void sleepUntilEnd() throws InterruptedException {
      long left;
      while ((left = until - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private Baselines() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    PostgresBaseline postgres = new PostgresBaseline(o);
    RedisBaseline redis = new RedisBaseline(o);
    // Say what is missing before spending minutes on Lượt.
    postgres.checkInstalled();
    redis.checkInstalled();
    String header = String.format(Locale.ROOT, "Baselines: %s; %d rounds; %d clients (closed loop) or connections (open "
            + "loop), %d listeners; open loop at %s requests/s; %d subscribers at %d publishes/s; %d s warm-up + %d s "
            + "measured; %d CPUs, Java %s; load average at start %.2f", String.join(", ", new TreeSet<>(o.parts())),
        o.runs(), o.clients(), o.listeners(), o.rates(), o.subscribers(), o.publishRate(), o.warmupSeconds(),
        o.seconds(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());
    System.out.println(header);
    Map<String, List<Result>> closed = new LinkedHashMap<>();
    Map<String, List<Open>> open = new LinkedHashMap<>();
    Map<String, List<Open>> subscribers = new LinkedHashMap<>();
    for (int round = 1; round <= o.runs(); round++) {
      if (o.parts().contains("closed")) closedLoop(round, o, postgres, redis, closed);
      if (o.parts().contains("open")) {
        for (double rate : o.rates()) {
          IssueLoad.Run luot = IssueLoad.runOnce(round,
              new IssueLoad.Options(o.clients(), o.seconds(), o.warmupSeconds(), 1, List.of(), false, rate));
          System.out.printf(Locale.ROOT, "round %d: Lượt at %.0f/s: server CPU %.2f cores; %s%n", round, rate,
              luot.serverCores(), luot.threads());
          // Nothing answered is an unbounded latency, not 0 (which would pull a median down).
          double none = luot.issued() == 0 ? Double.POSITIVE_INFINITY : 0;
          record(round, open, new Open(LUOT_ISSUE, rate, luot.perSecond(), luot.p50() + none, luot.p99() + none,
              luot.p999() + none, luot.max() + none, luot.errors(), Double.NaN, Double.NaN, Double.NaN, 0, 0,
              luot.machineLoad(), Double.NaN, Double.NaN));
          record(round, open, postgres.open(rate, o.clients(), o.listeners()));
          record(round, open, redis.open("always", rate, o.clients(), o.listeners()));
        }
      }
      if (o.parts().contains("subscribers")) {
        record(round, subscribers, ScreenFanout.subscribers(o.subscribers(), o.publishRate(), o.warmupSeconds(), o.seconds()));
        // A few publishing connections: publishes are rare, the fan-out is what is measured.
        record(round, subscribers, postgres.open(o.publishRate(), 4, o.subscribers()));
        record(round, subscribers, redis.open("always", o.publishRate(), 4, o.subscribers()));
        // The same, carrying what a lobby screen is sent per call (two messages of Lượt's size), not a stamp.
        record(round, subscribers, redis.open("always", o.publishRate(), 4, o.subscribers(), RedisBaseline.Message.SCREEN));
      }
    }
    String report = "# Baselines\n\n" + header + "\n\n"
        + (closed.isEmpty() ? "" : "## Closed loop: maximum durable issues per second\n\n" + table(closed) + "\n")
        + (open.isEmpty() ? "" : "## Open loop at fixed offered rates\n\n" + openTable(open) + "\n")
        + (subscribers.isEmpty() ? "" : "## Publish to " + o.subscribers() + " subscribers at " + o.publishRate()
            + "/s\n\n" + subscriberTable(subscribers));
    System.out.println();
    System.out.println(report);
    Files.createDirectories(o.out().toAbsolutePath().getParent());
    Files.writeString(o.out(), report);
    System.out.println("written to " + o.out().toAbsolutePath());
  }

  static final String LUOT_ISSUE = "Lượt (HTTP issue, SQLite commit)";

  private static void closedLoop(int round, Options o, PostgresBaseline postgres, RedisBaseline redis,
                                 Map<String, List<Result>> bySystem) throws Exception {
    IssueLoad.Run luot = IssueLoad.runOnce(round,
        new IssueLoad.Options(o.clients(), o.seconds(), o.warmupSeconds(), 1, List.of(), false, 0));
    // What limited Lượt in this round (its busiest thread, CPU queue, the disk), as IssueLoad prints it.
    System.out.printf(Locale.ROOT, "round %d: Lượt: %.2f appends/commit, server CPU %.2f cores, disk %,.0f syncs/s; %s%n",
        round, luot.appendsPerCommit(), luot.serverCores(), luot.diskSyncsPerSecond(), luot.threads());
    List<Result> results = List.of(
        new Result(LUOT_ISSUE, luot.perSecond(), luot.p50(), luot.p99(), Double.NaN,
            Double.NaN, Double.NaN, luot.errors(), luot.machineLoad()),
        postgres.run(),
        redis.run("always"),
        redis.run("everysec"));
    for (Result r : results) {
      bySystem.computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r);
      System.out.println("round " + round + ": " + line(r));
    }
  }

  private static void record(int round, Map<String, List<Open>> into, Open r) {
    into.computeIfAbsent(r.system() + "@" + r.offered(), k -> new ArrayList<>()).add(r);
    System.out.printf(Locale.ROOT, "round %d: %s at %.0f/s offered: %,.0f/s answered, p50 %.2f ms, p99 %.2f ms, "
            + "p99.9 %.2f ms, max %.1f ms, %d errors; delivered %,d/%,d, p50 %.2f ms, p99 %.2f ms, max %.1f ms; "
            + "load average %.2f; server CPU per delivery %s µs; the benchmark's own CPU per delivery %s µs%n", round,
        r.system(), r.offered(), r.perSecond(), r.p50(), r.p99(), r.p999(), r.max(), r.errors(), r.delivered(),
        r.expected(), r.deliveryP50(), r.deliveryP99(), r.deliveryMax(), r.loadAverage(),
        orDash(r.serverMicrosPerDelivery()), orDash(r.clientMicrosPerDelivery()));
  }

  static String line(Result r) {
    return String.format(Locale.ROOT, "%s: %,.0f issues/s  p50 %.2f ms  p99 %.2f ms  notify p50 %.2f ms  p99 %.2f ms "
            + "(%,.0f notifications/s)  %d errors  load average %.2f", r.system(), r.perSecond(), r.p50(), r.p99(),
        r.notifyP50(), r.notifyP99(), r.notifiedPerSecond(), r.errors(), r.loadAverage());
  }

  /** Medians per system, then the ratios Lượt/baseline (rate: above 1 = Lượt faster; latency: below 1 = Lượt faster). */
  static String table(Map<String, List<Result>> bySystem) {
    StringBuilder b = new StringBuilder();
    b.append("| system (median of ").append(bySystem.values().iterator().next().size()).append(" rounds) "
        + "| issues/s | issue p50 ms | issue p99 ms | notify p50 ms | notify p99 ms | notifications/s | errors | load avg |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<Result> medians = new ArrayList<>();
    for (var e : bySystem.entrySet()) {
      List<Result> rs = e.getValue();
      Result m = new Result(e.getKey(), median(rs, Result::perSecond), median(rs, Result::p50), median(rs, Result::p99),
          median(rs, Result::notifyP50), median(rs, Result::notifyP99), median(rs, Result::notifiedPerSecond),
          (long) median(rs, r -> r.errors()), median(rs, Result::loadAverage));
      medians.add(m);
      b.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %s | %s | %s | %d | %.2f |%n", m.system(),
          m.perSecond(), m.p50(), m.p99(), orDash(m.notifyP50()), orDash(m.notifyP99()),
          Double.isNaN(m.notifiedPerSecond()) ? "—" : String.format(Locale.ROOT, "%,.0f", m.notifiedPerSecond()),
          m.errors(), m.loadAverage()));
    }
    Result luot = medians.get(0);
    b.append("\n| Lượt / baseline | issues/s | issue p50 | issue p99 |\n|---|---:|---:|---:|\n");
    for (Result base : medians.subList(1, medians.size())) {
      b.append(String.format(Locale.ROOT, "| Lượt / %s | %.2f× | %.2f× | %.2f× |%n", base.system(),
          luot.perSecond() / base.perSecond(), luot.p50() / base.p50(), luot.p99() / base.p99()));
    }
    return b.toString();
  }

  /** Each system's median over rounds, one column at a time (NaN-free columns only matter where measured). */
  private static Open median(List<Open> rs) {
    Open first = rs.get(0);
    return new Open(first.system(), first.offered(), median(rs, Open::perSecond), median(rs, Open::p50),
        median(rs, Open::p99), median(rs, Open::p999), median(rs, Open::max), (long) median(rs, r -> r.errors()),
        median(rs, Open::deliveryP50), median(rs, Open::deliveryP99), median(rs, Open::deliveryMax),
        (long) median(rs, r -> r.delivered()), (long) median(rs, r -> r.expected()), median(rs, Open::loadAverage),
        median(rs, Open::serverMicrosPerDelivery), median(rs, Open::clientMicrosPerDelivery));
  }

  /** Per offered rate, each system's medians over rounds, and Lượt's p99 against each baseline's. */
  static String openTable(Map<String, List<Open>> bySystemAndRate) {
    List<Open> medians = bySystemAndRate.values().stream().map(Baselines::median).toList();
    StringBuilder b = new StringBuilder();
    b.append("| offered/s | system (median of ").append(bySystemAndRate.values().iterator().next().size())
        .append(" rounds) | answered/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | notify p50 ms | notify p99 ms "
            + "| load avg |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Open m : medians) {
      b.append(String.format(Locale.ROOT, "| %,.0f | %s | %,.0f | %.2f | %.2f | %.2f | %.1f | %d | %s | %s | %.2f |%n",
          m.offered(), m.system(), m.perSecond(), m.p50(), m.p99(), m.p999(), m.max(), m.errors(),
          orDash(m.deliveryP50()), orDash(m.deliveryP99()), m.loadAverage()));
    }
    b.append("\n| offered/s | Lượt p99 / baseline p99 | ratio |\n|---:|---|---:|\n");
    for (Open luot : medians) {
      if (!luot.system().equals(LUOT_ISSUE)) continue;
      for (Open base : medians) {
        if (base.offered() == luot.offered() && base != luot) {
          b.append(String.format(Locale.ROOT, "| %,.0f | Lượt / %s | %.2f× |%n", luot.offered(), base.system(),
              luot.p99() / base.p99()));
        }
      }
    }
    return b.toString();
  }

  /** Delivery to subscribers per system (medians over rounds), and Lượt's p99 against each baseline's. */
  static String subscriberTable(Map<String, List<Open>> bySystem) {
    List<Open> medians = bySystem.values().stream()
        .map(rounds -> median(rounds.stream().map(Open::lossesUnbounded).toList())).toList();
    StringBuilder b = new StringBuilder();
    b.append("| system (median of ").append(bySystem.values().iterator().next().size()).append(" rounds) "
        + "| publisher p50 ms | publisher p99 ms | delivery p50 ms | delivery p99 ms | delivery max ms | delivered / "
        + "expected | publish errors | server CPU µs per delivery | benchmark's own CPU µs per delivery | load avg |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Open m : medians) {
      b.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.1f | %,d / %,d | %d | %s | %s | %.2f |%n",
          m.system(), m.p50(), m.p99(), m.deliveryP50(), m.deliveryP99(), m.deliveryMax(), m.delivered(), m.expected(),
          m.errors(), orDash(m.serverMicrosPerDelivery()), orDash(m.clientMicrosPerDelivery()), m.loadAverage()));
    }
    Open luot = medians.get(0);
    b.append("\n| Lượt / baseline | delivery p99 | server CPU per delivery |\n|---|---:|---:|\n");
    for (Open base : medians.subList(1, medians.size())) {
      b.append(String.format(Locale.ROOT, "| %s / %s | %.2f× | %.2f× |%n", luot.system(), base.system(),
          luot.deliveryP99() / base.deliveryP99(), luot.serverMicrosPerDelivery() / base.serverMicrosPerDelivery()));
    }
    return b.toString();
  }

  static <T> double median(List<T> rs, ToDoubleFunction<T> column) {
    return IssueLoad.median(rs, column);
  }

  private static String orDash(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static double ms(long micros) {
    return micros / 1000.0;
  }

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs a command to its end, failing with its output when it fails. */
  static void exec(List<String> command, java.nio.file.Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + java.nio.file.Files.readString(log));
    }
  }
}
