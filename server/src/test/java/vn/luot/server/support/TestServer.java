package vn.luot.server.support;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import vn.luot.server.LuotServer;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.config.ServerConfig;

/**
 * A real Lượt server in this JVM: the demo center, port 0, a journal in the given folder. Demo password
 * {@link #PASSWORD}, chosen here through the environment map as an operator would.
 */
public final class TestServer implements AutoCloseable {
  public static final String PASSWORD = "test-password";

  private final LuotServer server;
  private final Path dataDir;

  private TestServer(LuotServer server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
  }

  public static TestServer start(Path dataDir) {
    return start(dataDir, Clock.systemUTC());
  }

  /**
   * Ticket issue limits for test servers: every test client, benchmark and simulated kiosk comes from 127.0.0.1
   * and many reuse one kiosk id, so the per-kiosk and per-address issue limits are raised here (as an operator
   * would for a load test) and only here; tests of the limits themselves set small ones. Login limits and the
   * WebSocket message size stay at their production defaults.
   */
  public static final Map<String, String> LOAD_TEST_LIMITS = Map.of(
      "LUOT_LIMITS_ISSUE_PER_KIOSK_PER_SECOND", "1000000", "LUOT_LIMITS_ISSUE_PER_KIOSK_BURST", "1000000",
      "LUOT_LIMITS_ISSUE_PER_ADDRESS_PER_SECOND", "1000000", "LUOT_LIMITS_ISSUE_PER_ADDRESS_BURST", "1000000",
      // Thousands of screens from one loopback address, for the reliability tests and benchmarks of issue 7.
      "LUOT_LIMITS_WEB_SOCKETS_PER_ADDRESS", "100000");

  /** The environment of a test server: the test password, the load-test issue limits, then {@code more}. */
  public static Map<String, String> env(Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(LOAD_TEST_LIMITS);
    env.put(ServerConfig.ENV_DEMO_PASSWORD, PASSWORD);
    env.putAll(more);
    return env;
  }

  public static TestServer start(Path dataDir, Clock clock) {
    ServerConfig config = ConfigLoader.load(null, env(Map.of()))
        .withPort(0).withDataDir(dataDir);
    return start(config, clock);
  }

  /** A single node whose journal is the PostgreSQL database at {@code postgresUrl} (no cluster, no hints). */
  public static TestServer startOnPostgres(String postgresUrl, Path dataDir) {
    return startOnPostgres(postgresUrl, dataDir, Clock.systemUTC());
  }

  public static TestServer startOnPostgres(String postgresUrl, Path dataDir, Clock clock) {
    ServerConfig config = ConfigLoader.load(null, env(Map.of(vn.luot.server.config.ClusterSettings.ENV_POSTGRES, postgresUrl)))
        .withPort(0).withDataDir(dataDir);
    return start(config, clock);
  }

  public static TestServer start(ServerConfig config, Clock clock) {
    try {
      return new TestServer(LuotServer.start(config, clock).await(30, TimeUnit.SECONDS), config.dataDir());
    } catch (Exception e) {
      throw new IllegalStateException("test server did not start", e);
    }
  }

  public int port() {
    return server.port();
  }

  /** The server's Vert.x, for a test that feeds its event bus directly. */
  public io.vertx.core.Vertx vertx() {
    return server.vertx();
  }

  public Path dataDir() {
    return dataDir;
  }

  public Api api() {
    return new Api(port());
  }

  @Override
  public void close() {
    try {
      server.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not stop", e);
    }
  }
}
