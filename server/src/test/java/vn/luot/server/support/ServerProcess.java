package vn.luot.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import vn.luot.server.Main;
import vn.luot.server.config.ServerConfig;

/**
 * A Lượt server in its own JVM, started the way an operator starts it ({@code java … Main --port N --data DIR}), so
 * a test can kill it with SIGKILL and a benchmark measures it apart from the load generator. Its output goes to a
 * log file; {@link #close()} always leaves no process behind.
 */
public final class ServerProcess implements AutoCloseable {
  /** How long a start may take before it counts as failed: a cold JVM on a busy two-core machine is slow. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** What {@link Process#exitValue()} reports on Linux for a process ended by signal 9: 128 + 9. */
  public static final int SIGKILL_EXIT = 137;
  private static final int START_ATTEMPTS = 3;
  /** Servers started by this JVM and not yet known dead: killed at JVM exit too, should a test run be cut short. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-luot-servers"));
  }

  private final Process process;
  private final int port;
  private final Path log;
  /** How it was started, so {@link #restart()} starts it again the same way. */
  private final Launch launch;

  /**
   * What a server is started with, besides its port. {@code program} is what follows the JVM options: the main class
   * with this JVM's classpath, or {@code -jar} and the packaged jar.
   */
  private record Launch(List<String> program, Path dataDir, Path log, List<String> jvmOptions, List<String> arguments,
                        Map<String, String> env) {}

  private ServerProcess(Process process, int port, Launch launch) {
    this.process = process;
    this.port = port;
    this.log = launch.log();
    this.launch = launch;
  }

  /**
   * Starts a server on a free port with the demo center and {@link TestServer#PASSWORD}, and returns once
   * {@code GET /health} answers 200. The log is appended to, so restarts on one log read in order.
   */
  public static ServerProcess start(Path dataDir, Path log, List<String> jvmOptions) {
    return start(dataDir, log, jvmOptions, List.of());
  }

  /** With more command-line arguments for the server (a config file, cluster options). */
  public static ServerProcess start(Path dataDir, Path log, List<String> jvmOptions, List<String> arguments) {
    return start(dataDir, log, jvmOptions, arguments, Map.of());
  }

  /** With more environment variables for the server, over the load-test limits (e.g. another LUOT_LIMITS_*). */
  public static ServerProcess start(Path dataDir, Path log, List<String> jvmOptions, List<String> arguments,
                                    Map<String, String> env) {
    Launch launch = new Launch(List.of("-cp", classpath(), Main.class.getName()), dataDir, log, List.copyOf(jvmOptions),
        List.copyOf(arguments), Map.copyOf(env));
    IllegalStateException last = null;
    // A free port found here can be taken by someone else before the child binds it; then try another.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      ServerProcess server = launch(launch, freePort());
      try {
        server.awaitHealthy();
        return server;
      } catch (IllegalStateException e) {
        server.close();
        last = e;
      }
    }
    throw last;
  }

  /**
   * Starts this server again, once it is gone, the same way and on the same port, as an operator's restart does:
   * clients that reconnect to the old address find it. Returns once it answers {@code GET /health}.
   */
  public ServerProcess restart() {
    if (process.isAlive()) throw new IllegalStateException("server pid " + pid() + " is still running");
    ServerProcess server = launch(launch, port);
    try {
      server.awaitHealthy();
      return server;
    } catch (IllegalStateException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Starts the packaged server as the README does ({@code java -jar luot-server.jar --port N --data DIR}) on a free
   * port, and returns at once: the caller times the start (bench/Footprint) and must see {@link #port()} answer.
   */
  public static ServerProcess launchJar(Path jar, Path dataDir, Path log, List<String> jvmOptions) {
    return launch(new Launch(List.of("-jar", jar.toAbsolutePath().toString()), dataDir, log, List.copyOf(jvmOptions),
        List.of(), Map.of()), freePort());
  }

  private static ServerProcess launch(Launch launch, int port) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launch.jvmOptions());
    command.addAll(launch.program());
    command.addAll(List.of("--port", String.valueOf(port), "--data", launch.dataDir().toAbsolutePath().toString()));
    command.addAll(launch.arguments());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
    Map<String, String> env = builder.environment();
    env.put(ServerConfig.ENV_DEMO_PASSWORD, TestServer.PASSWORD);
    // The command line names port and data; nothing from the caller's environment should compete with it.
    env.keySet().removeIf(name -> name.startsWith("LUOT_") && !name.equals(ServerConfig.ENV_DEMO_PASSWORD));
    env.putAll(TestServer.LOAD_TEST_LIMITS);
    env.putAll(launch.env());
    try {
      Process process = builder.start();
      LIVE.add(process);
      process.onExit().thenRun(() -> LIVE.remove(process));
      return new ServerProcess(process, port, launch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /**
   * The classpath of this JVM, for the child. Under Surefire that is {@code java.class.path} (possibly a
   * manifest-only jar naming the rest); under {@code exec:java} the project's classes sit in a URLClassLoader
   * instead, and {@code java.class.path} holds only Maven's own launcher.
   */
  static String classpath() {
    // Only the loader that defined this class: a parent may be Maven's own realm, which the server must not see.
    if (!(ServerProcess.class.getClassLoader() instanceof URLClassLoader urls)) {
      return System.getProperty("java.class.path");
    }
    List<String> entries = new ArrayList<>();
    for (URL url : urls.getURLs()) entries.add(path(url));
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static String path(URL url) {
    try {
      return Path.of(url.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("not a file URL on the classpath: " + url, e);
    }
  }

  public static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      probe.setReuseAddress(true);
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns once {@code GET /health} answers 200, polling; fails if the server exits or is not up in time. */
  public void awaitHealthy() {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + " before it was healthy:\n"
            + logTail());
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the server", e);
      }
      sleep(50);
    }
    throw new IllegalStateException("server not healthy within " + START_TIMEOUT + ":\n" + logTail());
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** The CPU time (user and system) process {@code pid} has used so far, in seconds; NaN where the OS does not tell. */
  public static double cpuSeconds(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /** The CPU time this JVM has used so far, in seconds; NaN where the JVM does not tell. */
  public static double ownCpuSeconds() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long nanos = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    return nanos < 0 ? Double.NaN : nanos / 1e9; // -1: not available on this platform
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Api api() {
    return new Api(port);
  }

  /**
   * Kills the server with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no close, no
   * flush. Returns the exit value once the process is gone.
   */
  public int kill() {
    process.destroyForcibly();
    return awaitExit();
  }

  /** Asks the server to stop (SIGTERM), as an operator would, and waits; kills it if it lingers. */
  public int stop() {
    process.destroy();
    try {
      if (process.waitFor(10, TimeUnit.SECONDS)) return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return kill();
  }

  private int awaitExit() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("server pid " + pid() + " did not exit");
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the server to exit", e);
    }
  }

  /** The last lines of the server's log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Leaves no process behind, whatever state the server is in. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
