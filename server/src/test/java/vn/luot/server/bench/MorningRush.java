package vn.luot.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import vn.luot.server.support.Api;
import vn.luot.server.support.ServerProcess;
import vn.luot.server.support.TestServer;

/**
 * The morning rush of docs/BENCHMARKS.md, open loop: {@code --kiosks} kiosks issue tickets at a fixed total
 * {@code --rate}, {@code --counters} counters call the next citizen (and start serving) at a fixed total
 * {@code --call-rate}, while {@code --screens} lobby screens and {@code --phones} phones following their own tickets
 * are subscribed. Every request has an intended send time on a fixed schedule, and its latency is counted from that
 * time, so a slow server cannot hide its delay by making the clients wait (no coordinated omission). Call-to-screen
 * latency is, for every call and every screen that got its {@code called} message, arrival − intended send time of
 * the call-next request, on this one host's clock.
 *
 * <p>Each run starts a Lượt server in its own JVM on a fresh data folder ({@link ServerProcess}). The results go to a
 * Markdown file ({@code --out}, default {@code server/target/bench/morning-rush-YYYYMMDD-HHMMSS.md}) and to stdout.
 */
public final class MorningRush {
  private static final List<String> FIELDS = List.of("DD", "HT", "CT", "KD", "XD", "LD");
  private static final String CENTER = "/api/centers/default";
  private static final int DEMO_COUNTERS = 8;
  private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(120);

  record Options(int kiosks, int rate, int counters, double callRate, boolean start, int screens, int phones,
                 int seconds, int warmup, int runs, int clientLoops, Path out, List<String> serverJvm) {
    static Options parse(String[] args) {
      Map<String, String> v = new java.util.LinkedHashMap<>();
      v.put("kiosks", "20");
      v.put("rate", "200");
      v.put("counters", "8");
      v.put("call-rate", "16");
      v.put("start", "true");
      v.put("screens", "50");
      v.put("phones", "200");
      v.put("seconds", "30");
      v.put("warmup", "10");
      v.put("runs", "3");
      v.put("client-loops", "2");
      v.put("out", defaultOut().toString());
      v.put("server-jvm", "");
      for (int i = 0; i < args.length; i += 2) {
        String key = args[i].replaceFirst("^--", "");
        if (!v.containsKey(key)) throw new IllegalArgumentException("unknown argument " + args[i] + "; known: --" + String.join(" --", v.keySet()));
        if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
        v.put(key, args[i + 1]);
      }
      String jvm = v.get("server-jvm").trim();
      Options o = new Options(atLeast(v, "kiosks", 1), atLeast(v, "rate", 1), atLeast(v, "counters", 1),
          Double.parseDouble(v.get("call-rate")), Boolean.parseBoolean(v.get("start")), atLeast(v, "screens", 0),
          atLeast(v, "phones", 0), atLeast(v, "seconds", 1), atLeast(v, "warmup", 0), atLeast(v, "runs", 1),
          atLeast(v, "client-loops", 1), Path.of(v.get("out")), jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+")));
      if (o.callRate <= 0) throw new IllegalArgumentException("--call-rate must be above 0");
      return o;
    }

    private static int atLeast(Map<String, String> v, String key, int min) {
      int n = Integer.parseInt(v.get(key));
      if (n < min) throw new IllegalArgumentException("--" + key + " must be at least " + min);
      return n;
    }

    /** Under server/target when started from the checkout's root, under target when from server/ (exec:exec). */
    private static Path defaultOut() {
      Path target = Files.isDirectory(Path.of("server", "target")) ? Path.of("server", "target") : Path.of("target");
      return target.resolve("bench").resolve("morning-rush-"
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
    }

    /** Phones follow every n-th ticket from the start, so that most followed tickets are called during the run. */
    int phoneEvery() {
      if (phones == 0) return Integer.MAX_VALUE;
      return (int) Math.max(1, Math.floor(callRate * (warmup + seconds) / phones));
    }

    String describe() {
      return String.format(Locale.ROOT, "--kiosks %d --rate %d --counters %d --call-rate %s --start %s --screens %d "
              + "--phones %d --seconds %d --warmup %d --runs %d --client-loops %d%s", kiosks, rate, counters,
          RushReport.number(callRate), start, screens, phones, seconds, warmup, runs, clientLoops,
          serverJvm.isEmpty() ? "" : " --server-jvm \"" + String.join(" ", serverJvm) + "\"");
    }
  }

  private MorningRush() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    System.out.println("MorningRush " + o.describe() + "; " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
        + System.getProperty("java.version"));
    List<RushReport.Run> runs = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 1; i <= o.runs(); i++) {
      try {
        RushReport.Run run = new MorningRush.Rush(o).run(i);
        runs.add(run);
        System.out.println(RushReport.line(run));
      } catch (RuntimeException e) {
        // On a crowded machine a server can miss its start deadline: keep the other runs, and say so.
        System.out.println("run " + i + " failed: " + e.getMessage().lines().findFirst().orElse(""));
        failures.add(i + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    if (runs.isEmpty()) {
      System.err.println("no run completed");
      System.exit(1);
    }
    String report = RushReport.markdown(o, runs, failures);
    Files.createDirectories(o.out().toAbsolutePath().getParent());
    Files.writeString(o.out(), report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report);
    System.out.println("written to " + o.out().toAbsolutePath());
    System.exit(0); // the JDK HTTP client behind Api keeps non-daemon threads
  }

  /** A call-next answered with a ticket: which, at which counter, and when it was meant to go, went and came back. */
  record Call(String number, String counter, long intended, long answered, boolean measured) {}

  /** One run: its server, its clients, and everything it counts. */
  static final class Rush {
    private final Options o;
    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<WebSocketClient> wsClients = new ArrayList<>();
    private final AtomicInteger nextWsClient = new AtomicInteger();
    private final Histogram issueLatency = new SynchronizedHistogram(MAX_MICROS, 3);
    private final Histogram callLatency = new SynchronizedHistogram(MAX_MICROS, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong issuedInWindow = new AtomicLong();
    private final AtomicLong calledInWindow = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicLongArray issuedPerSecond;
    private final AtomicLong emptyCalls = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final List<RushSubscriber> phones = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Buffer[][] bodies;
    private volatile long measureFrom;
    private volatile long measureUntil;
    private int port;
    private HttpClientAgent kioskClient;
    private HttpClientAgent counterClient;
    private Map<String, String> tokens;

    Rush(Options o) {
      this.o = o;
      issuedPerSecond = new java.util.concurrent.atomic.AtomicLongArray(o.seconds());
      bodies = new Buffer[o.kiosks()][FIELDS.size()];
      for (int k = 0; k < o.kiosks(); k++) {
        for (int f = 0; f < FIELDS.size(); f++) {
          bodies[k][f] = new JsonObject().put("field", FIELDS.get(f)).put("kiosk", String.format("K%02d", k + 1)).toBuffer();
        }
      }
    }

    RushReport.Run run(int number) throws Exception {
      Path dir = Files.createTempDirectory("luot-rush-");
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"), o.serverJvm())) {
        port = server.port();
        tokens = counterTokens(server.api());
        for (int i = 0; i < o.clientLoops(); i++) {
          Vertx v = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
          vertxes.add(v);
          wsClients.add(v.createWebSocketClient(new WebSocketClientOptions()
              .setMaxConnections(o.screens() + o.phones() + 16).setMaxMessageSize(16 * 1024 * 1024)));
        }
        Vertx http = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        vertxes.add(http);
        HttpClientOptions local = new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(port).setKeepAlive(true);
        kioskClient = http.createHttpClient(local, new PoolOptions().setHttp1MaxSize(Math.max(8, o.kiosks())));
        counterClient = http.createHttpClient(local, new PoolOptions().setHttp1MaxSize(o.counters()));
        List<RushSubscriber> screens = connectScreens();

        AtomicLong rssMax = new AtomicLong();
        sampler.scheduleAtFixedRate(() -> rssMax.accumulateAndGet(IssueLoad.residentBytes(server.pid()), Math::max),
            0, 1, TimeUnit.SECONDS);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmup());
        measureUntil = measureFrom + TimeUnit.SECONDS.toNanos(o.seconds());
        Thread kiosks = schedule("rush-kiosks", () -> runKiosks(start));
        Thread counters = schedule("rush-counters", () -> runCounters(start));

        sleepUntil(measureFrom);
        double serverCpu0 = ServerProcess.cpuSeconds(server.pid());
        double ownCpu0 = ServerProcess.ownCpuSeconds();
        Map<String, long[]> sched0 = IssueLoad.schedStat(server.pid());
        sleepUntil(measureUntil);
        double serverCores = (ServerProcess.cpuSeconds(server.pid()) - serverCpu0) / o.seconds();
        double ownCores = (ServerProcess.ownCpuSeconds() - ownCpu0) / o.seconds();
        IssueLoad.Threads threads = IssueLoad.threads(sched0, IssueLoad.schedStat(server.pid()), o.seconds());
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long rssEnd = IssueLoad.residentBytes(server.pid());
        kiosks.join();
        counters.join();
        awaitQuiet(screens);
        sampler.shutdownNow();
        RushReport.Run run = figures(number, screens, serverCores, ownCores, loadAverage, Math.max(rssMax.get(), rssEnd),
            rssEnd, threads);
        // The server first: a client Vert.x closed with its WebSockets still open waits on each (TOOLCHAIN.md §1).
        // Its sockets then end with resets the client would log one by one: expected here, so not logged.
        java.util.logging.Logger.getLogger("io.vertx").setLevel(java.util.logging.Level.OFF);
        server.stop();
        warnings(dir.resolve("server.log"));
        return run;
      } finally {
        sampler.shutdownNow();
        for (Vertx v : vertxes) v.close().await(10, TimeUnit.SECONDS);
        IssueLoad.deleteTree(dir);
      }
    }

    /** The demo center's clerks 1…8 sign in; counters beyond them are added to the center and driven by the admin. */
    private Map<String, String> counterTokens(Api api) {
      Map<String, String> out = new java.util.LinkedHashMap<>();
      for (int c = 1; c <= Math.min(o.counters(), DEMO_COUNTERS); c++) out.put(String.valueOf(c), api.login("clerk" + c));
      if (o.counters() > DEMO_COUNTERS) {
        String admin = api.login("admin");
        JsonObject settings = new JsonObject(api.get(CENTER + "/settings", admin).body());
        settings.remove("center");
        settings.remove("name");
        settings.remove("seq");
        JsonArray counters = settings.getJsonArray("counters");
        for (int c = DEMO_COUNTERS + 1; c <= o.counters(); c++) {
          // Each added counter serves every field, starting from a different one, so the load spreads.
          List<String> fields = new ArrayList<>(FIELDS);
          java.util.Collections.rotate(fields, -(c % FIELDS.size()));
          counters.add(new JsonObject().put("id", String.valueOf(c)).put("name", "Quầy " + c).put("fields", new JsonArray(fields)));
          out.put(String.valueOf(c), admin);
        }
        var r = api.put(CENTER + "/settings", settings.encode(), admin);
        if (r.status() != 200) throw new IllegalStateException("adding counters: " + r.status() + " " + r.body());
      }
      return out;
    }

    private WebSocketClient nextWsClient() {
      return wsClients.get(Math.floorMod(nextWsClient.getAndIncrement(), wsClients.size()));
    }

    private List<RushSubscriber> connectScreens() throws Exception {
      List<RushSubscriber> screens = new ArrayList<>();
      for (int batch = 0; batch < o.screens(); batch += 100) {
        List<Future<RushSubscriber>> connecting = new ArrayList<>();
        for (int i = batch; i < Math.min(o.screens(), batch + 100); i++) connecting.add(RushSubscriber.screen(nextWsClient(), port));
        Future.all(connecting).await(60, TimeUnit.SECONDS);
        connecting.forEach(f -> screens.add(f.result()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (screens.stream().anyMatch(s -> s.firstSnapshotAt == 0) && System.nanoTime() < deadline) pause(50);
      return screens;
    }

    /** Kiosk i % K issues ticket i at start + i / rate, fields in turn. */
    private void runKiosks(long start) {
      int followed = 0;
      for (long i = 0; ; i++) {
        long intended = start + i * 1_000_000_000L / o.rate();
        if (intended >= measureUntil) return;
        sleepUntil(intended);
        boolean phone = followed < o.phones() && i % o.phoneEvery() == 0;
        if (phone) followed++;
        issue(i, intended, phone);
      }
    }

    private void issue(long i, long intended, boolean phone) {
      Buffer body = bodies[(int) (i % o.kiosks())][(int) ((i / o.kiosks()) % FIELDS.size())];
      inFlight.incrementAndGet();
      kioskClient.request(HttpMethod.POST, CENTER + "/tickets")
          // The body's handler is set in the same callback as the send: see ScreenFanout's call for why.
          .compose(req -> req.putHeader("Content-Type", "application/json").send(body).compose(resp -> resp.body().map(b -> {
            long now = System.nanoTime();
            boolean measured = intended >= measureFrom;
            if (resp.statusCode() == 201) {
              if (measured) issueLatency.recordValue(micros(now - intended));
              if (now >= measureFrom && now < measureUntil) {
                issuedInWindow.incrementAndGet();
                issuedPerSecond.incrementAndGet((int) ((now - measureFrom) / 1_000_000_000L));
              }
              if (phone) follow(new JsonObject(b));
            } else if (measured) {
              error("issue " + resp.statusCode());
            }
            return null;
          })))
          .onFailure(e -> {
            if (intended >= measureFrom) error("issue " + e.getClass().getSimpleName());
          })
          .onComplete(ar -> inFlight.decrementAndGet());
    }

    private void follow(JsonObject ticket) {
      RushSubscriber.phone(nextWsClient(), port, ticket.getString("number"), ticket.getString("trackToken"))
          .onSuccess(phones::add)
          .onFailure(e -> error("phone connect " + e.getClass().getSimpleName()));
    }

    /**
     * The counters' schedule: counter c calls next at start + (j + c / C) × period, and starts serving the called
     * citizen half a period later. One counter's commands go one after another, as a clerk's do; each is still
     * timed from its intended moment, so a slow answer shows as the latency of those that waited behind it.
     */
    private void runCounters(long start) {
      List<String> ids = new ArrayList<>(tokens.keySet());
      int n = ids.size();
      double perCounterPeriod = 1e9 * n / o.callRate();
      Future<?>[] tail = new Future<?>[n];
      boolean[] hasTicket = new boolean[n];
      java.util.Arrays.fill(tail, Future.succeededFuture());
      for (long slot = 0; ; slot++) {
        int c = (int) (slot % n);
        boolean call = (slot / n) % 2 == 0;
        long intended = start + (long) (slot * perCounterPeriod / (2 * n));
        if (intended >= measureUntil) return;
        sleepUntil(intended);
        String counter = ids.get(c);
        inFlight.incrementAndGet();
        if (call) {
          tail[c] = tail[c].transform(ar -> callNext(counter, intended).map(t -> hasTicket[c] = t));
        } else if (o.start()) {
          tail[c] = tail[c].transform(ar -> hasTicket[c] ? command(counter, "start", intended) : done());
        } else {
          inFlight.decrementAndGet();
        }
      }
    }

    private Future<Void> done() {
      inFlight.decrementAndGet();
      return Future.succeededFuture();
    }

    /** Whether the counter now has a ticket called. */
    private Future<Boolean> callNext(String counter, long intended) {
      return send(counter, "call-next", intended).map(answer -> {
        boolean measured = intended >= measureFrom;
        if (answer.status == 200) {
          JsonObject ticket = new JsonObject(answer.body);
          String number = ticket.getString("number");
          calls.put(RushSubscriber.key(number, counter), new Call(number, counter, intended, answer.at, measured));
          if (measured) callLatency.recordValue(micros(answer.at - intended));
          if (answer.at >= measureFrom && answer.at < measureUntil) calledInWindow.incrementAndGet();
          return true;
        }
        if (measured) {
          if (answer.status == 204) emptyCalls.incrementAndGet();
          else error("call-next " + answer.status);
        }
        return false;
      }).eventually(() -> done());
    }

    private Future<Void> command(String counter, String action, long intended) {
      return send(counter, action, intended).map(answer -> {
        if (answer.status != 200 && intended >= measureFrom) error(action + " " + answer.status);
        return (Void) null;
      }).eventually(() -> done());
    }

    private record Answer(int status, Buffer body, long at) {}

    private Future<Answer> send(String counter, String action, long intended) {
      return counterClient.request(HttpMethod.POST, CENTER + "/counters/" + counter + "/" + action)
          // The body's handler is set in the same callback as the send: see ScreenFanout's call for why.
          .compose(req -> req.putHeader("Authorization", "Bearer " + tokens.get(counter)).send()
              .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b, System.nanoTime()))))
          .recover(e -> {
            if (intended >= measureFrom) error(action + " " + e.getClass().getSimpleName());
            return Future.succeededFuture(new Answer(0, Buffer.buffer(), System.nanoTime()));
          });
    }

    private void error(String what) {
      errors.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    /** Waits for every request to be answered, then for every screen to have every measured call, while they land. */
    private void awaitQuiet(List<RushSubscriber> screens) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (inFlight.get() > 0 && System.nanoTime() < deadline) pause(50);
      // Open loop: what is still unanswered counts, so a server far behind cannot look better than one a little behind.
      if (inFlight.get() > 0) errors.computeIfAbsent("unanswered 60 s after the window", k -> new LongAdder()).add(inFlight.get());
      List<String> measured = calls.values().stream().filter(Call::measured).map(c -> RushSubscriber.key(c.number(), c.counter())).toList();
      // Messages still on their way count only once they land: wait while they keep landing (at most 60 s).
      long cap = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long landed = -1;
      long lastProgress = System.nanoTime();
      while (System.nanoTime() < cap && screens.stream().anyMatch(s -> !s.closed && !s.calledAt.keySet().containsAll(measured))) {
        long now = screens.stream().mapToLong(s -> s.calledAt.size()).sum();
        if (now != landed) {
          landed = now;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(5)) {
          break;
        }
        pause(100);
      }
    }

    private RushReport.Run figures(int number, List<RushSubscriber> screens, double serverCores, double ownCores,
                                   double loadAverage, long rssMax, long rssEnd, IssueLoad.Threads threads) {
      Histogram toScreen = new Histogram(MAX_MICROS, 3);
      Histogram afterAnswer = new Histogram(MAX_MICROS, 3);
      Histogram toPhone = new Histogram(MAX_MICROS, 3);
      List<Call> measured = calls.values().stream().filter(Call::measured).toList();
      long screenDelivered = 0;
      long resyncs = 0;
      long closed = 0;
      for (RushSubscriber s : screens) {
        resyncs += s.resyncs;
        if (s.closed) closed++;
        for (Call c : measured) {
          Long at = s.calledAt.get(RushSubscriber.key(c.number(), c.counter()));
          if (at == null) continue;
          screenDelivered++;
          toScreen.recordValue(micros(at - c.intended()));
          afterAnswer.recordValue(micros(at - c.answered()));
        }
      }
      long phoneExpected = 0;
      long phoneDelivered = 0;
      synchronized (phones) {
        for (RushSubscriber p : phones) {
          resyncs += p.resyncs;
          if (p.closed) closed++;
          for (Call c : measured) {
            if (!c.number().equals(p.number)) continue;
            Long at = p.calledAt.get(RushSubscriber.key(c.number(), c.counter()));
            // A phone whose snapshot came after the call already shows it called: it expects no message.
            if (at == null && (p.firstSnapshotAt == 0 || p.firstSnapshotAt > c.intended())) continue;
            phoneExpected++;
            if (at != null) {
              phoneDelivered++;
              toPhone.recordValue(micros(at - c.intended()));
            }
          }
        }
      }
      Map<String, Long> errorCounts = new java.util.TreeMap<>();
      errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
      return new RushReport.Run(number, o.rate(), issuedInWindow.get() / (double) o.seconds(),
          RushReport.Latency.of(issueLatency), calledInWindow.get() / (double) o.seconds(), emptyCalls.get(),
          RushReport.Latency.of(callLatency), RushReport.Latency.of(toScreen), RushReport.Latency.of(afterAnswer),
          screenDelivered, (long) measured.size() * screens.size(), RushReport.Latency.of(toPhone), phoneDelivered,
          phoneExpected, phones.size(), resyncs, closed, errorCounts, serverCores, threads, ownCores, rssMax, rssEnd, loadAverage,
          java.util.stream.IntStream.range(0, o.seconds()).mapToLong(issuedPerSecond::get).toArray());
    }
  }

  private static Thread schedule(String name, Runnable loop) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Anything the server logged above INFO, once per distinct message. */
  private static void warnings(Path log) throws java.io.IOException {
    Files.readAllLines(log).stream().filter(l -> l.contains(" WARNING ") || l.contains(" SEVERE "))
        .map(l -> l.length() > 20 ? l.substring(20) : l).distinct().limit(20)
        .forEach(l -> System.out.println("    server log: " + l));
  }

  private static long micros(long nanos) {
    return Math.min(MAX_MICROS, Math.max(0, nanos / 1_000));
  }

  private static void sleepUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static void pause(long millis) {
    sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
  }
}
