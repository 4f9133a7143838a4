package vn.luot.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

/**
 * An append of more events than one selection mask holds (AppendFrames.MAX), as a node can be handed when it catches
 * up with what other nodes appended. One node's own commands make at most a few events, so the append is put on the
 * server's event bus here, as BusPublisher puts one: the feed must split it and still send every event in order.
 */
@DisplayName("An append of more than 64 events reaches screens whole and in order")
class LargeAppendTest {
  private static final String LOBBY = "/ws/centers/default";

  @TempDir static Path data;
  static TestServer server;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
    server.close();
  }

  @Test
  @DisplayName("150 events in one bus message: the lobby gets all 150 in seq order, counter 5's screen only its 75")
  void moreThanOneMask() {
    try (WsClient lobby = WsClient.connect(vertx, server.port(), LOBBY);
         WsClient five = WsClient.connect(vertx, server.port(), LOBBY + "?counter=5")) {
      long seq = lobby.next().getLong("seq");
      assertEquals(seq, five.next().getLong("seq"));
      int count = 150;
      JsonArray append = new JsonArray();
      for (int i = 1; i <= count; i++) {
        JsonObject message = new JsonObject().put("type", "called").put("seq", seq + i).put("number", "T" + i)
            .put("counter", i % 2 == 0 ? "5" : "1");
        append.add(new JsonObject().put("seq", seq + i).put("message", message));
      }
      server.vertx().eventBus().publish(BusPublisher.address("default"), append,
          new DeliveryOptions().setLocalOnly(true));

      for (int i = 1; i <= count; i++) {
        JsonObject m = lobby.next();
        assertEquals(seq + i, m.getLong("seq"), m.encode());
        assertEquals("T" + i, m.getString("number"));
      }
      for (int i = 2; i <= count; i += 2) {
        JsonObject m = five.next();
        assertEquals(seq + i, m.getLong("seq"), m.encode());
        assertEquals("5", m.getString("counter"));
      }
      assertTrue(lobby.quietFor(Duration.ofMillis(100)));
      assertTrue(five.quietFor(Duration.ofMillis(100)));
    }
  }
}
