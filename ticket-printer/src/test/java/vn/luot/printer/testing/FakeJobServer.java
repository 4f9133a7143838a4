package vn.luot.printer.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The server side of the print protocol, for agent tests: a real HTTP server on a free port serving
 * {@code /ws/centers/{center}/kiosks/{kiosk}/jobs}. Like the real server it keeps the jobs not yet acknowledged as
 * printed and sends them all on every connect; {@link #loseAcknowledgements} makes it forget "printed" messages, as
 * if they were lost on the way.
 */
public final class FakeJobServer implements AutoCloseable {
  private final Vertx vertx;
  private final String path;
  private final Map<String, JsonObject> unacknowledged = new LinkedHashMap<>();
  private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean loseAcknowledgements;
  private HttpServer server;
  private int port;

  private FakeJobServer(Vertx vertx, String center, String kiosk) {
    this.vertx = vertx;
    this.path = "/ws/centers/" + center + "/kiosks/" + kiosk + "/jobs";
  }

  public static FakeJobServer start(Vertx vertx, String center, String kiosk) {
    FakeJobServer s = new FakeJobServer(vertx, center, kiosk);
    s.listen(0);
    return s;
  }

  public String url() { return "http://127.0.0.1:" + port; }

  public int connections() { return connections.get(); }

  public FakeJobServer loseAcknowledgements(boolean lose) {
    loseAcknowledgements = lose;
    return this;
  }

  /** A ticket issued at the kiosk: remembered until printed, and sent to the agent if connected. */
  public synchronized void issue(JsonObject job) {
    unacknowledged.put(job.getString("jobId"), job);
    for (ServerWebSocket ws : sockets) ws.writeTextMessage(job.encode());
  }

  /** The next message from the agent that matches, skipping others; null after the timeout. */
  public JsonObject await(Predicate<JsonObject> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return null;
      JsonObject m = received.poll(left, TimeUnit.NANOSECONDS);
      if (m == null) return null;
      if (wanted.test(m)) return m;
    }
  }

  public static Predicate<JsonObject> type(String type) {
    return m -> type.equals(m.getString("type"));
  }

  public static Predicate<JsonObject> about(String type, String jobId) {
    return m -> type.equals(m.getString("type")) && jobId.equals(m.getString("jobId"));
  }

  /** Stops listening and drops every connection, as a server restart or a network cut does. */
  public void stop() {
    for (ServerWebSocket ws : sockets) FakePrinter.await(ws.close());
    FakePrinter.await(server.close());
  }

  /**
   * Listens again on the same port. The agent keeps connecting meanwhile, and the kernel may briefly hold the port
   * (a client that connects to a port nobody listens on can even be given that very port as its own), so binding is
   * retried for a little while.
   */
  public void restart() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        listen(port);
        return;
      } catch (IllegalStateException bindFailed) {
        if (System.nanoTime() > deadline) throw bindFailed;
        Thread.sleep(50);
      }
    }
  }

  @Override
  public void close() {
    if (server != null) stop();
  }

  private void listen(int wantedPort) {
    server = vertx.createHttpServer().webSocketHandler(this::accept).requestHandler(r -> r.response().setStatusCode(404).end());
    port = FakePrinter.await(server.listen(wantedPort, "127.0.0.1")).actualPort();
  }

  private void accept(ServerWebSocket ws) {
    if (!path.equals(ws.path())) {
      ws.close((short) 1008, "no such path");
      return;
    }
    connections.incrementAndGet();
    ws.closeHandler(v -> sockets.remove(ws));
    ws.textMessageHandler(text -> {
      JsonObject m = new JsonObject(text);
      synchronized (this) {
        if ("printed".equals(m.getString("type")) && !loseAcknowledgements) unacknowledged.remove(m.getString("jobId"));
      }
      received.add(m);
    });
    synchronized (this) {   // every job not yet printed, then new ones as they are issued
      sockets.add(ws);
      for (JsonObject job : unacknowledged.values()) ws.writeTextMessage(job.encode());
    }
  }

  /** A job message as the protocol defines it. */
  public static JsonObject job(String jobId, String number, String fieldName, String trackToken) {
    return new JsonObject()
        .put("type", "job")
        .put("jobId", jobId)
        .put("center", new JsonObject().put("id", "default").put("name", "Trung tâm Phục vụ Hành chính công TP Thanh Hóa"))
        .put("ticket", new JsonObject()
            .put("id", jobId.substring(0, jobId.indexOf('#')))
            .put("number", number)
            .put("field", "DD")
            .put("fieldName", fieldName)
            .put("priority", false)
            .putNull("priorityGroup")
            .put("issuedAt", "2026-11-28T14:05:09.123+07:00")
            .put("ahead", 3)
            .put("estimatedWaitMinutes", 12)
            .put("trackToken", trackToken));
  }
}
