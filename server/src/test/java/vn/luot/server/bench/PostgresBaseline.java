package vn.luot.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import vn.luot.server.support.ServerProcess;

/**
 * The hand-built alternative of issue 7: a throwaway Debian PostgreSQL (fsync and synchronous_commit on) on a loopback
 * port, K clients each in a loop {@code INSERT … nextval() … RETURNING number} with {@code pg_notify} in the same
 * statement (so the notification leaves at commit), and S connections on {@code LISTEN tickets}. The payload carries
 * the client's send time, so notify latency is "issue request sent → listener has the ticket".
 */
final class PostgresBaseline {
  private static final String ISSUE = "WITH t AS (INSERT INTO tickets(center, day, field, number) "
      + "VALUES ('default', current_date, ?, nextval('ticket_number')) RETURNING number) "
      + "SELECT number, pg_notify('tickets', number || ':' || ?) FROM t";
  private static final String[] FIELDS = {"DD", "HT", "CT", "KD", "XD", "LD"};

  private final Baselines.Options options;
  private final Path bin;

  PostgresBaseline(Baselines.Options options) {
    this.options = options;
    this.bin = Path.of(options.pgBin());
  }

  void checkInstalled() {
    for (String tool : List.of("initdb", "pg_ctl")) {
      if (!Files.isExecutable(bin.resolve(tool))) {
        throw new IllegalStateException("PostgreSQL's " + tool + " is not in " + bin + ": install the Debian package "
            + "postgresql (apt-get install -y postgresql), or give its bin folder with --pg-bin DIR");
      }
    }
  }

  /** What to measure on a fresh server, given its JDBC URL. */
  @FunctionalInterface
  private interface Measurement<T> {
    /** @param serverCpu the CPU seconds so far of the postmaster and every backend and helper it started */
    T on(String url, DoubleSupplier serverCpu) throws Exception;
  }

  /** The closed loop: {@code --clients} connections issuing back to back, {@code --listeners} LISTENing. */
  Baselines.Result run() throws Exception {
    return withServer(options.clients() + options.listeners(), (url, serverCpu) -> measure(url));
  }

  /**
   * The open loop: {@code rate} issues per second over {@code connections} connections (a request waits for a free
   * connection, its latency counted from its intended time), and {@code listeners} connections on LISTEN, each with
   * its own thread, as a screen server per connection would have.
   */
  Baselines.Open open(double rate, int connections, int listeners) throws Exception {
    return withServer(connections + listeners, (url, serverCpu) -> openLoop(url, serverCpu, rate, connections,
        listeners));
  }

  private <T> T withServer(int connections, Measurement<T> measurement) throws Exception {
    Path dir = Files.createTempDirectory("luot-pg-baseline-");
    Path data = dir.resolve("data");
    Path log = dir.resolve("postgres.log");
    int port = Baselines.freeLoopbackPort();
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) Baselines.exec(List.of("chown", "postgres:", dir.toString()), dir.resolve("setup.log"));
    boolean started = false;
    try {
      Baselines.exec(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "bench",
          "--auth=trust", "-E", "UTF8", "--no-locale"), dir.resolve("initdb.log"));
      Baselines.exec(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(),
          "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=on"
              + " -c synchronous_commit=on -c max_connections=" + (connections + 10),
          "start"), dir.resolve("pg_ctl.log"));
      started = true;
      String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=bench";
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("CREATE SEQUENCE ticket_number");
        s.execute("CREATE TABLE tickets(id bigserial PRIMARY KEY, center text NOT NULL, day date NOT NULL, "
            + "field text NOT NULL, number bigint NOT NULL, issued_at timestamptz NOT NULL DEFAULT now(), "
            + "UNIQUE (center, day, number))");
      }
      long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
      return measurement.on(url, () -> cpuSeconds(postmaster));
    } finally {
      if (started) {
        try {
          Baselines.exec(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
              "stop"), dir.resolve("pg_ctl.log"));
        } catch (RuntimeException e) {
          System.err.println("PostgreSQL did not stop: " + e.getMessage());
        }
      }
      IssueLoad.deleteTree(dir);
    }
  }

  /** initdb and the server refuse to run as root: run them as Debian's postgres user then. */
  private static List<String> asPostgres(boolean root, String... command) {
    List<String> out = new ArrayList<>();
    if (root) out.addAll(List.of("runuser", "-u", "postgres", "--"));
    out.addAll(List.of(command));
    return out;
  }

  private Baselines.Result measure(String url) throws Exception {
    List<Connection> connections = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < options.listeners(); i++) {
        Connection c = DriverManager.getConnection(url);
        connections.add(c);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN tickets");
        }
      }
      for (int i = 0; i < options.clients(); i++) connections.add(DriverManager.getConnection(url));
      Baselines.Window window = new Baselines.Window(options);
      for (int i = 0; i < options.listeners(); i++) {
        PGConnection listener = connections.get(i).unwrap(PGConnection.class);
        threads.add(started(new Thread(() -> listen(listener, window), "pg-listener-" + i)));
      }
      for (int i = 0; i < options.clients(); i++) {
        Connection c = connections.get(options.listeners() + i);
        int kiosk = i;
        threads.add(started(new Thread(() -> issue(c, kiosk, window), "pg-client-" + i)));
      }
      window.sleepUntilEnd();
      for (Thread t : threads) t.join(30_000);
      return window.result("PostgreSQL nextval + NOTIFY (fsync on)");
    } finally {
      for (Connection c : connections) c.close();
    }
  }

  /**
   * The CPU seconds of a process and all its descendants (PostgreSQL runs a process per connection). One that ends
   * between the listing and the reading (an autovacuum worker, say) counts nothing rather than making the sum NaN.
   */
  private static double cpuSeconds(long pid) {
    return ProcessHandle.of(pid).stream().flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p),
        p.descendants())).mapToDouble(p -> ServerProcess.cpuSeconds(p.pid())).filter(s -> !Double.isNaN(s)).sum();
  }

  private Baselines.Open openLoop(String url, DoubleSupplier serverCpu, double rate, int connections, int listeners)
      throws Exception {
    List<Connection> opened = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService connecting = Executors.newFixedThreadPool(8);
    try {
      List<Future<Connection>> listening = new ArrayList<>();
      for (int i = 0; i < listeners; i++) {
        listening.add(connecting.submit(() -> {
          Connection c = DriverManager.getConnection(url);
          opened.add(c);
          try (Statement s = c.createStatement()) {
            s.execute("LISTEN tickets");
          }
          return c;
        }));
      }
      List<PGConnection> listenerConnections = new ArrayList<>();
      for (var f : listening) listenerConnections.add(f.get().unwrap(PGConnection.class));
      List<Connection> clients = new ArrayList<>();
      for (int i = 0; i < connections; i++) clients.add(DriverManager.getConnection(url));
      opened.addAll(clients);
      OpenLoop loop = new OpenLoop(rate, options.warmupSeconds(), options.seconds(), serverCpu);
      for (int i = 0; i < listenerConnections.size(); i++) {
        PGConnection l = listenerConnections.get(i);
        // Small stacks: a thousand threads that only wait on a socket.
        threads.add(started(new Thread(null, () -> listen(l, loop, stop), "pg-listener-" + i, 256 * 1024)));
      }
      BlockingQueue<Long> due = new LinkedBlockingQueue<>();
      for (int i = 0; i < connections; i++) {
        Connection c = clients.get(i);
        int kiosk = i;
        threads.add(started(new Thread(() -> issueWhenDue(c, kiosk, due, loop), "pg-client-" + i)));
      }
      loop.run(due::add);
      loop.awaitDeliveries(listeners);
      stop.set(true);
      for (int i = 0; i < connections; i++) due.add(Long.MIN_VALUE);
      for (Thread t : threads) t.join(30_000);
      return Baselines.Open.of("PostgreSQL nextval + NOTIFY (fsync on)", loop, listeners);
    } finally {
      connecting.shutdownNow();
      for (Connection c : opened) c.close();
    }
  }

  /** One open-loop connection: takes the next intended time (Long.MIN_VALUE: stop) and issues at once. */
  private static void issueWhenDue(Connection c, int kiosk, BlockingQueue<Long> due, OpenLoop loop) {
    try (PreparedStatement ps = c.prepareStatement(ISSUE)) {
      long n = kiosk;
      for (long intended; (intended = due.take()) != Long.MIN_VALUE; ) {
        ps.setString(1, FIELDS[(int) (n++ % FIELDS.length)]);
        ps.setString(2, Long.toString(intended));
        boolean ok;
        try (ResultSet rs = ps.executeQuery()) {
          ok = rs.next();
        } catch (SQLException e) {
          ok = false;
        }
        loop.answered(intended, ok);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void listen(PGConnection listener, OpenLoop loop, AtomicBoolean stop) {
    try {
      while (!stop.get()) {
        PGNotification[] got = listener.getNotifications(200);
        if (got == null) continue;
        for (PGNotification n : got) loop.delivered(sentNanos(n));
      }
    } catch (SQLException e) {
      if (!stop.get()) throw new IllegalStateException(e);
    }
  }

  /** The send time a notification carries: {@code "<number>:<nanoTime>"}. */
  private static long sentNanos(PGNotification n) {
    String payload = n.getParameter();
    return Long.parseLong(payload.substring(payload.indexOf(':') + 1));
  }

  private static Thread started(Thread t) {
    t.start();
    return t;
  }

  private static void issue(Connection c, int kiosk, Baselines.Window window) {
    try (PreparedStatement ps = c.prepareStatement(ISSUE)) {
      long n = kiosk;
      while (true) {
        long t0 = System.nanoTime();
        if (!window.open(t0)) return;
        ps.setString(1, FIELDS[(int) (n++ % FIELDS.length)]);
        ps.setString(2, Long.toString(t0));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) throw new SQLException("no number returned");
          window.issued(t0, System.nanoTime());
        } catch (SQLException e) {
          window.failed(System.nanoTime());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void listen(PGConnection listener, Baselines.Window window) {
    try {
      while (window.open(System.nanoTime())) {
        PGNotification[] got = listener.getNotifications(200);
        if (got == null) continue;
        long now = System.nanoTime();
        for (PGNotification n : got) window.notified(sentNanos(n), now);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
