package vn.luot.server.bench;

import io.vertx.core.Future;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebSocket subscriber of the morning rush: a lobby screen ({@code /ws/centers/default}) or a phone following its
 * ticket ({@code /ws/track/{token}}). It notes when each {@code called} message arrives, keyed by ticket number and
 * counter, on the event loop that reads the socket; the load generator matches those times with its calls afterwards.
 */
final class RushSubscriber {
  /** The {@code System.nanoTime()} of each first {@code called} message (not recalls), by {@link #key}. */
  final Map<String, Long> calledAt = new ConcurrentHashMap<>();
  /** When the first snapshot arrived, or 0: a phone only expects calls made after it. */
  volatile long firstSnapshotAt;
  /** Snapshots after the first: the server sent state instead of events (a gap or a slow socket). */
  volatile int resyncs;
  volatile long messages;
  volatile boolean closed;
  /** The ticket a phone follows; null for a screen. */
  final String number;

  private RushSubscriber(String number) {
    this.number = number;
  }

  static Future<RushSubscriber> screen(WebSocketClient client, int port) {
    return new RushSubscriber(null).connect(client, port, "/ws/centers/default");
  }

  static Future<RushSubscriber> phone(WebSocketClient client, int port, String number, String trackToken) {
    return new RushSubscriber(number).connect(client, port, "/ws/track/" + trackToken);
  }

  static String key(String number, String counter) {
    return number + "@" + counter;
  }

  private Future<RushSubscriber> connect(WebSocketClient client, int port, String uri) {
    ClientWebSocket ws = client.webSocket();
    // Only this socket's event loop writes the counters: plain increments of volatiles are enough.
    ws.textMessageHandler(text -> {
      long now = System.nanoTime();
      messages++;
      if (text.startsWith("{\"type\":\"snapshot\"")) {
        if (firstSnapshotAt == 0) firstSnapshotAt = now;
        else resyncs++;
      } else if (text.contains("\"type\":\"called\"")) {
        JsonObject m = new JsonObject(text);
        if (!m.getBoolean("recall", false)) calledAt.putIfAbsent(key(m.getString("number"), m.getString("counter")), now);
      }
    });
    ws.closeHandler(v -> closed = true);
    return ws.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri)).map(this);
  }
}
