package vn.luot.server.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Counter;
import vn.luot.server.domain.CounterState;
import vn.luot.server.domain.CounterStatus;
import vn.luot.server.domain.Decider;
import vn.luot.server.domain.Decision;
import vn.luot.server.domain.PriorityGroup;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.TicketStatus;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * How wrong is the estimated wait a citizen reads on the ticket? Simulates whole service days of the demo center (6
 * fields, 8 counters sharing them) through the pure domain, Decider and CenterState, exactly as the engine runs them,
 * with a seeded random day: arrivals with a morning peak and a lunch break, per-field service times (log-normal, not
 * the configured defaults), priority citizens, citizens who do not come when called. For each ticket it keeps the
 * estimate given at issue and the wait it really had (issue to first call), and prints the median and p90 absolute
 * error and the bias (mean of estimate − actual: negative means the ticket promised too little), overall, by field
 * and by hour of issue, for the estimator in use and for the earlier one.
 *
 * <pre>{@code --days 20 --seed 1 --load 1.0}</pre>
 */
public final class WaitEstimateSimulation {
  /** A field's share of arrivals and its real mean service time (the config's defaults are deliberately off). */
  record Profile(String field, double share, double meanServiceMinutes) {}

  static final List<Profile> PROFILES = List.of(
      new Profile("DD", 0.24, 14), new Profile("HT", 0.20, 7), new Profile("CT", 0.26, 4),
      new Profile("KD", 0.10, 9), new Profile("XD", 0.08, 12), new Profile("LD", 0.12, 8));

  /** Arrivals per hour by local time of day, [from, to, rate]: a morning peak, few over lunch, a smaller afternoon. */
  static final double[][] ARRIVALS = {
      {7.00, 7.50, 30}, {7.50, 8.00, 55}, {8.00, 9.00, 70}, {9.00, 10.00, 62}, {10.00, 11.00, 48},
      {11.00, 11.50, 26}, {11.50, 13.50, 5}, {13.50, 14.00, 45}, {14.00, 15.00, 52}, {15.00, 16.00, 40},
      {16.00, 16.75, 22}};
  static final LocalTime OPEN = LocalTime.of(7, 30);
  static final LocalTime LUNCH = LocalTime.of(11, 30);
  static final LocalTime AFTER_LUNCH = LocalTime.of(13, 30);
  static final LocalTime CLOSE = LocalTime.of(17, 0);
  static final double PRIORITY_SHARE = 0.07;
  static final double NO_SHOW_SHARE = 0.05;
  /** Spread of service times: log-normal sigma (0.5 gives a p90 about 1.9× the median). */
  static final double SERVICE_SIGMA = 0.5;

  /** One ticket: the estimates it was given at issue (minutes) and the wait it had. */
  record Sample(String field, int hour, boolean priority, boolean acrossLunch, Map<String, Double> estimates,
                double actualMinutes) {}

  /** A way to estimate a waiting ticket's wait from the center's state at issue. */
  record Estimator(String name, java.util.function.BiFunction<CenterState, Ticket, Double> minutes) {}

  static final List<Estimator> ESTIMATORS = List.of(
      new Estimator("in use", (s, t) -> (double) s.estimatedWaitMinutes(t)),
      new Estimator("before", WaitEstimateSimulation::before),
      new Estimator("call rate", (s, t) -> rate(s, t, 30, 1)));

  /**
   * An alternative that was tried and not taken: (ahead + extra) ÷ the field's calls per minute over the last
   * {@code window} minutes (the earlier estimator until 3 calls). Better than "before", worse than the one in use.
   */
  static double rate(CenterState s, Ticket t, int window, int extra) {
    int ahead = s.ahead(t);
    Instant now = s.lastAt();
    int calls = 0;
    for (Ticket x : s.tickets()) {
      if (x.field().equals(t.field()) && x.calledAt() != null && x.calledAt().isAfter(now.minusSeconds(window * 60L))) calls++;
    }
    if (calls < 3) return before(s, t);
    return (ahead + extra) * (double) window / calls;
  }

  private WaitEstimateSimulation() {}

  public static void main(String[] args) {
    int days = 20;
    long seed = 1;
    double load = 1.0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--days" -> days = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--load" -> load = Double.parseDouble(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --days N --seed N --load X)");
      }
    }
    CenterConfig center = ConfigLoader.load(null, Map.of()).centers().get(0);
    List<Sample> samples = new ArrayList<>();
    int expired = 0;
    int noShows = 0;
    int issued = 0;
    for (int d = 0; d < days; d++) {
      Day day = new Day(center, LocalDate.of(2026, 3, 2).plusDays(d), new Random(seed * 1_000_003L + d), load);
      day.run();
      samples.addAll(day.samples);
      expired += day.expired;
      noShows += day.noShows;
      issued += day.issued;
    }
    System.out.printf(Locale.ROOT, "WaitEstimateSimulation: %d simulated days, seed %d, load %.2f: %,d tickets issued, "
        + "%,d called (%,d of them no-shows), %,d never called (expired at closing)%n%n",
        days, seed, load, issued, samples.size(), noShows, expired);
    for (Estimator e : ESTIMATORS) {
      System.out.println("### Estimator: " + e.name() + "\n");
      Map<String, List<Sample>> all = new LinkedHashMap<>();
      all.put("all tickets", samples);
      all.put("waits not across lunch", samples.stream().filter(x -> !x.acrossLunch()).toList());
      all.put("waits across lunch", samples.stream().filter(Sample::acrossLunch).toList());
      table("tickets", all, e.name());
      table("field", group(samples, Sample::field), e.name());
      table("hour of issue", group(samples, s -> String.format(Locale.ROOT, "%02d:00", s.hour())), e.name());
      table("kind", group(samples, s -> s.priority() ? "priority" : "normal"), e.name());
    }
  }

  // ---- the earlier estimator, kept here to compare against ----

  /**
   * The estimator before this benchmark: people ahead × the field's mean service time today (the configured default
   * before the first service) ÷ the open counters serving the field, rounded up to minutes.
   */
  static double before(CenterState s, Ticket t) {
    int ahead = s.ahead(t);
    if (ahead == 0) return 0;
    double total = 0;
    int count = 0;
    for (Ticket x : s.tickets()) {
      if (x.field().equals(t.field()) && x.status() == TicketStatus.DONE && x.serviceTime().isPresent()) {
        total += x.serviceTime().get().getSeconds();
        count++;
      }
    }
    double mean = count == 0 ? s.config().field(t.field()).orElseThrow().defaultServiceMinutes() * 60.0 : total / count;
    int open = 0;
    for (Counter c : s.config().counters()) {
      if (c.fields().contains(t.field()) && s.counter(c.id()).orElseThrow().status() != CounterStatus.PAUSED) open++;
    }
    return Math.ceil(ahead * mean / Math.max(1, open) / 60.0);
  }

  // ---- the simulated day ----

  /** One simulated day: an agenda of timed steps, each of which sends commands to the domain. */
  static final class Day {
    private record Step(Instant at, long order, Runnable action) {}

    private final CenterConfig config;
    private final ZoneId zone;
    private final LocalDate date;
    private final Random random;
    private final double load;
    private final PriorityQueue<Step> agenda = new PriorityQueue<>(
        (a, b) -> a.at.equals(b.at) ? Long.compare(a.order, b.order) : a.at.compareTo(b.at));
    private long order;
    private Instant now;
    private CenterState state;
    private final Map<String, Map<String, Double>> estimates = new HashMap<>();
    /** Counters with nobody to call, woken by the next arrival in one of their fields. */
    private final Map<String, Boolean> idle = new LinkedHashMap<>();
    private final Map<String, Boolean> onLunch = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();
    int expired;
    int noShows;
    int issued;

    Day(CenterConfig config, LocalDate date, Random random, double load) {
      this.config = config;
      this.zone = config.zone();
      this.date = date;
      this.random = random;
      this.load = load;
      this.state = new CenterState(config);
      this.now = at(LocalTime.of(6, 59));
    }

    private Instant at(LocalTime t) {
      return date.atTime(t).atZone(zone).toInstant();
    }

    private Instant at(double hours) {
      return at(LocalTime.ofSecondOfDay(Math.round(hours * 3600)));
    }

    private void schedule(Instant at, Runnable action) {
      agenda.add(new Step(at, order++, action));
    }

    private Decision send(Command command) {
      Decision d = Decider.decide(state, command, now);
      if (d instanceof Decision.Accepted a) {
        for (Event e : a.events()) state.apply(new Recorded(state.seq() + 1, e));
      }
      return d;
    }

    void run() {
      send(new Command.OpenDay());
      scheduleArrivals();
      for (Counter c : config.counters()) schedule(at(OPEN), () -> callNext(c.id()));
      schedule(at(LUNCH), () -> config.counters().forEach(c -> onLunch.put(c.id(), true)));
      schedule(at(AFTER_LUNCH), () -> config.counters().forEach(c -> afterLunch(c.id())));
      schedule(at(CLOSE), () -> send(new Command.CloseDay("sim")));
      while (!agenda.isEmpty()) {
        Step step = agenda.poll();
        now = step.at;
        step.action.run();
      }
      for (Ticket t : state.tickets()) {
        if (t.transferredFrom() != null) continue;
        if (t.calledAt() == null) {
          expired++;
          continue;
        }
        double actual = Duration.between(t.issuedAt(), t.calledAt()).toMillis() / 60_000.0;
        boolean acrossLunch = t.issuedAt().isBefore(at(AFTER_LUNCH)) && t.calledAt().isAfter(at(LUNCH));
        samples.add(new Sample(t.field(), t.issuedAt().atZone(zone).getHour(), t.priority(), acrossLunch,
            estimates.get(t.id()), actual));
      }
    }

    /** A non-homogeneous Poisson process: exponential gaps at each period's rate. */
    private void scheduleArrivals() {
      for (double[] period : ARRIVALS) {
        double rate = period[2] * load;
        double t = period[0] + exponential(rate);
        while (t < period[1]) {
          schedule(at(t), this::arrive);
          t += exponential(rate);
        }
      }
    }

    private double exponential(double perHour) {
      return -Math.log(1 - random.nextDouble()) / perHour;
    }

    private void arrive() {
      String field = pickField();
      boolean priority = random.nextDouble() < PRIORITY_SHARE;
      Decision d = send(new Command.IssueTicket(field, priority, priority ? PriorityGroup.ELDERLY : null, null, null,
          "K1", null, "sim-" + order, null));
      if (!(d instanceof Decision.Accepted a)) return;
      issued++;
      Ticket t = state.ticket(a.ticketId()).orElseThrow();
      Map<String, Double> given = new LinkedHashMap<>();
      for (Estimator e : ESTIMATORS) given.put(e.name(), e.minutes().apply(state, t));
      estimates.put(t.id(), given);
      // A clerk sitting idle notices the new ticket within seconds.
      for (Counter c : config.counters()) {
        if (idle.getOrDefault(c.id(), false) && c.fields().contains(field)) {
          idle.put(c.id(), false);
          schedule(now.plusSeconds(5 + random.nextInt(10)), () -> callNext(c.id()));
        }
      }
    }

    private String pickField() {
      double x = random.nextDouble();
      for (Profile p : PROFILES) {
        x -= p.share();
        if (x < 0) return p.field();
      }
      return PROFILES.get(PROFILES.size() - 1).field();
    }

    private void callNext(String counter) {
      CounterState cs = state.counter(counter).orElseThrow();
      if (cs.status() == CounterStatus.PAUSED || state.dayClosed()) return;
      if (onLunch.getOrDefault(counter, false)) {
        send(new Command.PauseCounter(counter, "sim", "Nghỉ trưa"));
        return;
      }
      Decision d = send(new Command.CallNext(counter, "sim"));
      String ticketId = d instanceof Decision.Accepted a ? a.ticketId() : null;
      if (ticketId == null) {
        idle.put(counter, true);
        return;
      }
      Ticket t = state.ticket(ticketId).orElseThrow();
      if (random.nextDouble() < NO_SHOW_SHARE) {
        noShows++;
        schedule(now.plusSeconds(60), () -> send(new Command.Recall(counter, "sim")));
        schedule(now.plusSeconds(150), () -> {
          send(new Command.MarkNoShow(counter, "sim"));
          callNext(counter);
        });
        return;
      }
      Instant start = now.plusSeconds(20 + random.nextInt(40)); // the citizen walks to the counter
      double minutes = serviceMinutes(t.field());
      schedule(start, () -> send(new Command.StartService(counter, "sim")));
      schedule(start.plusMillis(Math.round(minutes * 60_000)), () -> {
        send(new Command.FinishService(counter, "sim", null, null));
        schedule(now.plusSeconds(10 + random.nextInt(20)), () -> callNext(counter));
      });
    }

    private void afterLunch(String counter) {
      onLunch.put(counter, false);
      if (state.counter(counter).orElseThrow().status() == CounterStatus.PAUSED) {
        send(new Command.ResumeCounter(counter, "sim"));
      }
      idle.put(counter, false);
      callNext(counter);
    }

    /** Log-normal with the field's mean: exp(mu + sigma·z), mu chosen so the mean comes out right. */
    private double serviceMinutes(String field) {
      double mean = PROFILES.stream().filter(p -> p.field().equals(field)).findFirst().orElseThrow().meanServiceMinutes();
      double mu = Math.log(mean) - SERVICE_SIGMA * SERVICE_SIGMA / 2;
      return Math.exp(mu + SERVICE_SIGMA * random.nextGaussian());
    }
  }

  // ---- figures ----

  static <K> Map<String, List<Sample>> group(List<Sample> samples, Function<Sample, String> key) {
    Map<String, List<Sample>> groups = new TreeMap<>();
    for (Sample s : samples) groups.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(s);
    return groups;
  }

  static void table(String by, Map<String, List<Sample>> groups, String estimator) {
    System.out.println("| " + by + " | tickets | median actual wait | median abs error | p90 abs error | bias | within ±5 min |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, List<Sample>> g : groups.entrySet()) {
      List<Sample> list = g.getValue();
      double[] abs = new double[list.size()];
      double[] actual = new double[list.size()];
      double bias = 0;
      int within = 0;
      for (int i = 0; i < list.size(); i++) {
        double error = list.get(i).estimates().get(estimator) - list.get(i).actualMinutes();
        abs[i] = Math.abs(error);
        actual[i] = list.get(i).actualMinutes();
        bias += error;
        if (abs[i] <= 5) within++;
      }
      System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %+.1f | %.0f%% |%n", g.getKey(), list.size(),
          median(actual), median(abs), nearestRank(abs, 0.9), bias / list.size(), 100.0 * within / list.size());
    }
    System.out.println();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double nearestRank(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length == 0 ? 0 : s[(int) Math.ceil(q * s.length) - 1];
  }
}
