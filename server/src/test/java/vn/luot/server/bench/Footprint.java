package vn.luot.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.luot.server.support.Api;
import vn.luot.server.support.ServerProcess;

/**
 * What the packaged server costs to start and to keep (issue 7): for each round, on a fresh data folder,
 * <ol>
 *   <li>start-up: from launching {@code java -jar server/target/luot-server.jar --port P --data DIR} to the first 200
 *       of {@code GET /health} (polled every 10 ms) and to the server's "ready" line;</li>
 *   <li>idle: resident memory (VmRSS) after {@code --idle} seconds, with the heap, non-heap and direct memory the
 *       server's own {@code /metrics} reports, so the reader sees where the memory goes;</li>
 *   <li>{@code --screens} idle lobby WebSockets ({@code /ws/centers/default}), each counted once its snapshot came:
 *       resident memory once all are in and after {@code --hold} seconds; then one ticket is issued and called, and
 *       the bench counts the screens the call reached and how long after the clerk's answer.</li>
 * </ol>
 * Prints each round and a Markdown table with medians, written to {@code server/target/bench/Footprint.md}.
 *
 * <pre>{@code mvn -q -pl server -am package -DskipTests && mvn -q -pl server -am process-test-classes -Pbench \
 *   -Dbench.main=vn.luot.server.bench.Footprint -Dbench.args="--rounds 5 --screens 10000"}</pre>
 */
public final class Footprint {
  private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");
  private static final long POLL_MS = 10;
  /** Far above the 3 s target: on a crowded machine a start can take this long, and it is still worth a figure. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final int CONNECTING_AT_ONCE = 500;
  private static final double MIB = 1024 * 1024;

  /**
   * @param deflate whether screens offer permessage-deflate, as browsers do
   * @param jar     the server jar, {@code server/target/luot-server.jar} unless another build is to be compared
   */
  record Options(int rounds, int idleSeconds, int screens, int holdSeconds, boolean deflate, List<String> serverJvm,
                 Path jar, Path out) {
    static Options parse(String[] args) {
      Map<String, String> v = new LinkedHashMap<>(Map.of("rounds", "5", "idle", "10", "screens", "10000", "hold", "30",
          "deflate", "true", "server-jvm", "", "jar", ServerTarget.serverJar().toString(),
          "out", ServerTarget.benchFile("Footprint.md").toString()));
      for (int i = 0; i < args.length; i += 2) {
        String key = args[i].replaceFirst("^--", "");
        if (!v.containsKey(key) || i + 1 >= args.length) {
          throw new IllegalArgumentException("bad argument " + args[i] + "; known, each with a value: --" + String.join(" --", v.keySet()));
        }
        v.put(key, args[i + 1]);
      }
      String jvm = v.get("server-jvm").trim();
      return new Options(Integer.parseInt(v.get("rounds")), Integer.parseInt(v.get("idle")),
          Integer.parseInt(v.get("screens")), Integer.parseInt(v.get("hold")), Boolean.parseBoolean(v.get("deflate")),
          jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+")), Path.of(v.get("jar")), Path.of(v.get("out")));
    }
  }

  /** Memory as the kernel and the JVM see it, in bytes. */
  record Memory(long resident, double heapUsed, double heapCommitted, double nonHeapUsed, double direct, double threads) {
    String describe() {
      return String.format(Locale.ROOT, "RSS %.0f MiB (heap %.0f of %.0f MiB committed, non-heap %.0f MiB, direct "
          + "buffers %.0f MiB, %.0f threads)", resident / MIB, heapUsed / MIB, heapCommitted / MIB, nonHeapUsed / MIB,
          direct / MIB, threads);
    }
  }

  /** A round's figures; times in ms. {@code held} and {@code reached} are absent (NaN, 0) with {@code --screens 0}. */
  record Round(int number, double healthMs, double readyLineMs, double selfReportedMs, double startCpuSeconds,
               Memory idle, int connected,
               double connectSeconds, Memory allIn, Memory held, double liveHeap, int reached, double reachP50Ms,
               double reachMaxMs, double loadAverage) {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path jar = o.jar;
    if (!Files.isRegularFile(jar)) {
      fail("no " + jar + ": build it first with\n  mvn -q -pl server -am package -DskipTests");
    }
    long needed = o.screens + 200L;
    long own = openFilesLimit(ProcessHandle.current().pid());
    if (own >= 0 && own < needed) {
      fail("this JVM may open " + own + " files, and " + o.screens + " screens need about " + needed
          + ": raise it (ulimit -n " + needed + ") or ask for fewer --screens");
    }
    System.out.printf(Locale.ROOT, "Footprint: %s (%s), %d round(s), idle %d s, %,d screens held %d s; %d cores, Java %s,"
            + " load average %.1f%n", jar, Instant.ofEpochMilli(Files.getLastModifiedTime(jar).toMillis()), o.rounds,
        o.idleSeconds, o.screens, o.holdSeconds, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), loadAverage());
    List<Round> rounds = new ArrayList<>();
    for (int r = 1; r <= o.rounds; r++) {
      Round round = round(r, jar, o, needed);
      rounds.add(round);
      System.out.println(line(round));
    }
    String report = report(o, rounds);
    Files.writeString(o.out, report);
    System.out.println(report);
    System.out.println("written to " + o.out);
    System.exit(0); // client Vert.x threads are not daemons
  }

  private static Round round(int number, Path jar, Options o, long needed) throws Exception {
    Path data = Files.createTempDirectory("luot-footprint");
    Path log = o.out.resolveSibling("Footprint-round" + number + ".log");
    Files.deleteIfExists(log);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    long t0 = System.nanoTime();
    try (ServerProcess server = ServerProcess.launchJar(jar, data, log, o.serverJvm)) {
      double[] start = awaitStart(server, http, log, t0);
      long serverFiles = openFilesLimit(server.pid());
      if (serverFiles >= 0 && serverFiles < needed) {
        fail("the server may open " + serverFiles + " files, and " + o.screens + " screens need about " + needed
            + ": raise its limit (ulimit -n, LimitNOFILE= in systemd)");
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(o.idleSeconds));
      Memory idle = memory(server, http, "idle");
      Round round = new Round(number, start[0], start[1], start[2], start[3], idle, 0, Double.NaN, null, null, Double.NaN, 0,
          Double.NaN, Double.NaN, loadAverage());
      if (o.screens > 0) round = withScreens(round, server, http, o);
      server.stop();
      return round;
    } finally {
      IssueLoad.deleteTree(data);
    }
  }

  /**
   * Polls every 10 ms; returns ms from launch to the first 200 of /health, to the "ready" line, the server's own
   * figure, and the CPU seconds the server had used at its first 200 (what a crowded machine changes least).
   */
  private static double[] awaitStart(ServerProcess server, HttpClient http, Path log, long t0) throws Exception {
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    double healthy = Double.NaN;
    double readyLine = Double.NaN;
    double selfReported = Double.NaN;
    double cpu = Double.NaN;
    long deadline = t0 + START_TIMEOUT.toNanos();
    while (Double.isNaN(healthy) || Double.isNaN(readyLine)) {
      if (System.nanoTime() > deadline) fail("server not ready within " + START_TIMEOUT + ":\n" + server.logTail());
      if (!server.isAlive()) fail("server exited before it was ready:\n" + server.logTail());
      if (Double.isNaN(readyLine) && Files.exists(log)) {
        Matcher m = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
        if (m.find()) {
          readyLine = msSince(t0);
          selfReported = Integer.parseInt(m.group(1));
        }
      }
      if (Double.isNaN(healthy)) {
        try {
          if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            healthy = msSince(t0);
            cpu = ServerProcess.cpuSeconds(server.pid());
            System.out.println("  CPU by thread at start: " + busiestThreads(server.pid()));
          }
        } catch (IOException notListening) {
          // not yet
        }
      }
      Thread.sleep(POLL_MS);
    }
    return new double[] {healthy, readyLine, selfReported, cpu};
  }

  /** Connects the screens, holds them, then checks that a call still reaches every one. */
  private static Round withScreens(Round idle, ServerProcess server, HttpClient http, Options o) throws Exception {
    List<Vertx> clients = new ArrayList<>();
    // Held to the end and closed there: Vert.x closes a client the garbage collector finds unreachable, with its
    // WebSockets, 30 s later (see ScreenFanout).
    List<WebSocketClient> ws = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) clients.add(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)));
      for (Vertx v : clients) {
        ws.add(v.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(o.screens)
            .setTryUsePerMessageCompression(o.deflate)));
      }
      List<ScreenFanout.Screen> screens = new ArrayList<>();
      // The ticket the screens will see called at the end, issued before they connect.
      String number = server.api().issue("DD").getString("number");
      long c0 = System.nanoTime();
      for (int from = 0; from < o.screens; from += CONNECTING_AT_ONCE) {
        List<Future<?>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(o.screens, from + CONNECTING_AT_ONCE); i++) {
          ScreenFanout.Screen s = new ScreenFanout.Screen(Map.of(number, 0));
          screens.add(s);
          batch.add(s.connect(ws.get(i % ws.size()), server.port()));
        }
        for (Future<?> f : batch) {
          try {
            f.await(30, TimeUnit.SECONDS);
          } catch (Exception refused) {
            System.out.println("  a screen could not connect: " + refused.getMessage());
          }
        }
      }
      long snapshotDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (count(screens) < screens.size() && System.nanoTime() < snapshotDeadline) Thread.sleep(50);
      int connected = count(screens);
      double connectSeconds = (System.nanoTime() - c0) / 1e9;
      Memory allIn = memory(server, http, "all screens in");
      Thread.sleep(TimeUnit.SECONDS.toMillis(o.holdSeconds));
      Memory held = memory(server, http, "held " + o.holdSeconds + " s");
      if (o.serverJvm.stream().anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking="))) {
        Files.writeString(o.out.resolveSibling("Footprint-round" + idle.number() + "-nmt.txt"),
            jcmd(server.pid(), "VM.native_memory", "summary"));
      }
      // What the screens really keep on the heap, garbage aside (after the RSS figures, which it would disturb).
      jcmd(server.pid(), "GC.run");
      double liveHeap = memory(server, http, "after a full GC").heapUsed();
      double[] reach = callReaches(server.api(), screens, number);
      return new Round(idle.number(), idle.healthMs(), idle.readyLineMs(), idle.selfReportedMs(),
          idle.startCpuSeconds(), idle.idle(), connected,
          connectSeconds, allIn, held, liveHeap, (int) reach[0], reach[1], reach[2], loadAverage());
    } finally {
      // The server first (the caller stops it): a client Vert.x closed with WebSockets open lingers (TOOLCHAIN §1).
      server.stop();
      for (WebSocketClient c : ws) c.close().await(30, TimeUnit.SECONDS);
      for (Vertx v : clients) v.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static int count(List<ScreenFanout.Screen> screens) {
    int n = 0;
    for (ScreenFanout.Screen s : screens) if (s.snapshotSeen) n++;
    return n;
  }

  /**
   * Calls the ticket {@code number} at counter 1; returns the screens reached, then p50 and max ms from sending the
   * call-next request (the server publishes the call as soon as it is durable, often before its HTTP answer arrives).
   */
  private static double[] callReaches(Api api, List<ScreenFanout.Screen> screens, String number)
      throws InterruptedException {
    String token = api.login("clerk1");
    long sent = System.nanoTime();
    Api.Response called = api.counter("1", "call-next", token);
    if (called.status() != 200) fail("call-next answered " + called.status() + " " + called.body());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int reached = 0;
    while (System.nanoTime() < deadline) {
      reached = 0;
      for (ScreenFanout.Screen s : screens) if (s.arrived(number)) reached++;
      if (reached == screens.size()) break;
      Thread.sleep(20);
    }
    double[] ms = screens.stream().filter(s -> s.arrived(number))
        .mapToDouble(s -> (s.arrivedAt(number) - sent) / 1e6).sorted().toArray();
    if (ms.length == 0) return new double[] {0, Double.NaN, Double.NaN};
    return new double[] {reached, ms[ms.length / 2], ms[ms.length - 1]};
  }

  /** Resident memory from /proc, and the JVM's own view from the server's /metrics. */
  private static Memory memory(ServerProcess server, HttpClient http, String when) throws Exception {
    long rss = IssueLoad.residentBytes(server.pid());
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    Memory m = new Memory(rss, sum(metrics, "jvm_memory_used_bytes{", "area=\"heap\""),
        sum(metrics, "jvm_memory_committed_bytes{", "area=\"heap\""),
        sum(metrics, "jvm_memory_used_bytes{", "area=\"nonheap\""),
        sum(metrics, "jvm_buffer_memory_used_bytes{", "id=\"direct\""),
        sum(metrics, "jvm_threads_live_threads", ""));
    System.out.println("  " + when + ": " + m.describe());
    return m;
  }

  /** The sum of the samples of one Prometheus metric whose labels contain {@code label}. */
  static double sum(String metrics, String prefix, String label) {
    double total = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith(prefix) && line.contains(label)) total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    return total;
  }

  /** The threads that ran longest so far, as "name seconds", for where start-up time goes (JIT, class loading…). */
  static String busiestThreads(long pid) {
    Map<String, Double> byName = new java.util.TreeMap<>();
    // Threads of one kind (C2 compilers, GC workers…) are added up under their name without its number.
    IssueLoad.schedStat(pid).forEach((thread, ns) -> byName.merge(
        thread.substring(thread.indexOf(' ') + 1).replaceAll("[0-9#-]+$", "").trim(), ns[0] / 1e9, Double::sum));
    return byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
        .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Runs {@code jcmd PID COMMAND…} of this JDK and returns what it printed. */
  static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(pid)));
    line.addAll(List.of(command));
    Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException(String.join(" ", line) + " failed: " + out);
    return out;
  }

  /** The soft "Max open files" of a process, or -1 when /proc does not say. */
  static long openFilesLimit(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double msSince(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void fail(String message) {
    System.err.println("Footprint: " + message);
    System.exit(1);
  }

  // ---- reporting ----

  private static String line(Round r) {
    return String.format(Locale.ROOT, "round %d: /health 200 after %.0f ms, ready line after %.0f ms (server says %.0f ms), %.2f s of CPU;"
            + " idle %s; %,d screens in %.1f s; %s; reached %,d, p50 %.1f ms, max %.1f ms; load average %.1f",
        r.number(), r.healthMs(), r.readyLineMs(), r.selfReportedMs(), r.startCpuSeconds(), r.idle().describe(), r.connected(),
        r.connectSeconds(), r.held() == null ? "no screens" : "held: " + r.held().describe(), r.reached(),
        r.reachP50Ms(), r.reachMaxMs(), r.loadAverage());
  }

  static String report(Options o, List<Round> rounds) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Footprint of %s, %d round(s), idle %d s, %,d screens "
        + "(permessage-deflate %s) held %d s, server JVM options: %s%n%n", o.jar, rounds.size(), o.idleSeconds, o.screens,
        o.deflate ? "offered" : "not offered", o.holdSeconds,
        o.serverJvm.isEmpty() ? "none" : String.join(" ", o.serverJvm)));
    b.append("| round | /health 200 ms | ready line ms | CPU s at start | idle RSS MiB | idle heap used / committed MiB | idle non-heap MiB "
        + "| screens with snapshot | connect s | RSS all in MiB | RSS held MiB | held heap used / committed MiB "
        + "| live heap after GC MiB | held direct MiB | call reached | call to screen p50 / max ms | load avg |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Round r : rounds) b.append(row(String.valueOf(r.number()), List.of(r)));
    b.append(row("**median**", rounds));
    return b.toString();
  }

  /** One table row: a round's figures, or each column's median over several rounds. */
  private static String row(String name, List<Round> rs) {
    ToDoubleFunction<Round> idleRss = r -> r.idle().resident() / MIB;
    return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.0f / %.0f | %.0f | %,.0f | %.1f | %.0f | %.0f "
            + "| %.0f / %.0f | %.0f | %.0f | %,.0f | %.1f / %.1f | %.1f |%n", name,
        IssueLoad.median(rs, Round::healthMs), IssueLoad.median(rs, Round::readyLineMs),
        IssueLoad.median(rs, Round::startCpuSeconds), IssueLoad.median(rs, idleRss),
        IssueLoad.median(rs, r -> r.idle().heapUsed() / MIB), IssueLoad.median(rs, r -> r.idle().heapCommitted() / MIB),
        IssueLoad.median(rs, r -> r.idle().nonHeapUsed() / MIB), IssueLoad.median(rs, Round::connected),
        IssueLoad.median(rs, Round::connectSeconds), IssueLoad.median(rs, r -> held(r.allIn(), Memory::resident)),
        IssueLoad.median(rs, r -> held(r.held(), Memory::resident)), IssueLoad.median(rs, r -> held(r.held(), m -> m.heapUsed())),
        IssueLoad.median(rs, r -> held(r.held(), m -> m.heapCommitted())), IssueLoad.median(rs, r -> r.liveHeap() / MIB),
        IssueLoad.median(rs, r -> held(r.held(), m -> m.direct())),
        IssueLoad.median(rs, Round::reached), IssueLoad.median(rs, Round::reachP50Ms), IssueLoad.median(rs, Round::reachMaxMs),
        IssueLoad.median(rs, Round::loadAverage));
  }

  private static double held(Memory m, ToDoubleFunction<Memory> column) {
    return m == null ? Double.NaN : column.applyAsDouble(m) / MIB;
  }
}
