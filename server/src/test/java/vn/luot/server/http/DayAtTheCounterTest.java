package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

@ExtendWith(VertxExtension.class)
@DisplayName("A day at the counter, through the real HTTP and WebSocket contract")
class DayAtTheCounterTest {
  @TempDir Path data;
  TestServer server;
  Api api;

  @BeforeEach
  void start() {
    server = TestServer.start(data);
    api = server.api();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("Tickets in two fields, a clerk calls, starts and finishes; a lobby screen sees the snapshot and then the call")
  void issueCallStartFinish(Vertx vertx) {
    JsonObject a1 = api.issue("DD");
    JsonObject b1 = api.issue("HT");
    assertEquals("A001", a1.getString("number"));
    assertEquals("B001", b1.getString("number"));
    assertEquals("WAITING", a1.getString("status"));
    assertNotNull(a1.getString("trackToken"));
    assertTrue(a1.getString("issuedAt").endsWith("+07:00"), "times carry the center's offset");

    try (WsClient lobby = WsClient.connect(vertx, server.port(), "/ws/centers/default")) {
      JsonObject snapshot = lobby.next();
      assertEquals("snapshot", snapshot.getString("type"));
      long seq = snapshot.getLong("seq");
      assertEquals(1, snapshot.getJsonObject("waiting").getInteger("DD"));

      String clerk = api.login("clerk1");
      Api.Response called = api.counter("1", "call-next", clerk);
      assertEquals(200, called.status());
      assertEquals("A001", called.json().getString("number"));
      assertEquals("CALLED", called.json().getString("status"));
      assertEquals("1", called.json().getString("counter"));

      JsonObject event = lobby.next();
      assertEquals("called", event.getString("type"));
      assertEquals(seq + 1, event.getLong("seq"));
      assertEquals("A001", event.getString("number"));
      assertEquals("1", event.getString("counter"));
      assertFalse(event.getBoolean("recall"));

      assertEquals("SERVING", api.counter("1", "start", clerk).json().getString("status"));
      assertEquals(seq + 2, lobby.next().getLong("seq"));
      Api.Response finished = api.counter("1", "finish", clerk);
      assertEquals("DONE", finished.json().getString("status"));
      JsonObject finishedEvent = lobby.next();
      assertEquals("finished", finishedEvent.getString("type"));
      assertEquals(seq + 3, finishedEvent.getLong("seq"));
    }
    assertEquals(204, api.counter("1", "call-next", api.login("clerk1")).status(), "counter 1 serves DD and XD: none left");
  }
}
