package vn.luot.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

@ExtendWith(VertxExtension.class)
@DisplayName("A citizen's phone follows the ticket through a transfer and past the end of the day")
class TrackingTest {
  /** 09:00 in Hồ Chí Minh City. */
  static final Instant MORNING = Instant.parse("2026-11-27T02:00:00Z");
  @TempDir Path data;
  MutableClock clock;
  TestServer server;
  Api api;

  @BeforeEach
  void start() {
    clock = new MutableClock(MORNING);
    server = TestServer.start(data, clock);
    api = server.api();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("After a transfer to Hộ tịch the phone's 'ahead' follows the Hộ tịch queue, not Đất đai's")
  void followsTransfer(Vertx vertx) {
    api.issue("HT");
    clock.advance(Duration.ofMinutes(1));
    JsonObject mine = api.issue("DD");
    String token = mine.getString("trackToken");
    try (WsClient phone = WsClient.connect(vertx, server.port(), "/ws/track/" + token)) {
      assertEquals("WAITING", phone.next().getJsonObject("ticket").getString("status"));
      String clerk1 = api.login("clerk1");
      assertEquals(200, api.counter("1", "call-next", clerk1).status());
      phone.nextMatching(m -> "called".equals(m.getString("type")));
      Api.Response moved = api.post("/api/centers/default/counters/1/transfer", "{\"field\":\"HT\"}", clerk1);
      assertEquals(200, moved.status());
      JsonObject view = phone.nextMatching(m -> "ticket".equals(m.getString("type"))
          && "HT".equals(m.getJsonObject("ticket").getString("field"))).getJsonObject("ticket");
      assertEquals("WAITING", view.getString("status"));
      assertEquals(1, view.getInteger("ahead"), "B001 of Hộ tịch was issued a minute earlier and is ahead");
      // Hộ tịch moves: the phone hears it although its first field was Đất đai.
      String clerk3 = api.login("clerk3");
      assertEquals("B001", api.counter("3", "call-next", clerk3).json().getString("number"));
      JsonObject after = phone.nextMatching(m -> "ticket".equals(m.getString("type"))
          && m.getJsonObject("ticket").getInteger("ahead") == 0).getJsonObject("ticket");
      assertEquals("HT", after.getString("field"));
    }
  }

  @Test
  @DisplayName("When the day ends the phone gets the ticket's last state (EXPIRED) and the stream closes; the next day the link still answers")
  void pastTheEndOfTheDay(Vertx vertx) {
    String token = api.issue("DD").getString("trackToken");
    try (WsClient phone = WsClient.connect(vertx, server.port(), "/ws/track/" + token)) {
      phone.next();
      clock.advance(Duration.ofHours(16)); // 01:00 the next day
      api.issue("HT"); // the first command of the new day closes yesterday
      JsonObject last = phone.nextMatching(m -> "ticket".equals(m.getString("type"))
          && "EXPIRED".equals(m.getJsonObject("ticket").getString("status")));
      assertEquals("A001", last.getJsonObject("ticket").getString("number"));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!phone.isClosed() && System.nanoTime() < deadline) Thread.onSpinWait();
      assertTrue(phone.isClosed(), "nothing more will happen to the ticket: the stream ends");
    }
    Api.Response track = api.get("/api/track/" + token);
    assertEquals(200, track.status());
    assertEquals("EXPIRED", track.json().getString("status"));
    assertEquals("A001", track.json().getString("number"));
  }
}
