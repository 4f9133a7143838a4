package vn.luot.server.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <pre>{@code --clients 64 --listeners 4 --seconds 10 --warmup 3 --runs 3 [--pg-bin /usr/lib/postgresql/15/bin]}</pre>
 */
public final class Baselines {
  static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

  record Options(int clients, int listeners, int seconds, int warmupSeconds, int runs, String pgBin) {
    static Options parse(String[] args) {
      int clients = 64;
      int listeners = 4;
      int seconds = 10;
      int warmup = 3;
      int runs = 3;
      String pgBin = "/usr/lib/postgresql/15/bin";
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
          default -> throw new IllegalArgumentException("unknown argument " + flag + " (known: --clients N --listeners N"
              + " --seconds N --warmup N --runs N --pg-bin DIR)");
        }
      }
      if (clients < 1 || listeners < 1 || seconds < 1 || runs < 1) throw new IllegalArgumentException("counts must be >= 1");
      return new Options(clients, listeners, seconds, warmup, runs, pgBin);
    }
  }

  /** One system's figures in one round. Latencies in ms; NaN where not measured. */
  record Result(String system, double perSecond, double p50, double p99, double notifyP50, double notifyP99,
                double notifiedPerSecond, long errors, double loadAverage) {}

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
    System.out.printf(Locale.ROOT, "Baselines: %d clients (closed loop), %d listeners, %d s warm-up + %d s measured, "
            + "%d rounds; %d CPUs, Java %s; load average at start %.2f%n", o.clients(), o.listeners(), o.warmupSeconds(),
        o.seconds(), o.runs(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        loadAverage());
    Map<String, List<Result>> bySystem = new LinkedHashMap<>();
    for (int round = 1; round <= o.runs(); round++) {
      IssueLoad.Run luot = IssueLoad.runOnce(round,
          new IssueLoad.Options(o.clients(), o.seconds(), o.warmupSeconds(), 1, List.of()));
      // What limited Lượt in this round (its busiest thread, CPU queue, the disk), as IssueLoad prints it.
      System.out.printf(Locale.ROOT, "round %d: Lượt: %.2f appends/commit, server CPU %.2f cores, disk %,.0f syncs/s; %s%n",
          round, luot.appendsPerCommit(), luot.serverCores(), luot.diskSyncsPerSecond(), luot.threads());
      List<Result> results = List.of(
          new Result("Lượt (HTTP issue, SQLite commit)", luot.perSecond(), luot.p50(), luot.p99(), Double.NaN,
              Double.NaN, Double.NaN, luot.errors(), luot.machineLoad()),
          postgres.run(),
          redis.run("always"),
          redis.run("everysec"));
      for (Result r : results) {
        bySystem.computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r);
        System.out.println("round " + round + ": " + line(r));
      }
    }
    System.out.println();
    System.out.println(table(bySystem));
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

  static double median(List<Result> rs, ToDoubleFunction<Result> column) {
    double[] v = rs.stream().mapToDouble(column).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
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
