package vn.luot.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

@ExtendWith(VertxExtension.class)
@DisplayName("Print jobs for a kiosk's agent: sent, acknowledged, failed, reprinted; printer states; paused fields")
class PrintJobsTest {
  @TempDir static Path data;
  static TestServer server;
  static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The demo kiosks' key (LUOT_DEMO_KIOSK_KEY unset). */
  static final java.util.Map<String, String> AGENT_KEY =
      java.util.Map.of("Authorization", "Bearer " + vn.luot.server.config.ServerConfig.DEFAULT_DEMO_KIOSK_KEY);

  @Test
  @DisplayName("Only an agent with the kiosk's key gets jobs: no key 401, a wrong key 401, an unconfigured kiosk 404")
  void agentsNeedTheKey() {
    String path = "/ws/centers/default/kiosks/K1/jobs";
    Api.Response none = api.send(java.net.http.HttpRequest.newBuilder(api.uri(path)).GET(), null);
    assertEquals(401, none.status(), none.body());
    assertEquals("UNAUTHENTICATED", none.errorCode());
    Api.Response wrong = api.send(java.net.http.HttpRequest.newBuilder(api.uri(path)).GET(), "not-the-key");
    assertEquals(401, wrong.status());
    assertEquals("TOKEN_INVALID", wrong.errorCode());
    Api.Response unknown = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/ws/centers/default/kiosks/X9/jobs")).GET(),
        vn.luot.server.config.ServerConfig.DEFAULT_DEMO_KIOSK_KEY);
    assertEquals(404, unknown.status());
    assertEquals("KIOSK_UNKNOWN", unknown.errorCode());
  }

  private static JsonObject issueAt(String kiosk, String field) {
    Api.Response r = api.post("/api/centers/default/tickets", new JsonObject().put("field", field).put("kiosk", kiosk).encode());
    assertEquals(201, r.status(), r.body());
    return r.json();
  }

  @Test
  @DisplayName("The agent gets the tickets still to print when it connects and each new one of its kiosk (not another kiosk's); its answers are journaled")
  void jobsAndAnswers(Vertx vertx) {
    JsonObject before = issueAt("K2", "DD");
    try (WsClient agent = WsClient.connect(vertx, server.port(), "/ws/centers/default/kiosks/K2/jobs", AGENT_KEY);
         WsClient lobby = WsClient.connect(vertx, server.port(), "/ws/centers/default")) {
      lobby.next();
      JsonObject first = agent.next();
      assertEquals("job", first.getString("type"));
      assertEquals(before.getString("id") + "#1", first.getString("jobId"));
      assertEquals(before.getString("trackToken"), first.getJsonObject("ticket").getString("trackToken"));
      assertEquals("Đất đai", first.getJsonObject("ticket").getString("fieldName"));
      assertEquals("Trung tâm Phục vụ Hành chính công TP Thanh Hóa", first.getJsonObject("center").getString("name"));

      issueAt("K3", "HT"); // another kiosk's ticket
      JsonObject mine = issueAt("K2", "CT");
      JsonObject second = agent.next();
      assertEquals(mine.getString("id") + "#1", second.getString("jobId"), "the other kiosk's ticket is not sent here");

      agent.send(new JsonObject().put("type", "printed").put("jobId", first.getString("jobId")));
      JsonObject printed = lobby.nextMatching(m -> "printed".equals(m.getString("type")));
      assertEquals(before.getString("number"), printed.getString("number"));
      assertEquals("K2", printed.getString("kiosk"));

      agent.send(new JsonObject().put("type", "failed").put("jobId", second.getString("jobId")).put("reason", "PAPER_OUT"));
      JsonObject failed = lobby.nextMatching(m -> "printFailed".equals(m.getString("type")));
      assertEquals("PAPER_OUT", failed.getString("reason"));

      agent.send(new JsonObject().put("type", "status").put("printer", "PAPER_OUT").put("detail", "hết giấy"));
      String admin = api.login("admin");
      JsonObject kiosks = waitForPrinter(admin, "K2", "PAPER_OUT");
      JsonArray unprinted = kiosks.getJsonArray("unprinted");
      assertTrue(unprinted.stream().map(JsonObject.class::cast)
          .anyMatch(j -> j.getString("number").equals(mine.getString("number")) && "FAILED".equals(j.getString("status"))));

      Api.Response reprint = api.post("/api/centers/default/tickets/" + mine.getString("id") + "/reprint", null,
          api.login("clerk4"));
      assertEquals(200, reprint.status(), reprint.body());
      assertEquals(2, reprint.json().getInteger("copy"));
      assertEquals(mine.getString("id") + "#2", agent.next().getString("jobId"), "a reprint is a new job");
    }
  }

  @Test
  @DisplayName("A ticket issued with no kiosk has no paper: reprint is 409 NOT_PRINTED_AT_KIOSK")
  void noKiosk() {
    Api.Response r = api.post("/api/centers/default/tickets", "{\"field\":\"KD\"}");
    Api.Response reprint = api.post("/api/centers/default/tickets/" + r.json().getString("id") + "/reprint", null,
        api.login("admin"));
    assertEquals(409, reprint.status());
    assertEquals("NOT_PRINTED_AT_KIOSK", reprint.errorCode());
  }

  @Test
  @DisplayName("An admin pauses a field: the kiosk's issue is 409 FIELD_PAUSED, the center shows it paused; resume lifts it; a clerk may not pause")
  void fieldPause() {
    String admin = api.login("admin");
    assertEquals(403, api.post("/api/centers/default/fields/XD/pause", null, api.login("clerk1")).status());
    Api.Response paused = api.post("/api/centers/default/fields/XD/pause", "{\"reason\":\"Cán bộ đi họp\"}", admin);
    assertEquals(200, paused.status(), paused.body());
    JsonObject xd = api.center().getJsonArray("fields").stream().map(JsonObject.class::cast)
        .filter(f -> f.getString("code").equals("XD")).findFirst().orElseThrow();
    assertTrue(xd.getBoolean("paused"));
    assertEquals("Cán bộ đi họp", xd.getString("pauseReason"));
    Api.Response refused = api.post("/api/centers/default/tickets", "{\"field\":\"XD\",\"kiosk\":\"K1\"}");
    assertEquals(409, refused.status());
    assertEquals("FIELD_PAUSED", refused.errorCode());
    assertTrue(refused.json().getJsonObject("error").getString("message").contains("Xây dựng"));
    assertEquals(200, api.post("/api/centers/default/fields/XD/resume", null, admin).status());
    assertEquals(201, api.post("/api/centers/default/tickets", "{\"field\":\"XD\",\"kiosk\":\"K1\"}").status());
  }

  @Test
  @DisplayName("The QR code of a tracking link is an SVG; an unknown token is 404")
  void qrCode() {
    JsonObject t = issueAt("K1", "LD");
    Api.Response svg = api.get("/api/track/" + t.getString("trackToken") + "/qr.svg");
    assertEquals(200, svg.status());
    assertTrue(svg.header("Content-Type").startsWith("image/svg+xml"));
    assertTrue(svg.body().startsWith("<svg") && svg.body().contains("<path"));
    assertEquals(404, api.get("/api/track/default.AAAAAAAAAAAAAAAAAAAAAA/qr.svg").status());
  }

  private static JsonObject waitForPrinter(String token, String kiosk, String printer) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = api.get("/api/centers/default/kiosks", token).json();
      boolean seen = last.getJsonArray("kiosks").stream().map(JsonObject.class::cast)
          .anyMatch(k -> k.getString("kiosk").equals(kiosk) && printer.equals(k.getString("printer")));
      if (seen) return last;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new AssertionError("printer of " + kiosk + " never read " + printer + ": " + last);
  }
}
