package vn.luot.server.bench;

import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/** The morning rush's figures per run, and the Markdown report with each column's median over runs. */
final class RushReport {
  private RushReport() {}

  /** Percentiles in milliseconds; NaN when nothing was recorded. */
  record Latency(double p50, double p99, double p999, double max, long count) {
    static Latency of(Histogram h) {
      if (h.getTotalCount() == 0) return new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
      return new Latency(h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
          h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
    }
  }

  /**
   * One run. Rates are answers received in the measured window per second of it; latencies from each request's intended send time; cores =
   * CPU seconds per wall second in the window; resident memory in bytes, sampled every second.
   */
  record Run(int number, double offered, double issued, Latency issue, double calls, long emptyCalls, Latency call,
             Latency toScreen, Latency screenAfterAnswer, long screenDelivered, long screenExpected, Latency toPhone,
             long phoneDelivered, long phoneExpected, int phones, long resyncs, long closed, Map<String, Long> errors,
             double serverCores, IssueLoad.Threads threads, double loadGeneratorCores, long rssMax, long rssEnd, double loadAverage,
             long[] issuedPerSecond) {
    long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  static String line(Run r) {
    return String.format(Locale.ROOT, "run %d: issues %s/s of %s offered, p50 %s p99 %s p99.9 %s max %s ms; calls %s/s "
            + "(%d empty), p50 %s p99 %s ms; call-to-screen p50 %s p99 %s max %s ms, delivered %d/%d; to phone p50 %s "
            + "p99 %s ms, delivered %d/%d (%d phones); %d resyncs, %d closed; errors %s; server %.2f cores, "
            + "RSS max %.0f MiB end %.0f MiB; load generator %.2f cores; load average %.1f",
        r.number(), number(r.issued()), number(r.offered()), ms(r.issue().p50()), ms(r.issue().p99()),
        ms(r.issue().p999()), ms(r.issue().max()), number(r.calls()), r.emptyCalls(), ms(r.call().p50()),
        ms(r.call().p99()), ms(r.toScreen().p50()), ms(r.toScreen().p99()), ms(r.toScreen().max()), r.screenDelivered(),
        r.screenExpected(), ms(r.toPhone().p50()), ms(r.toPhone().p99()), r.phoneDelivered(), r.phoneExpected(),
        r.phones(), r.resyncs(), r.closed(), r.errors(), r.serverCores(), mib(r.rssMax()), mib(r.rssEnd()),
        r.loadGeneratorCores(), r.loadAverage()) + "\n    " + r.threads() + "\n    durable issues second by second: "
        + java.util.Arrays.toString(r.issuedPerSecond());
  }

  static String markdown(MorningRush.Options o, List<Run> runs, List<String> failures) {
    StringBuilder b = new StringBuilder();
    b.append("# Morning rush, ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n\n");
    b.append("Arguments: `").append(o.describe()).append("`  \n");
    b.append(String.format(Locale.ROOT, "Machine: %d CPUs, %s %s, Java %s; 1-minute load average at the end of each run "
            + "in the tables.  %nPhones follow one ticket in every %d from the start. Latencies in ms, from each request's "
            + "intended send time (open loop).%n%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"),
        o.phoneEvery()));

    b.append("## Kiosks and counters\n\n");
    b.append("| run | offered issues/s | durable issues/s | issue p50 | p99 | p99.9 | max | calls/s | empty calls "
        + "| call p50 | call p99 | call max | errors |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      b.append(row(String.valueOf(r.number()), number(r.offered()), number(r.issued()), ms(r.issue().p50()),
          ms(r.issue().p99()), ms(r.issue().p999()), ms(r.issue().max()), number(r.calls()), number(r.emptyCalls()),
          ms(r.call().p50()), ms(r.call().p99()), ms(r.call().max()), number(r.errorCount())));
    }
    b.append(row("**median**", number(median(runs, Run::offered)), "**" + number(median(runs, Run::issued)) + "**",
        ms(median(runs, r -> r.issue().p50())), "**" + ms(median(runs, r -> r.issue().p99())) + "**",
        ms(median(runs, r -> r.issue().p999())), ms(median(runs, r -> r.issue().max())), number(median(runs, Run::calls)),
        number(median(runs, Run::emptyCalls)), ms(median(runs, r -> r.call().p50())), ms(median(runs, r -> r.call().p99())),
        ms(median(runs, r -> r.call().max())), number(median(runs, Run::errorCount))));

    b.append("\n## Screens and phones\n\n");
    b.append("| run | call-to-screen p50 | p99 | max | screens delivered / expected | after the call's answer p50 | p99 "
        + "| call-to-phone p50 | p99 | max | phones delivered / expected | resyncs | closed |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      b.append(row(String.valueOf(r.number()), ms(r.toScreen().p50()), ms(r.toScreen().p99()), ms(r.toScreen().max()),
          ratio(r.screenDelivered(), r.screenExpected()), ms(r.screenAfterAnswer().p50()), ms(r.screenAfterAnswer().p99()),
          ms(r.toPhone().p50()), ms(r.toPhone().p99()), ms(r.toPhone().max()),
          ratio(r.phoneDelivered(), r.phoneExpected()) + " (" + r.phones() + " phones)", number(r.resyncs()),
          number(r.closed())));
    }
    b.append(row("**median**", ms(median(runs, r -> r.toScreen().p50())), "**" + ms(median(runs, r -> r.toScreen().p99())) + "**",
        ms(median(runs, r -> r.toScreen().max())), percent(median(runs, r -> share(r.screenDelivered(), r.screenExpected()))),
        ms(median(runs, r -> r.screenAfterAnswer().p50())), ms(median(runs, r -> r.screenAfterAnswer().p99())),
        ms(median(runs, r -> r.toPhone().p50())), ms(median(runs, r -> r.toPhone().p99())),
        ms(median(runs, r -> r.toPhone().max())), percent(median(runs, r -> share(r.phoneDelivered(), r.phoneExpected()))),
        number(median(runs, Run::resyncs)), number(median(runs, Run::closed))));

    b.append("\n## Server and machine\n\n");
    b.append("| run | server CPU (cores) | server threads' wait for a CPU per second run (s) | server RSS max MiB "
        + "| RSS at end MiB | load generator CPU (cores) | load average |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      b.append(row(String.valueOf(r.number()), cores(r.serverCores()), cores(r.threads().waitPerRun()),
          number(mib(r.rssMax())), number(mib(r.rssEnd())), cores(r.loadGeneratorCores()),
          String.format(Locale.ROOT, "%.1f", r.loadAverage())));
    }
    b.append(row("**median**", cores(median(runs, Run::serverCores)), cores(median(runs, r -> r.threads().waitPerRun())),
        number(median(runs, r -> mib(r.rssMax()))),
        number(median(runs, r -> mib(r.rssEnd()))), cores(median(runs, Run::loadGeneratorCores)),
        String.format(Locale.ROOT, "%.1f", median(runs, Run::loadAverage))));

    b.append("\nWhere the server's threads spent the window:\n\n");
    for (Run r : runs) b.append("- run ").append(r.number()).append(": ").append(r.threads()).append('\n');
    b.append("\nDurable issues second by second:\n\n");
    for (Run r : runs) b.append("- run ").append(r.number()).append(": ").append(java.util.Arrays.toString(r.issuedPerSecond())).append('\n');

    Map<String, Long> errors = new TreeMap<>();
    runs.forEach(r -> r.errors().forEach((k, v) -> errors.merge(k, v, Long::sum)));
    if (!failures.isEmpty()) b.append("\nRuns that failed (not in the tables): ").append(failures).append('\n');
    b.append("\nErrors by request and status, all runs: ").append(errors.isEmpty() ? "none" : errors.toString()).append('\n');
    b.append(String.format(Locale.ROOT, "Load average now: %.1f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    return b.toString();
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  /** Each column's own median (the middle run, or the mean of the middle two), NaN values left out. */
  static double median(List<Run> runs, ToDoubleFunction<Run> column) {
    double[] v = runs.stream().mapToDouble(column).filter(d -> !Double.isNaN(d)).sorted().toArray();
    int n = v.length;
    if (n == 0) return Double.NaN;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static double share(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  private static String ratio(long part, long whole) {
    return String.format(Locale.ROOT, "%,d / %,d", part, whole);
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "—" : String.format(Locale.ROOT, "%.2f %%", 100 * share);
  }

  static String ms(double ms) {
    if (Double.isNaN(ms)) return "—";
    return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%,.0f", ms);
  }

  static String number(double n) {
    return Double.isNaN(n) ? "—" : String.format(Locale.ROOT, n == Math.rint(n) || n >= 100 ? "%,.0f" : "%.1f", n);
  }

  private static String cores(double c) {
    return Double.isNaN(c) ? "—" : String.format(Locale.ROOT, "%.2f", c);
  }

  private static double mib(long bytes) {
    return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
  }
}
