package vn.luot.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterSettings;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Decider;
import vn.luot.server.domain.Decision;
import vn.luot.server.domain.Outcome;
import vn.luot.server.domain.QueuePolicy;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.TicketStatus;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * JMH for the domain core: what one command costs a center's engine thread, decided ({@link Decider#decide}) and its
 * events applied to the state ({@link CenterState#apply}), with no I/O, as the queues grow. {@code waiting} tickets
 * wait in each of the demo center's six fields. Each command has its own state class, whose per-invocation set-up
 * (not timed) brings the center to what the command needs (a called ticket at counter 1 for a recall, a served one
 * for a finish…) and takes back what the last invocation added, so the queues stay at {@code waiting}.
 *
 * <p>Run: {@code mvn -q -pl server -am process-test-classes -Pbench -Dbench.main=vn.luot.server.bench.DomainBench
 * -Dbench.args="-f 1 -wi 3 -i 5"}; any JMH option works ({@code -p waiting=100}, {@code -prof gc}). It prints ns per
 * command as a Markdown table and writes it to {@code server/target/bench/DomainBench.md}.
 */
// Each call timed alone (its set-up is not): the median is what a command costs, and a call that the OS happened to
// preempt on a shared machine moves only the tail, where in an average it would weigh on every figure.
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DomainBench {
  private static final String COUNTER = "1";
  /** Counter 1 serves DD first; transfers go to HT, which counter 1 does not serve. */
  private static final String FIELD = "DD";
  private static final String OTHER_FIELD = "HT";
  private static final String[] FIELDS = {"DD", "HT", "CT", "KD", "XD", "LD"};
  /** 08:00 in Hà Nội: the service day has 16 hours left, far more than an iteration's simulated time uses. */
  private static final Instant OPENING = Instant.parse("2026-12-02T01:00:00Z");
  private static final Instant LAST_SAFE = Instant.parse("2026-12-02T15:00:00Z");
  /** Simulated time between two commands: a minute's worth of calls stays far below the hour the estimate reads. */
  private static final Duration STEP = Duration.ofMillis(10);
  /** The demo center, with no least gap between recalls, so that a recall can follow a recall at once. */
  private static final CenterConfig CENTER = demoCenterWithoutRecallGap();

  /**
   * A center whose queues start each measurement iteration with {@code waiting} tickets per field. Tickets issued
   * during an iteration stay in the day (done, cancelled): the day's ticket maps grow by one per operation, which
   * hash maps absorb; a fresh center each iteration keeps that bounded.
   */
  @State(Scope.Thread)
  public abstract static class Center {
    @Param({"0", "100", "10000"})
    public int waiting;

    CenterState state;
    /** The ticket the last operation added to a queue (an issue, a transfer), cancelled before the next one. */
    String added;
    private Instant now;
    private int tokens;

    @Setup(Level.Iteration)
    public void open() {
      state = new CenterState(CENTER);
      added = null;
      now = OPENING;
      run(new Command.OpenDay());
      for (int i = 0; i < waiting; i++) {
        for (String field : FIELDS) issue(field);
      }
    }

    /** Decides and applies a command as CenterEngine does; the command must be accepted. */
    final Decision.Accepted run(Command command) {
      return apply(Decider.decide(state, command, tick()));
    }

    final Decision.Accepted apply(Decision decision) {
      if (!(decision instanceof Decision.Accepted accepted)) throw new IllegalStateException("rejected: " + decision);
      for (Event e : accepted.events()) state.apply(new Recorded(state.seq() + 1, e));
      return accepted;
    }

    /** The next command's time. */
    final Instant tick() {
      now = now.plus(STEP);
      if (now.isAfter(LAST_SAFE)) throw new IllegalStateException("the simulated day is over: use shorter iterations");
      return now;
    }

    final Command.IssueTicket issueCommand(String field) {
      return new Command.IssueTicket(field, false, null, null, null, "BENCH", null, "bench.t" + ++tokens, null);
    }

    final String issue(String field) {
      return run(issueCommand(field)).ticketId();
    }

    final String call() {
      return run(new Command.CallNext(COUNTER, "clerk1")).ticketId();
    }

    final void cancel(String ticketId) {
      if (ticketId != null) run(new Command.CancelTicket(ticketId, "clerk1"));
    }

    /** Leaves counter 1 with nothing at it, ending what it has as a no-show or a finish. */
    final void clearCounter() {
      state.currentTicket(COUNTER).ifPresent(t -> run(t.status() == TicketStatus.SERVING
          ? new Command.FinishService(COUNTER, "clerk1", Outcome.COMPLETED, null)
          : new Command.MarkNoShow(COUNTER, "clerk1")));
    }
  }

  /** Before each issue: the ticket the last one issued is cancelled. */
  public static class BeforeIssue extends Center {
    Command.IssueTicket command;
    Instant at;

    @Setup(Level.Invocation)
    public void prepare() {
      cancel(added);
      command = issueCommand(FIELD);
      at = tick();
    }
  }

  /** Counter 1 idle; one more ticket waits in DD than {@code waiting} (so there is one to call when it is 0). */
  public static class BeforeCall extends Center {
    Command.CallNext command = new Command.CallNext(COUNTER, "clerk1");
    Instant at;

    @Setup(Level.Invocation)
    public void prepare() {
      clearCounter();
      issue(FIELD);
      at = tick();
    }
  }

  /** Counter 1 has called a ticket and not started it; {@code waiting} more wait. */
  public static class Called extends Center {
    Instant at;

    @Setup(Level.Invocation)
    public void prepare() {
      if (state.currentTicket(COUNTER).map(t -> t.status() != TicketStatus.CALLED).orElse(true)) {
        clearCounter();
        issue(FIELD);
        call();
      }
      at = tick();
    }
  }

  /** Counter 1 serves a ticket; {@code waiting} more wait. Before a transfer, the last transferred one is cancelled. */
  public static class Serving extends Center {
    Instant at;

    @Setup(Level.Invocation)
    public void prepare() {
      cancel(added);
      added = null;
      clearCounter();
      issue(FIELD);
      call();
      run(new Command.StartService(COUNTER, "clerk1"));
      at = tick();
    }
  }

  /** A ticket was just issued at the tail of DD, to be cancelled. */
  public static class JustIssued extends Center {
    String ticketId;
    Instant at;

    @Setup(Level.Invocation)
    public void prepare() {
      ticketId = issue(FIELD);
      at = tick();
    }
  }

  /** What a phone following a ticket in the middle of DD costs per refresh; with 0 waiting, that one ticket alone. */
  public static class Tracked extends Center {
    Ticket middle;

    @Setup(Level.Iteration)
    public void pick() {
      if (waiting == 0) issue(FIELD);
      middle = state.tickets().stream().filter(t -> t.field().equals(FIELD))
          .sorted(java.util.Comparator.comparing(Ticket::issuedAt))
          .skip(Math.max(0, waiting / 2)).findFirst().orElseThrow();
    }
  }

  /** Issue, plus the two figures its 201 carries ({@code ahead}, {@code estimatedWaitMinutes}), as CenterEngine.result. */
  @Benchmark
  public int issue(BeforeIssue c) {
    Decision.Accepted accepted = c.apply(Decider.decide(c.state, c.command, c.at));
    c.added = accepted.ticketId();
    Ticket t = c.state.ticket(c.added).orElseThrow();
    int ahead = c.state.ahead(t);
    return ahead + c.state.estimatedWaitMinutes(t, ahead);
  }

  @Benchmark
  public Object callNext(BeforeCall c) {
    return c.apply(Decider.decide(c.state, c.command, c.at));
  }

  @Benchmark
  public Object recall(Called c) {
    return c.apply(Decider.decide(c.state, new Command.Recall(COUNTER, "clerk1"), c.at));
  }

  @Benchmark
  public Object startService(Called c) {
    return c.apply(Decider.decide(c.state, new Command.StartService(COUNTER, "clerk1"), c.at));
  }

  @Benchmark
  public Object noShow(Called c) {
    return c.apply(Decider.decide(c.state, new Command.MarkNoShow(COUNTER, "clerk1"), c.at));
  }

  @Benchmark
  public Object finishService(Serving c) {
    return c.apply(Decider.decide(c.state,
        new Command.FinishService(COUNTER, "clerk1", Outcome.COMPLETED, null), c.at));
  }

  @Benchmark
  public Object transfer(Serving c) {
    Decision.Accepted accepted = c.apply(Decider.decide(c.state,
        new Command.Transfer(COUNTER, "clerk1", OTHER_FIELD, null), c.at));
    c.added = accepted.ticketId();
    return accepted;
  }

  @Benchmark
  public Object cancel(JustIssued c) {
    return c.apply(Decider.decide(c.state, new Command.CancelTicket(c.ticketId, "clerk1"), c.at));
  }

  /** No command: the place and wait a phone on /ws/track is sent after each event of its field. */
  @Benchmark
  public int trackMiddle(Tracked c) {
    int ahead = c.state.ahead(c.middle);
    return ahead + c.state.estimatedWaitMinutes(c.middle, ahead);
  }

  private static CenterConfig demoCenterWithoutRecallGap() {
    CenterConfig demo = ConfigLoader.load(null, Map.of()).centers().get(0);
    CenterSettings s = demo.settings();
    QueuePolicy p = s.policy();
    QueuePolicy noGap = new QueuePolicy(p.priorityRatio(), p.routing(), Duration.ZERO, p.ratingLevels());
    return demo.withSettings(new CenterSettings(s.fields(), s.counters(), noGap, s.display(), s.ratingLabels()));
  }

  /** Runs the benchmarks of this class with JMH's own command-line options, then prints and writes the table. */
  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder options = new OptionsBuilder();
    options.parent(cli);
    if (cli.getIncludes().isEmpty()) options.include(DomainBench.class.getName() + "\\.");
    Collection<RunResult> results = new Runner(options.build()).run();
    String table = table(results);
    Path out = ServerTarget.benchFile("DomainBench.md");
    Files.writeString(out, table);
    System.out.println(table);
    System.out.println("written to " + out);
  }

  /** One row per command, one column per queue size: the median ns per operation (and the mean). */
  static String table(Collection<RunResult> results) {
    Map<String, Map<Integer, String>> rows = new java.util.LinkedHashMap<>();
    java.util.SortedSet<Integer> sizes = new java.util.TreeSet<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
      int waiting = Integer.parseInt(r.getParams().getParam("waiting"));
      sizes.add(waiting);
      var primary = r.getPrimaryResult();
      rows.computeIfAbsent(name, k -> new TreeMap<>()).put(waiting, String.format(Locale.ROOT, "%,.0f (%,.0f)",
          primary.getStatistics().getPercentile(50), primary.getScore()));
    }
    StringBuilder b = new StringBuilder("| command: median ns/op (mean) |");
    for (int n : sizes) b.append(String.format(Locale.ROOT, " %,d waiting per field |", n));
    b.append("\n|---|").append("---:|".repeat(sizes.size())).append('\n');
    rows.forEach((name, byWaiting) -> {
      b.append("| ").append(name).append(" |");
      for (int n : sizes) b.append(' ').append(byWaiting.getOrDefault(n, "—")).append(" |");
      b.append('\n');
    });
    return b.toString();
  }
}
