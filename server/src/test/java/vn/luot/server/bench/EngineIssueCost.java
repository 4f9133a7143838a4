package vn.luot.server.bench;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.luot.server.auth.PasswordHasher;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Decider;
import vn.luot.server.domain.Decision;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * What one center's engine thread spends per issued ticket, with no I/O: decide, apply, and the two figures the
 * 201 carries ({@code ahead}, {@code estimatedWaitMinutes}), as the queue grows and nobody is called. Every issue of a
 * center runs on its one engine thread, so this cost caps a center's issues per second whatever the journal does.
 * Prints microseconds per issue by queue length; docs/BENCHMARKS.md explains why it matters.
 *
 * <pre>{@code --per-field 10000 --rounds 1}</pre>
 */
public final class EngineIssueCost {
  private static final List<String> FIELDS = List.of("DD", "HT", "CT", "KD", "XD", "LD");
  private static final int STEPS = 10;
  /** CPU time of this thread, not wall time: on a shared machine, time spent waiting for a CPU is not the engine's. */
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  private EngineIssueCost() {}

  public static void main(String[] args) {
    int perField = 10_000;
    int rounds = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--per-field" -> perField = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --per-field N --rounds N)");
      }
    }
    CenterConfig center = ConfigLoader.load(null, Map.of(), new PasswordHasher()).centers().get(0);
    double[][] micros = new double[rounds][];
    // A shorter first round warms the JIT and is not reported.
    round(center, Math.max(STEPS, perField / 4));
    for (int r = 0; r < rounds; r++) micros[r] = round(center, perField);
    System.out.printf(Locale.ROOT, "EngineIssueCost: %d fields, up to %,d waiting per field, median of %d round(s)%n",
        FIELDS.size(), perField, rounds);
    System.out.println("| waiting per field | CPU µs per issue | issues/s one engine thread can take |");
    System.out.println("|---:|---:|---:|");
    for (int step = 0; step < STEPS; step++) {
      double[] v = new double[rounds];
      for (int r = 0; r < rounds; r++) v[r] = micros[r][step];
      java.util.Arrays.sort(v);
      double median = v[rounds / 2];
      System.out.printf(Locale.ROOT, "| %,d | %.1f | %,.0f |%n", (step + 1) * perField / STEPS, median, 1e6 / median);
    }
  }

  /** Issues perField tickets in each field; returns the mean CPU µs per issue in each tenth of the way. */
  private static double[] round(CenterConfig center, int perField) {
    CenterState state = new CenterState(center);
    Instant now = Instant.parse("2026-11-28T01:00:00Z");
    apply(state, Decider.decide(state, new Command.OpenDay(), now));
    int total = perField * FIELDS.size();
    int stepSize = total / STEPS;
    double[] out = new double[STEPS];
    long sink = 0;
    long t0 = CPU.getCurrentThreadCpuTime();
    for (int i = 1; i <= total; i++) {
      now = now.plusMillis(1);
      Command.IssueTicket issue = new Command.IssueTicket(FIELDS.get(i % FIELDS.size()), false, null, null, null,
          "BENCH", null, "default.t" + i, null);
      Decision.Accepted accepted = (Decision.Accepted) Decider.decide(state, issue, now);
      apply(state, accepted);
      // What CenterEngine.result puts in the 201.
      Ticket t = state.ticket(accepted.ticketId()).orElseThrow();
      sink += state.ahead(t) + state.estimatedWaitMinutes(t);
      if (i % stepSize == 0) {
        long t1 = CPU.getCurrentThreadCpuTime();
        out[i / stepSize - 1] = (t1 - t0) / 1e3 / stepSize;
        t0 = t1;
      }
    }
    if (sink == Long.MIN_VALUE) System.out.println(sink);
    return out;
  }

  private static void apply(CenterState state, Decision decision) {
    for (Event e : ((Decision.Accepted) decision).events()) state.apply(new Recorded(state.seq() + 1, e));
  }
}
