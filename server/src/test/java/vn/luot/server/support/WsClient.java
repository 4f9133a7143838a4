package vn.luot.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A screen's WebSocket, as a test holds it: messages land in a queue the test reads with a timeout. */
public final class WsClient implements AutoCloseable {
  private final WebSocketClient client;
  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonObject> messages;
  /** Completed when a socket closes (set on the connect callback, before the test holds the client). */
  private static final java.util.Map<WebSocket, java.util.concurrent.CompletableFuture<Void>> CLOSED =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private WsClient(WebSocketClient client, WebSocket socket, LinkedBlockingQueue<JsonObject> messages) {
    this.client = client;
    this.socket = socket;
    this.messages = messages;
  }

  public static WsClient connect(Vertx vertx, int port, String path) {
    return connect(vertx, port, path, java.util.Map.of());
  }

  /** With request headers, e.g. a print agent's Authorization. */
  public static WsClient connect(Vertx vertx, int port, String path, java.util.Map<String, String> headers) {
    WebSocketClient client = vertx.createWebSocketClient();
    LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    try {
      // The handler goes on in the connect callback, on the socket's event loop: set later from the test thread, it
      // would miss a snapshot the server sends at once (a cached one), and the test would wait for it in vain.
      WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(port).setHost("localhost").setURI(path);
      headers.forEach(options::addHeader);
      WebSocket ws = client.connect(options)
          .map(socket -> socket.textMessageHandler(text -> messages.add(new JsonObject(text))))
          .map(socket -> socket.closeHandler(v -> CLOSED.computeIfAbsent(socket, k -> new java.util.concurrent.CompletableFuture<>()).complete(null)))
          .await(10, TimeUnit.SECONDS);
      return new WsClient(client, ws, messages);
    } catch (Exception e) {
      client.close();
      throw new IllegalStateException("cannot connect to " + path, e);
    }
  }

  /** The next message, failing the test if none comes in time. */
  public JsonObject next(Duration timeout) {
    try {
      JsonObject m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) throw new AssertionError("no message within " + timeout);
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonObject next() {
    return next(Duration.ofSeconds(10));
  }

  /** Skips messages until one matches. */
  public JsonObject nextMatching(Predicate<JsonObject> p) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (p.test(m)) return m;
    }
    throw new AssertionError("no matching message in time");
  }

  /** Nothing more arrives within the window. */
  public boolean quietFor(Duration d) {
    try {
      return messages.poll(d.toMillis(), TimeUnit.MILLISECONDS) == null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public void send(JsonObject message) {
    socket.writeTextMessage(message.encode());
  }

  /** Sends raw text, e.g. a message larger than the server accepts. */
  public void sendText(String text) {
    socket.writeTextMessage(text);
  }

  /** Sends one text message split into frames, one per part, the last one final. */
  public void sendFragmented(String... parts) {
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      socket.writeFrame(i == 0 ? io.vertx.core.http.WebSocketFrame.textFrame(parts[i], last)
          : io.vertx.core.http.WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer(parts[i]), last));
    }
  }

  /** Waits for the server to close the socket; fails the test if it stays open. */
  public void awaitClosed() {
    try {
      CLOSED.computeIfAbsent(socket, k -> new java.util.concurrent.CompletableFuture<>()).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the socket did not close within 10 s", e);
    }
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    // Close both socket and client: an open client socket otherwise adds a long hang when Vert.x closes.
    try {
      socket.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // already closed by the server
    }
    client.close();
  }
}
