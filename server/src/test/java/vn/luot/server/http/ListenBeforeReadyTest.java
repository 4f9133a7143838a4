package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.LuotServer;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.config.ServerConfig;
import vn.luot.server.journal.SqliteJournal;
import vn.luot.server.support.TestServer;

/**
 * The server listens before its journal is open and its engines run; what comes in meanwhile waits and is served
 * once it is ready, instead of being refused (after a restart, screens and kiosks then do not wait out a backoff).
 * The journal is held back here by another connection's exclusive lock on the database file.
 */
@DisplayName("Requests that come while the server is still starting wait for it")
class ListenBeforeReadyTest {
  @TempDir Path data;

  @Test
  @DisplayName("A request sent while the journal cannot open yet is answered once it has")
  void heldUntilReady() throws Exception {
    int port = freePort();
    Connection lock = lockDatabase();
    Future<LuotServer> starting = LuotServer.start(config(port), Clock.systemUTC());
    LuotServer server = null;
    try {
      CompletableFuture<HttpResponse<String>> health = sendWhenListening(port, "/health");
      Thread.sleep(700);
      assertFalse(starting.isComplete(), "the start waits for the journal");
      assertFalse(health.isDone(), "nothing is answered before the journal is open");

      lock.close();
      HttpResponse<String> answer = health.get(20, TimeUnit.SECONDS);
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"status\":\"UP\""), answer.body());
      server = starting.await(20, TimeUnit.SECONDS);
      assertEquals(port, server.port());
    } finally {
      if (!lock.isClosed()) lock.close();
      if (server == null && starting.isComplete() && starting.succeeded()) server = starting.result();
      if (server != null) server.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("If the start fails after all, the requests held meanwhile get a 503, not silence")
  void heldThenRefusedWhenTheStartFails() throws Exception {
    int port = freePort();
    try (Connection lock = lockDatabase()) {
      // Held past the journal's busy timeout (5 s): the journal cannot open, and the start fails.
      Future<LuotServer> starting = LuotServer.start(config(port), Clock.systemUTC());
      CompletableFuture<HttpResponse<String>> health = sendWhenListening(port, "/health");
      HttpResponse<String> answer = health.get(30, TimeUnit.SECONDS);
      assertEquals(503, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"code\":\"SERVICE_UNAVAILABLE\""), answer.body());
      assertTrue(answer.body().contains("thử lại"), "Vietnamese first: " + answer.body());
      try {
        starting.await(30, TimeUnit.SECONDS);
        throw new AssertionError("the start should have failed");
      } catch (Exception expected) {
        assertTrue(starting.failed(), "the start failed: " + expected);
      }
    }
  }

  /** Another connection's exclusive lock on the journal's database file, held until it is closed. */
  private Connection lockDatabase() throws Exception {
    Files.createDirectories(data);
    Connection lock = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteJournal.FILE_NAME));
    try (Statement st = lock.createStatement()) {
      // In exclusive locking mode the lock taken by BEGIN EXCLUSIVE stays after the rollback, until the close.
      st.execute("PRAGMA locking_mode = EXCLUSIVE");
      st.execute("BEGIN EXCLUSIVE");
      st.execute("ROLLBACK");
    }
    return lock;
  }

  private ServerConfig config(int port) {
    return ConfigLoader.load(null, TestServer.env(Map.of())).withPort(port).withDataDir(data);
  }

  /** Connects as soon as the port accepts, then sends {@code GET path} on a fresh connection. */
  private static CompletableFuture<HttpResponse<String>> sendWhenListening(int port, String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (ConnectException notYet) {
        if (System.nanoTime() > deadline) throw new AssertionError("the port did not open within 20 s");
        Thread.sleep(20);
      }
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
