package vn.luot.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Logger;
import vn.luot.server.config.ConfigException;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.config.ServerConfig;

/**
 * {@code java -jar luot-server.jar [--port N] [--data DIR] [--config FILE]}: reads the configuration, starts the
 * server and says where it listens. Fails fast, with the reason, on a bad argument or configuration.
 */
public final class Main {
  static {
    // One line per log record, set before the first logger exists.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-7s %3$s - %5$s%6$s%n");
    }
    // Netty's buffer allocators raise JFR events when the JVM has JFR; the first buffer then sets up JFR's event
    // machinery, about 0.2 s on the first request after a start. Nobody records them unless asked to.
    if (System.getProperty("io.netty.jfr.enabled") == null) System.setProperty("io.netty.jfr.enabled", "false");
  }

  private static final Logger LOG = Logger.getLogger(Main.class.getName());
  /**
   * vertx-micrometer registers its "active connections" gauge once per HTTP server instance; Micrometer keeps the
   * first and logs a warning for the others at every start. The warning says nothing an operator can act on.
   */
  private static final Logger GAUGE_WARNINGS = quiet("io.micrometer.core.instrument.MeterRegistry");

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }
  static final String USAGE = """
      Lượt server — hệ thống xếp hàng, gọi số cho Trung tâm Hành chính công
      usage: java -jar luot-server.jar [--port N] [--data DIR] [--config FILE]
                 [--cluster --postgres URL --members HOST:PORT,… --cluster-host IP --cluster-port N]
             java -jar luot-server.jar hash-password     (reads a password on stdin, prints its Argon2 hash)
        --port N            HTTP port (default 8080; env LUOT_PORT)
        --data DIR          data folder for the SQLite journal (default ./data; env LUOT_DATA)
        --config FILE       YAML or JSON configuration (default: the demo center)
        --postgres URL      journal on PostgreSQL, postgresql://user:password@host:5432/db (env LUOT_POSTGRES)
        --cluster           one of several equal nodes on that PostgreSQL (env LUOT_CLUSTER=true)
        --members LIST      Hazelcast members to join, host:port,… (env LUOT_CLUSTER_MEMBERS)
        --cluster-host IP   interface for Hazelcast and the event bus (default 127.0.0.1; env LUOT_CLUSTER_HOST)
        --cluster-port N    Hazelcast port, next free up to +9 (default 5701; env LUOT_CLUSTER_PORT)
      """;

  private Main() {}

  public static void main(String[] args) {
    System.setProperty("vertx.disableDnsResolver", "true");
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (cli.help()) {
      System.out.print(USAGE);
      return;
    }
    if (cli.hashPassword()) {
      HashPassword.run();
      return;
    }
    ServerConfig config;
    try {
      config = ConfigLoader.load(cli.config(), System.getenv());
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (cli.port() != null) config = config.withPort(cli.port());
    if (cli.data() != null) config = config.withDataDir(cli.data());
    try {
      config = config.withCluster(cli.cluster(config.cluster()));
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    ServerConfig started = config;
    long t0 = System.nanoTime();
    LuotServer.start(started, Clock.systemUTC()).onSuccess(server -> {
      if (started.demoAccounts()) {
        LOG.warning("CẢNH BÁO / WARNING: demo accounts are active (admin, supervisor, clerk1…clerk8; password from "
            + ServerConfig.ENV_DEMO_PASSWORD + ", default '" + ServerConfig.DEFAULT_DEMO_PASSWORD
            + "'). Configure users before real use.");
      }
      // SIGTERM (systemd stop, Ctrl-C): finish what is in flight and close the journal cleanly.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("Lượt did not stop cleanly: " + e.getMessage());
        }
      }, "luot-shutdown"));
      System.out.printf("Lượt ready in %d ms: http://localhost:%d/ (%s)%n",
          (System.nanoTime() - t0) / 1_000_000, server.port(), started.cluster().onPostgres()
              ? (started.cluster().enabled() ? "cluster node, " : "") + "journal on "
                + vn.luot.server.journal.PostgresJournal.redacted(started.cluster().postgres())
              : "data in " + started.dataDir().toAbsolutePath());
    }).onFailure(e -> {
      System.err.println("Lượt could not start: " + e.getMessage());
      System.exit(1);
    });
  }

  /** The few arguments, read strictly: an unknown or incomplete one is an error, not ignored. */
  record CommandLine(Integer port, Path data, Path config, boolean help, boolean hashPassword, boolean cluster,
                     String postgres, String members, String clusterHost, Integer clusterPort) {
    /** The configured cluster settings with these arguments on top. */
    vn.luot.server.config.ClusterSettings cluster(vn.luot.server.config.ClusterSettings c) {
      if (postgres != null) c = c.withPostgres(postgres);
      if (cluster) c = c.withEnabled(true);
      if (members != null) c = c.withMembers(vn.luot.server.config.ClusterSettings.members(members));
      if (clusterHost != null) c = c.withHost(clusterHost);
      if (clusterPort != null) c = c.withPort(clusterPort);
      return c;
    }

    static CommandLine parse(String[] args) {
      Integer port = null;
      Path data = null;
      Path config = null;
      boolean help = false;
      boolean hash = false;
      boolean cluster = false;
      String postgres = null;
      String members = null;
      String clusterHost = null;
      Integer clusterPort = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--port" -> port = parsePort(value(args, ++i, a));
          case "--data" -> data = Path.of(value(args, ++i, a));
          case "--config" -> config = Path.of(value(args, ++i, a));
          case "--cluster" -> cluster = true;
          case "--postgres" -> postgres = value(args, ++i, a);
          case "--members" -> members = value(args, ++i, a);
          case "--cluster-host" -> clusterHost = value(args, ++i, a);
          case "--cluster-port" -> clusterPort = parsePort(value(args, ++i, a));
          case "-h", "--help" -> help = true;
          case "hash-password" -> hash = true;
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      return new CommandLine(port, data, config, help, hash, cluster, postgres, members, clusterHost, clusterPort);
    }

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
      return args[i];
    }

    private static int parsePort(String s) {
      try {
        int p = Integer.parseInt(s);
        if (p < 0 || p > 65535) throw new NumberFormatException();
        return p;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--port must be 0..65535, not " + s);
      }
    }
  }
}
