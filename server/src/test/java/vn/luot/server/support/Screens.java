package vn.luot.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A wall of {@link ScreenSocket}s on their own Vert.x, for tests with hundreds or thousands of screens. Closing it
 * switches every screen off (no reconnect) before Vert.x closes, so no open socket holds up the close.
 */
public final class Screens implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final WebSocketClient client;
  private final List<ScreenSocket> all = new ArrayList<>();

  /**
   * @param max the most screens open at once. The client may open twice as many connections: after a crash, a
   *            screen must not wait on the test's own client for a slot that a dead socket has not given back yet.
   */
  public Screens(int max) {
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(2 * max));
  }

  /** A screen on {@code path} that starts connecting at once, and reconnects as the display page does. */
  public synchronized ScreenSocket open(int port, String path) {
    ScreenSocket screen = ScreenSocket.open(vertx, client, port, path);
    all.add(screen);
    return screen;
  }

  public synchronized List<ScreenSocket> all() {
    return List.copyOf(all);
  }

  /** Waits, polling, until {@code check} holds; fails the test if it does not within {@code limit}. */
  public static void awaitUntil(BooleanSupplier check, String what, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within " + limit);
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    all().forEach(ScreenSocket::stop);
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // Thousands of sockets closing on a loaded machine: slow, not wrong; the test has its verdict already.
      System.out.println("the screens' Vert.x did not close within 30 s");
    }
  }
}
