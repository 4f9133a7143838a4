package vn.luot.server.support;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import vn.luot.server.LuotServer;
import vn.luot.server.auth.PasswordHasher;
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

  public static TestServer start(Path dataDir, Clock clock) {
    ServerConfig config = ConfigLoader.load(null, Map.of(ServerConfig.ENV_DEMO_PASSWORD, PASSWORD), new PasswordHasher())
        .withPort(0).withDataDir(dataDir);
    return start(config, clock);
  }

  /** A single node whose journal is the PostgreSQL database at {@code postgresUrl} (no cluster, no hints). */
  public static TestServer startOnPostgres(String postgresUrl, Path dataDir) {
    return startOnPostgres(postgresUrl, dataDir, Clock.systemUTC());
  }

  public static TestServer startOnPostgres(String postgresUrl, Path dataDir, Clock clock) {
    ServerConfig config = ConfigLoader.load(null, Map.of(ServerConfig.ENV_DEMO_PASSWORD, PASSWORD,
        vn.luot.server.config.ClusterSettings.ENV_POSTGRES, postgresUrl), new PasswordHasher())
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
