package vn.luot.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.admin.AccountsTest.assertError;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.config.ServerConfig;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

@ExtendWith(VertxExtension.class)
@DisplayName("Kiosks: added with a key shown once, key rotated, disabled; the print-job stream uses the stored keys live")
class KiosksTest {
  static final String KIOSKS = "/api/admin/centers/default/kiosks";

  @TempDir Path data;

  private static Api.Response jobs(Api api, String kiosk, String key) {
    return api.send(HttpRequest.newBuilder(api.uri("/ws/centers/default/kiosks/" + kiosk + "/jobs")).GET(), key);
  }

  @Test
  @DisplayName("A new kiosk's agent connects with its key; a rotated key ends the old one; a disabled kiosk is refused")
  void kioskKeysLive(Vertx vertx) {
    try (TestServer server = TestServer.start(data)) {
      Api api = server.api();
      String admin = api.login("admin");
      Api.Response created = api.post(KIOSKS, "{\"id\":\"K9\",\"name\":\"Sảnh tầng 2\"}", admin);
      assertEquals(201, created.status(), created.body());
      String key = created.json().getString("key");
      assertTrue(key.length() >= 32);
      assertError(api.post(KIOSKS, "{\"id\":\"K9\"}", admin), 409, "KIOSK_EXISTS");

      WsClient agent = WsClient.connect(vertx, server.port(), "/ws/centers/default/kiosks/K9/jobs",
          Map.of("Authorization", "Bearer " + key));
      assertError(jobs(api, "K9", "wrong-key-wrong-key"), 401, "TOKEN_INVALID");

      Api.Response rotated = api.post(KIOSKS + "/K9/rotate-key", null, admin);
      assertEquals(200, rotated.status(), rotated.body());
      String newKey = rotated.json().getString("key");
      assertTrue(!newKey.equals(key));
      waitClosed(agent);
      assertError(jobs(api, "K9", key), 401, "TOKEN_INVALID");
      try (WsClient again = WsClient.connect(vertx, server.port(), "/ws/centers/default/kiosks/K9/jobs",
          Map.of("Authorization", "Bearer " + newKey))) {
        assertEquals(200, api.post(KIOSKS + "/K9/disable", null, admin).status());
        waitClosed(again);
      }
      assertError(jobs(api, "K9", newKey), 403, "KIOSK_DISABLED");
      assertEquals(200, api.post(KIOSKS + "/K9/enable", null, admin).status());

      JsonArray list = api.get(KIOSKS, admin).json().getJsonArray("kiosks");
      JsonObject k9 = list.stream().map(JsonObject.class::cast).filter(k -> k.getString("id").equals("K9")).findFirst().orElseThrow();
      assertEquals("Sảnh tầng 2", k9.getString("name"));
      assertTrue(!k9.encode().contains(newKey), "the key is never listed");
      assertTrue(list.stream().map(JsonObject.class::cast).anyMatch(k -> k.getString("id").equals("K1")), "the demo kiosks are seeded");
      JsonArray audit = api.get("/api/admin/audit?center=default&limit=10", admin).json().getJsonArray("entries");
      assertEquals(java.util.List.of("kiosk.enable", "kiosk.disable", "kiosk.rotateKey", "kiosk.create"),
          audit.stream().map(e -> ((JsonObject) e).getString("action")).limit(4).toList());
      agent.close();
    }
    try (TestServer server = TestServer.start(data)) {
      // The demo kiosks keep their configured key; the stored kiosk K9 is still there after a restart.
      Api api = server.api();
      assertError(jobs(api, "K9", "not-the-key-at-all"), 401, "TOKEN_INVALID");
      WsClient.connect(vertx, server.port(), "/ws/centers/default/kiosks/K1/jobs",
          Map.of("Authorization", "Bearer " + ServerConfig.DEFAULT_DEMO_KIOSK_KEY)).close();
    }
  }

  private static void waitClosed(WsClient client) {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!client.isClosed()) {
      if (System.nanoTime() > until) throw new AssertionError("the agent's stream was not closed");
      client.quietFor(Duration.ofMillis(50));
    }
  }
}
