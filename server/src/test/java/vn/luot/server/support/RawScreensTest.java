package vn.luot.server.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The storm's lean client against Vert.x's own WebSocket server: what a browser would get, it gets. */
@DisplayName("RawScreens: handshake, whole and split messages, pings, reconnects")
class RawScreensTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("A snapshot split in frames is joined, a ping is answered, and a closed screen comes back")
  void messagesPingsAndReconnects() throws Exception {
    String big = "x".repeat(100_000);
    AtomicInteger connections = new AtomicInteger();
    AtomicInteger pongs = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> {
      int n = connections.incrementAndGet();
      ws.pongHandler(b -> {
        pongs.incrementAndGet();
        if (n == 1) ws.close(); // the first connection ends once the pong came back: the screen must reconnect
      });
      String snapshot = new JsonObject().put("type", "snapshot").put("seq", n).put("pad", big).encode();
      int half = snapshot.length() / 2;
      ws.writeFrame(WebSocketFrame.textFrame(snapshot.substring(0, half), false));
      ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(snapshot.substring(half)), true));
      ws.writeTextMessage(new JsonObject().put("type", "called").put("seq", n).put("number", "A001").encode());
      ws.writePing(Buffer.buffer());
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);

    try (RawScreens screens = new RawScreens()) {
      RawScreens.Screen screen = screens.open(server.actualPort(), "/ws/centers/default");
      Screens.awaitUntil(() -> screen.snapshotCountSince(Long.MIN_VALUE) >= 2, "a second snapshot after the close",
          Duration.ofSeconds(20));
      List<ScreenSocket.Received> received = screen.received();
      assertEquals(List.of("snapshot", "called", "snapshot"), received.stream().limit(3).map(ScreenSocket.Received::type).toList());
      assertEquals(big, received.get(0).message().getString("pad"), "the split snapshot whole");
      assertEquals(2, received.get(2).seq(), "the second connection's snapshot");
      assertTrue(pongs.get() >= 1, "the ping was answered");
      assertEquals(2, screen.openedAt().size(), "opened, closed by the server, opened again");
      assertEquals(1, screen.snapshotsSince(screen.openedAt().get(1)).size());
    }
  }
}
