package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.config.ServerConfig;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

/**
 * Who may do what: no token or a bad one is 401, a good token for the wrong job is 403 and moves nothing. The
 * server signs tokens with a secret this test passes in, so it can also sign tokens the server must refuse.
 */
@DisplayName("Sign-in and roles: 401 without a valid token, 403 outside one's role, nothing moved by a refusal")
class RoleTest {
  private static final String SECRET = "role-test-secret-with-at-least-32-characters";
  private static final String CENTER = "/api/centers/default";
  private static final List<String> COUNTER_ACTIONS =
      List.of("call-next", "recall", "start", "finish", "no-show", "pause", "resume", "transfer");

  @TempDir static Path data;
  static MutableClock clock = new MutableClock(Instant.parse("2026-03-02T01:30:00Z"));
  static TestServer server;
  static Api api;
  static Vertx vertx;
  static String admin;
  static String supervisor;
  static String clerk1;
  /** A lobby screen kept open for the whole class; asked to resync, it tells the journal's latest seq. */
  static WsClient lobby;
  /** Set by a test that changes the day; the next test then starts a fresh one. Refusals leave the day as it was. */
  static boolean dayUsed = true;

  @BeforeAll
  static void start() {
    ServerConfig config = ConfigLoader.load(null,
            Map.of(ServerConfig.ENV_DEMO_PASSWORD, TestServer.PASSWORD, ServerConfig.ENV_TOKEN_SECRET, SECRET))
        .withPort(0).withDataDir(data);
    server = TestServer.start(config, clock);
    api = server.api();
    vertx = Vertx.vertx();
    admin = api.login("admin");
    supervisor = api.login("supervisor");
    clerk1 = api.login("clerk1");
    lobby = WsClient.connect(vertx, server.port(), "/ws/centers/default");
  }

  @AfterAll
  static void stop() {
    lobby.close();
    vertx.close();
    server.close();
  }

  /**
   * A new service day when the last test used the day up: land and notarisation citizens waiting, one of them called
   * at counter 2 by an admin, so that every counter action refused below would have had something to do.
   */
  @BeforeEach
  void newDayIfUsed() {
    if (!dayUsed) return;
    dayUsed = false;
    clock.advance(Duration.ofDays(1));
    assertEquals(200, api.post(CENTER + "/close-day", null, admin).status());
    api.issue("DD");
    api.issue("DD");
    api.issue("CT");
    assertEquals(200, api.counter("2", "call-next", admin).status());
    clock.advance(Duration.ofSeconds(30));
  }

  // ---- 401 ----

  /** A way of presenting oneself, and what the server makes of it. */
  record Credential(String what, Supplier<String> authorization, String code) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Credential> credentials() {
    long now = Instant.now().getEpochSecond();
    return Stream.of(
        new Credential("no Authorization header", () -> null, "UNAUTHENTICATED"),
        new Credential("\"Bearer\" and no token", () -> "Bearer", "UNAUTHENTICATED"),
        new Credential("Basic credentials", () -> "Basic " + b64("admin:" + TestServer.PASSWORD), "UNAUTHENTICATED"),
        new Credential("another scheme", () -> "Token abc", "UNAUTHENTICATED"),
        new Credential("a garbage token", () -> "Bearer garbage", "TOKEN_INVALID"),
        new Credential("three empty parts", () -> "Bearer ..", "TOKEN_INVALID"),
        new Credential("a clerk's token with the role rewritten to admin",
            () -> "Bearer " + withClaims(clerk1, new JsonObject().put("sub", "clerk1").put("role", "admin")), "TOKEN_INVALID"),
        new Credential("a clerk's token with one signature character changed", () -> "Bearer " + tamperSignature(clerk1), "TOKEN_INVALID"),
        new Credential("an admin token signed with another secret",
            () -> "Bearer " + sign("some-other-secret-also-32-characters-long", admin(now)), "TOKEN_INVALID"),
        new Credential("an unsigned admin token (alg none)", () -> "Bearer " + unsigned(admin(now)), "TOKEN_INVALID"),
        new Credential("an expired admin token", () -> "Bearer " + sign(SECRET, admin(now - 7200).put("exp", now - 60)), "TOKEN_INVALID"),
        new Credential("a token for an account that does not exist",
            () -> "Bearer " + sign(SECRET, admin(now).put("sub", "ghost")), "TOKEN_INVALID"),
        new Credential("a token with a role that does not exist",
            () -> "Bearer " + sign(SECRET, admin(now).put("role", "root")), "TOKEN_INVALID"));
  }

  static Stream<Arguments> credentialsOnProtectedRoutes() {
    return credentials().flatMap(c -> Stream.of(
        Arguments.of(c, "POST", CENTER + "/counters/2/call-next"),
        Arguments.of(c, "POST", CENTER + "/close-day"),
        Arguments.of(c, "GET", CENTER + "/stats"),
        Arguments.of(c, "GET", CENTER + "/dashboard"),
        Arguments.of(c, "GET", CENTER + "/reports.csv?by=tickets"),
        Arguments.of(c, "POST", CENTER + "/tickets/x/cancel")));
  }

  @ParameterizedTest(name = "{0}: {1} {2} → 401")
  @MethodSource("credentialsOnProtectedRoutes")
  @DisplayName("A missing or unusable token is 401 UNAUTHENTICATED; a token that is not ours, tampered or expired is 401 TOKEN_INVALID")
  void unauthenticated(Credential credential, String method, String path) {
    String authorization = credential.authorization().get();
    HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path))
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{\"field\":\"HT\"}"));
    if (authorization != null) request.header("Authorization", authorization);
    long seq = seq();
    Api.Response r = api.send(request, null);
    assertEquals(401, r.status(), r.body());
    assertEquals(credential.code(), r.errorCode());
    assertEquals("Bearer", r.header("WWW-Authenticate"));
    assertEquals(seq, seq(), "nothing journaled");
  }

  @Test
  @DisplayName("A token signed with the server's secret works: the forgeries above fail for their forgery alone")
  void handSignedTokenWorks() {
    long now = Instant.now().getEpochSecond();
    String token = sign(SECRET, new JsonObject().put("sub", "supervisor").put("role", "supervisor").put("center", "default")
        .put("iat", now).put("exp", now + 600));
    assertEquals(200, api.get(CENTER + "/stats", token).status());
  }

  // ---- 403 ----

  @ParameterizedTest(name = "clerk1 → counter 2 {0}")
  @MethodSource("counterActions")
  @DisplayName("A clerk acting at another clerk's counter is 403 FORBIDDEN and nothing changes")
  void clerkAtAnotherCounter(String action) {
    assertForbiddenAndNothingMoves(action, "2", clerk1);
  }

  @ParameterizedTest(name = "supervisor → counter 1 {0}")
  @MethodSource("counterActions")
  @DisplayName("A supervisor acting at a counter is 403 FORBIDDEN and nothing changes")
  void supervisorAtACounter(String action) {
    assertForbiddenAndNothingMoves(action, "1", supervisor);
  }

  static List<String> counterActions() {
    return COUNTER_ACTIONS;
  }

  @Test
  @DisplayName("A clerk at their own counter may act; at a counter that does not exist they may not")
  void clerkAtOwnCounter() {
    dayUsed = true;
    Api.Response called = api.counter("1", "call-next", clerk1);
    assertEquals(200, called.status(), called.body());
    assertEquals("1", called.json().getString("counter"));
    assertEquals(403, api.counter("99", "call-next", clerk1).status());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"clerk1", "supervisor"})
  @DisplayName("Only an admin closes the day: a clerk or a supervisor gets 403 and the day stays open")
  void onlyAdminClosesTheDay(String who) {
    String token = who.equals("clerk1") ? clerk1 : supervisor;
    long seq = seq();
    Api.Response r = api.post(CENTER + "/close-day", null, token);
    assertEquals(403, r.status(), r.body());
    assertEquals("FORBIDDEN", r.errorCode());
    assertFalse(api.center().getBoolean("closed"));
    assertEquals(seq, seq());
  }

  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {"/stats", "/dashboard", "/reports.csv", "/reports.csv?by=tickets"})
  @DisplayName("A clerk cannot read the reports or the dashboard (403); a supervisor and an admin can (200)")
  void reportsAreForSupervisorsAndAdmins(String route) {
    Api.Response clerk = api.get(CENTER + route, clerk1);
    assertEquals(403, clerk.status());
    assertEquals("FORBIDDEN", clerk.errorCode());
    assertEquals(200, api.get(CENTER + route, supervisor).status());
    assertEquals(200, api.get(CENTER + route, admin).status());
  }

  @ParameterizedTest(name = "supervisor → POST {0}")
  @ValueSource(strings = {"/fields/DD/pause", "/fields/DD/resume", "/tickets/x/reprint"})
  @DisplayName("A supervisor reads but changes nothing: pausing a field or asking a reprint is 403 and journals nothing")
  void supervisorChangesNothing(String route) {
    long seq = seq();
    Api.Response r = api.post(CENTER + route, null, supervisor);
    assertEquals(403, r.status(), r.body());
    assertEquals("FORBIDDEN", r.errorCode());
    assertEquals(seq, seq());
  }

  @Test
  @DisplayName("A supervisor cannot withdraw a waiting ticket (403); a clerk of the center can")
  void cancelling() {
    dayUsed = true;
    String waiting = api.issue("KD").getString("id");
    Api.Response bySupervisor = api.post(CENTER + "/tickets/" + waiting + "/cancel", null, supervisor);
    assertEquals(403, bySupervisor.status());
    Api.Response byClerk = api.post(CENTER + "/tickets/" + waiting + "/cancel", null, clerk1);
    assertEquals(200, byClerk.status(), byClerk.body());
    assertEquals("CANCELLED", byClerk.json().getString("status"));
  }

  @Test
  @DisplayName("An admin may act at any counter and close the day")
  void adminDoesEverything() {
    dayUsed = true;
    assertEquals(200, api.counter("2", "start", admin).status());
    assertEquals(200, api.counter("2", "finish", admin).status());
    assertEquals(200, api.counter("7", "call-next", admin).status());
    assertEquals(200, api.counter("8", "pause", admin).status());
    assertEquals(200, api.counter("8", "resume", admin).status());
    Api.Response closed = api.post(CENTER + "/close-day", null, admin);
    assertEquals(200, closed.status(), closed.body());
    assertTrue(closed.json().getBoolean("closed"));
    Api.Response late = api.post(CENTER + "/tickets", "{\"field\":\"DD\"}");
    assertEquals(409, late.status());
    assertEquals("CENTER_CLOSED", late.errorCode());
  }

  // ---- login ----

  @Test
  @DisplayName("A wrong password and an unknown user are both 401 LOGIN_FAILED with the very same answer")
  void loginFailures() {
    for (String language : List.of("vi", "en")) {
      Api.Response wrongPassword = login("admin", "wrong-" + TestServer.PASSWORD, language);
      Api.Response unknownUser = login("nobody", TestServer.PASSWORD, language);
      List<Api.Response> refused = new java.util.ArrayList<>(List.of(wrongPassword, unknownUser));
      if (language.equals("vi")) {
        refused.add(login("Admin", TestServer.PASSWORD, language));
        refused.add(login("clerk1", TestServer.PASSWORD + " ", language));
      }
      for (Api.Response r : refused) {
        assertEquals(401, r.status(), r.body());
        assertEquals("LOGIN_FAILED", r.errorCode());
        assertEquals(wrongPassword.body(), r.body(), "nothing tells which usernames exist");
      }
    }
  }

  // ---- steps ----

  private void assertForbiddenAndNothingMoves(String action, String counter, String token) {
    JsonObject before = api.center();
    long seq = seq();
    String body = action.equals("transfer") ? "{\"field\":\"HT\"}" : null;
    Api.Response r = api.post(CENTER + "/counters/" + counter + "/" + action, body, token);
    assertEquals(403, r.status(), r.body());
    assertEquals("FORBIDDEN", r.errorCode());
    assertEquals(before, api.center());
    assertEquals(seq, seq(), "nothing journaled");
  }

  /** The journal's latest seq, as the lobby screen is told it when it asks to resync. */
  private static long seq() {
    while (!lobby.quietFor(Duration.ZERO)) {
      // drop what came before: the snapshot that answers this resync is the one that counts
    }
    lobby.send(new JsonObject().put("type", "resync"));
    return lobby.nextMatching(m -> "snapshot".equals(m.getString("type"))).getLong("seq");
  }

  private static Api.Response login(String username, String password, String language) {
    return api.send(HttpRequest.newBuilder(api.uri("/api/auth/login"))
        .header("Accept-Language", language).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            new JsonObject().put("username", username).put("password", password).encode())), null);
  }

  private static JsonObject admin(long issuedAt) {
    return new JsonObject().put("sub", "admin").put("role", "admin").put("iat", issuedAt).put("exp", issuedAt + 3600);
  }

  private static String sign(String secret, JsonObject claims) {
    String unsigned = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode()) + "." + b64(claims.encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unsigned(JsonObject claims) {
    return b64(new JsonObject().put("alg", "none").put("typ", "JWT").encode()) + "." + b64(claims.encode()) + ".";
  }

  /** The token's header and signature around other claims: what someone who edits a token by hand gets. */
  private static String withClaims(String token, JsonObject claims) {
    String[] parts = token.split("\\.");
    JsonObject original = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    return parts[0] + "." + b64(original.mergeIn(claims).encode()) + "." + parts[2];
  }

  private static String tamperSignature(String token) {
    String[] parts = token.split("\\.");
    char[] signature = parts[2].toCharArray();
    int middle = signature.length / 2;
    signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
    return parts[0] + "." + parts[1] + "." + new String(signature);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
