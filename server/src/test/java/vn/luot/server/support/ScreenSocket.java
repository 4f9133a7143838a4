package vn.luot.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A screen as the display page runs it (display/js/connection.js): a WebSocket that reconnects by itself after a
 * close or a failed attempt, waiting 0.5 s doubling to 1 s for the first 10 s offline and to 3 s after, with jitter,
 * and records what it receives with the {@link System#nanoTime()} of arrival. Its handlers run on one event loop;
 * the test reads through the synchronized getters. Events are kept without their waiting counts (big, and not what
 * these tests look at).
 */
public final class ScreenSocket {
  /** A message as it arrived: a snapshot whole, an event as type, seq and number. */
  public record Received(JsonObject message, long nanos) {
    public String type() {
      return message.getString("type");
    }

    public long seq() {
      return message.getLong("seq", -1L);
    }
  }

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocketConnectOptions target;
  private final List<Received> received = new ArrayList<>();
  private final List<Long> opened = new ArrayList<>();
  private WebSocket socket;
  private int attempt;
  /** When the connection was lost (System.nanoTime()), or 0 while connected. */
  private long offlineSince;
  private boolean stopped;
  /** For a failing test's message: since when a connect is in flight (0: none), and how the last one failed. */
  private long connectingSince;
  private String lastFailure;

  private ScreenSocket(Vertx vertx, WebSocketClient client, int port, String path) {
    this.vertx = vertx;
    this.client = client;
    this.target = new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(path);
  }

  /** Starts connecting; the client should allow as many connections as the test opens screens. */
  public static ScreenSocket open(Vertx vertx, WebSocketClient client, int port, String path) {
    ScreenSocket screen = new ScreenSocket(vertx, client, port, path);
    vertx.runOnContext(v -> screen.connect());
    return screen;
  }

  private synchronized void connect() {
    if (stopped) return;
    connectingSince = System.nanoTime();
    client.connect(target).onComplete(ar -> {
      synchronized (this) {
        connectingSince = 0;
        if (ar.failed()) {
          lastFailure = String.valueOf(ar.cause());
          retryLater();
          return;
        }
        WebSocket ws = ar.result();
        if (stopped) {
          ws.close();
          return;
        }
        attempt = 0;
        offlineSince = 0;
        socket = ws;
        opened.add(System.nanoTime());
        // Set here, on the socket's event loop, before any message can be handled.
        ws.textMessageHandler(this::onText);
        ws.closeHandler(v -> closed());
      }
    });
  }

  private synchronized void onText(String text) {
    long now = System.nanoTime();
    JsonObject m = new JsonObject(text);
    if (!"snapshot".equals(m.getString("type"))) {
      m = new JsonObject().put("type", m.getString("type")).put("seq", m.getLong("seq")).put("number", m.getString("number"));
    }
    received.add(new Received(m, now));
  }

  private synchronized void closed() {
    socket = null;
    retryLater();
  }

  private void retryLater() {
    if (stopped) return;
    if (offlineSince == 0) offlineSince = System.nanoTime();
    vertx.setTimer(retryDelayMillis(attempt++, System.nanoTime() - offlineSince), id -> connect());
  }

  /**
   * The wait before a screen's next attempt, as connection.js: base = min(cap, 0.5 s × 2^attempt), the cap 1 s for
   * the first 10 s offline and 3 s after, then a wait between base/2 and base.
   */
  static long retryDelayMillis(int attempt, long offlineNanos) {
    long cap = offlineNanos < 10_000_000_000L ? 1_000L : 3_000L;
    long base = Math.min(cap, 500L << Math.min(attempt, 5));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The snapshots received at or after {@code sinceNanos}. */
  public synchronized List<Received> snapshotsSince(long sinceNanos) {
    return received.stream().filter(r -> r.nanos() >= sinceNanos && "snapshot".equals(r.type())).toList();
  }

  /** When each connection of this screen opened. */
  public synchronized List<Long> openedAt() {
    return List.copyOf(opened);
  }

  /** What this screen is doing, for a failing test's message: its retries, the last failure, a connect in flight. */
  public synchronized String state() {
    return describe(socket != null, attempt, lastFailure, connectingSince);
  }

  /** A screen's state in a failing test's message; {@code connectingSince} is 0 when no connect is in flight. */
  static String describe(boolean open, int attempt, String lastFailure, long connectingSince) {
    return (open ? "open" : "closed") + ", " + attempt + " retries since the last open, last failure " + lastFailure
        + (connectingSince == 0 ? ", no connect in flight" : String.format(java.util.Locale.ROOT,
        ", a connect in flight for %.1f s", (System.nanoTime() - connectingSince) / 1e9));
  }

  public synchronized boolean isOpen() {
    return socket != null;
  }

  /** Stops reconnecting and closes the socket, as a screen switched off. */
  public synchronized void stop() {
    stopped = true;
    if (socket != null) socket.close();
  }
}
