package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

/**
 * The abuse limits against a real server, configured small through the environment as an operator would. The
 * rates are so slow (one token per 1000 s) that nothing is earned back during a test: no sleeping, no timing.
 */
@DisplayName("Abuse limits: 429 with Retry-After for ticket floods and password guessing, WebSocket caps")
class AbuseLimitsTest {
  private static final String SLOW = "0.001";
  @TempDir Path data;
  static Vertx vertx;
  TestServer server;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    vertx.close().await();
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private Api start(Map<String, String> limits) {
    server = TestServer.start(ConfigLoader.load(null, TestServer.env(limits))
        .withPort(0).withDataDir(data), Clock.systemUTC());
    return server.api();
  }

  private static Api.Response issue(Api api, String kiosk) {
    JsonObject body = new JsonObject().put("field", "DD");
    if (kiosk != null) body.put("kiosk", kiosk);
    return api.post("/api/centers/default/tickets", body.encode());
  }

  @Test
  @DisplayName("a kiosk over its burst gets 429 with Retry-After and no ticket; another kiosk still issues")
  void perKiosk() {
    Api api = start(Map.of("LUOT_LIMITS_ISSUE_PER_KIOSK_BURST", "3", "LUOT_LIMITS_ISSUE_PER_KIOSK_PER_SECOND", SLOW));
    for (int i = 0; i < 3; i++) assertEquals(201, issue(api, "K1").status());
    int waiting = api.waiting("DD");

    Api.Response refused = issue(api, "K1");
    assertEquals(429, refused.status());
    assertEquals("TOO_MANY_REQUESTS", refused.errorCode());
    int retryAfter = Integer.parseInt(refused.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 1000, "Retry-After " + retryAfter);
    assertTrue(refused.json().getJsonObject("error").getString("message").contains(String.valueOf(retryAfter)));
    assertEquals(waiting, api.waiting("DD"), "a refused request issues nothing");

    assertEquals(201, issue(api, "K2").status(), "the limit is per kiosk");
    assertEquals(waiting + 1, api.waiting("DD"));
  }

  @Test
  @DisplayName("an address over its burst gets 429 whatever kiosk it names, in English when asked")
  void perAddress() {
    Api api = start(Map.of("LUOT_LIMITS_ISSUE_PER_ADDRESS_BURST", "4", "LUOT_LIMITS_ISSUE_PER_ADDRESS_PER_SECOND", SLOW));
    assertEquals(201, issue(api, "K1").status());
    assertEquals(201, issue(api, "K2").status());
    assertEquals(201, issue(api, "K3").status());
    assertEquals(201, issue(api, null).status());
    int waiting = api.waiting("DD");
    Api.Response refused = api.post("/api/centers/default/tickets", new JsonObject().put("field", "DD").put("kiosk", "K4").encode(),
        null, Map.of("Accept-Language", "en"));
    assertEquals(429, refused.status());
    assertTrue(refused.json().getJsonObject("error").getString("message").startsWith("Too many requests"));
    assertTrue(refused.header("Retry-After") != null);
    assertEquals(429, api.post("/api/centers/default/tickets", new JsonObject().put("field", "DD").encode(), null,
        Map.of("X-Forwarded-For", "10.9.9.9")).status(), "X-Forwarded-For is ignored unless the operator trusts it");
    assertEquals(waiting, api.waiting("DD"));
  }

  @Test
  @DisplayName("behind a trusted proxy the address is X-Forwarded-For's last entry, the one the proxy added")
  void forwardedFor() {
    Api api = start(Map.of("LUOT_LIMITS_ISSUE_PER_ADDRESS_BURST", "1", "LUOT_LIMITS_ISSUE_PER_ADDRESS_PER_SECOND", SLOW,
        "LUOT_LIMITS_TRUST_FORWARDED_FOR", "true"));
    String body = new JsonObject().put("field", "DD").encode();
    assertEquals(201, api.post("/api/centers/default/tickets", body, null, Map.of("X-Forwarded-For", "10.0.0.1")).status());
    assertEquals(429, api.post("/api/centers/default/tickets", body, null, Map.of("X-Forwarded-For", "10.0.0.1")).status());
    assertEquals(429, api.post("/api/centers/default/tickets", body, null,
        Map.of("X-Forwarded-For", "10.7.7.7, 10.0.0.1")).status(), "a client's own entries come first and do not count");
    assertEquals(201, api.post("/api/centers/default/tickets", body, null, Map.of("X-Forwarded-For", "10.0.0.2")).status());
  }

  @Test
  @DisplayName("failed logins: after the limit even the right password gets 429; a success clears the count")
  void loginThrottle() {
    Api api = start(Map.of("LUOT_LIMITS_LOGIN_FAILURES_PER_USER", "3", "LUOT_LIMITS_LOGIN_WINDOW_SECONDS", "3000"));
    String wrong = new JsonObject().put("username", "clerk1").put("password", "wrong-password").encode();
    String right = new JsonObject().put("username", "clerk1").put("password", TestServer.PASSWORD).encode();
    // Two failures, then a success: the count starts again.
    assertEquals(401, api.post("/api/auth/login", wrong).status());
    assertEquals(401, api.post("/api/auth/login", wrong).status());
    assertEquals(200, api.post("/api/auth/login", right).status());
    for (int i = 0; i < 3; i++) assertEquals(401, api.post("/api/auth/login", wrong).status(), "failure " + (i + 1));

    Api.Response refused = api.post("/api/auth/login", right);
    assertEquals(429, refused.status(), "throttled: the password is not even tried");
    assertEquals("TOO_MANY_REQUESTS", refused.errorCode());
    int retryAfter = Integer.parseInt(refused.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 3000, "Retry-After " + retryAfter);
    assertEquals(429, api.post("/api/auth/login", wrong).status());
    // Another user from the same address is not locked out by clerk1's failures.
    assertEquals(200, api.post("/api/auth/login",
        new JsonObject().put("username", "clerk2").put("password", TestServer.PASSWORD).encode()).status());
  }

  @Test
  @DisplayName("failed logins per address: guessing across usernames is throttled too")
  void loginThrottlePerAddress() {
    Api api = start(Map.of("LUOT_LIMITS_LOGIN_FAILURES_PER_ADDRESS", "4", "LUOT_LIMITS_LOGIN_WINDOW_SECONDS", "3000"));
    for (int i = 1; i <= 4; i++) {
      assertEquals(401, api.post("/api/auth/login",
          new JsonObject().put("username", "clerk" + i).put("password", "wrong-password").encode()).status());
    }
    assertEquals(429, api.post("/api/auth/login",
        new JsonObject().put("username", "clerk5").put("password", TestServer.PASSWORD).encode()).status());
  }

  @Test
  @DisplayName("a WebSocket message over the size limit closes that socket; the server and other sockets carry on")
  void oversizedMessage() {
    assertOversizedClosesOnlyThatSocket(abuser -> abuser.sendText("{\"type\":\"resync\",\"pad\":\"" + "x".repeat(2000) + "\"}"));
  }

  @Test
  @DisplayName("a message over the size limit sent in small frames closes that socket too (found by fuzzing)")
  void oversizedMessageInFrames() {
    String pad = "x".repeat(600);
    assertOversizedClosesOnlyThatSocket(abuser -> abuser.sendFragmented("{\"type\":\"resync\",\"pad\":\"", pad, pad, "\"}"));
  }

  /** With a 1,024-byte limit: what {@code send} sends closes the abuser's socket; the server and a bystander carry on. */
  private void assertOversizedClosesOnlyThatSocket(java.util.function.Consumer<WsClient> send) {
    Api api = start(Map.of("LUOT_LIMITS_WEB_SOCKET_MESSAGE_BYTES", "1024"));
    try (WsClient bystander = WsClient.connect(vertx, server.port(), "/ws/centers/default");
         WsClient abuser = WsClient.connect(vertx, server.port(), "/ws/centers/default")) {
      bystander.next();
      abuser.next();
      send.accept(abuser);
      abuser.awaitClosed();

      assertEquals(200, api.get("/health").status());
      assertEquals(201, issue(api, "K1").status());
      bystander.nextMatching(m -> !m.isEmpty());  // the bystander still gets the queue's news
      try (WsClient again = WsClient.connect(vertx, server.port(), "/ws/centers/default")) {
        assertTrue(again.next().containsKey("type"));
      }
    }
  }

  @Test
  @DisplayName("one address may hold only so many WebSockets: the next upgrade gets 429; closing one frees a place")
  void connectionCap() throws Exception {
    start(Map.of("LUOT_LIMITS_WEB_SOCKETS_PER_ADDRESS", "3"));
    List<WsClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) open.add(WsClient.connect(vertx, server.port(), "/ws/centers/default"));
      WebSocketClient client = vertx.createWebSocketClient();
      try {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(server.port()).setHost("localhost")
            .setURI("/ws/centers/default");
        Exception e = assertThrows(Exception.class, () -> client.connect(options).await(10, TimeUnit.SECONDS));
        UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, e);
        assertEquals(429, rejected.getStatus());

        open.remove(0).close();
        // The server counts the closed socket off when it sees the close; until then a retry may still be refused.
        WebSocket ws = null;
        for (int attempt = 0; attempt < 100 && ws == null; attempt++) {
          try {
            ws = client.connect(options).await(10, TimeUnit.SECONDS);
          } catch (UpgradeRejectedException notYet) {
            Thread.sleep(50);
          }
        }
        assertTrue(ws != null, "a place frees up when a socket closes");
        ws.close().await(5, TimeUnit.SECONDS);
      } finally {
        client.close();
      }
    } finally {
      open.forEach(WsClient::close);
    }
  }
}
