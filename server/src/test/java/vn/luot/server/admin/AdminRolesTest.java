package vn.luot.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

@DisplayName("Administration roles: admins change; supervisors read settings, the log and priority tickets; clerks get 403")
class AdminRolesTest {
  @TempDir static Path data;
  static TestServer server;
  static Api api;
  static String admin;
  static String supervisor;
  static String clerk;
  static JsonObject settingsBody;
  static String originalNotice;

  /** A route, and the body a change sends (valid, so only the role can be what refuses it). */
  record Route(String method, String path, String body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static final List<Route> CHANGES = List.of(
      new Route("PUT", "/api/centers/default/settings", null),
      new Route("POST", "/api/admin/accounts", "{\"username\":\"moi1\",\"role\":\"supervisor\",\"center\":\"default\"}"),
      new Route("POST", "/api/admin/accounts/clerk2", "{\"role\":\"clerk\",\"center\":\"default\",\"counter\":\"3\"}"),
      new Route("POST", "/api/admin/accounts/clerk2/disable", null),
      new Route("POST", "/api/admin/accounts/clerk2/enable", null),
      new Route("POST", "/api/admin/accounts/clerk2/reset-password", "{}"),
      new Route("POST", "/api/admin/centers/default/kiosks", "{\"id\":\"K7\"}"),
      new Route("POST", "/api/admin/centers/default/kiosks/K1/rotate-key", null),
      new Route("POST", "/api/admin/centers/default/kiosks/K1/disable", null),
      new Route("POST", "/api/admin/centers/default/kiosks/K1/enable", null));

  static final List<Route> READS = List.of(
      new Route("GET", "/api/centers/default/settings", null),
      new Route("GET", "/api/admin/audit", null),
      new Route("GET", "/api/centers/default/priority-tickets", null));

  static final List<Route> ADMIN_READS = List.of(
      new Route("GET", "/api/admin/accounts", null),
      new Route("GET", "/api/admin/centers/default/kiosks", null));

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    api = server.api();
    admin = api.login("admin");
    supervisor = api.login("supervisor");
    clerk = api.login("clerk1");
    settingsBody = api.get("/api/centers/default/settings", admin).json();
    for (String k : new String[] {"center", "name", "seq"}) settingsBody.remove(k);
    originalNotice = settingsBody.getJsonObject("display").getString("notice");
    settingsBody.getJsonObject("display").put("notice", "thay đổi");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Api.Response call(Route r, String token) {
    String body = r.body() != null ? r.body() : r.method().equals("PUT") ? settingsBody.encode() : null;
    HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(r.path()))
        .method(r.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    return api.send(b, token);
  }

  static List<Route> changes() {
    return CHANGES;
  }

  static List<Route> everything() {
    List<Route> all = new java.util.ArrayList<>(CHANGES);
    all.addAll(READS);
    all.addAll(ADMIN_READS);
    return all;
  }

  static List<Route> reads() {
    return READS;
  }

  static List<Route> adminReads() {
    return ADMIN_READS;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everything")
  @DisplayName("Without a token: 401")
  void withoutToken(Route r) {
    Api.Response res = call(r, null);
    assertEquals(401, res.status(), res.body());
    assertEquals("UNAUTHENTICATED", res.errorCode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everything")
  @DisplayName("A clerk: 403 on every administration route")
  void clerkForbidden(Route r) {
    Api.Response res = call(r, clerk);
    assertEquals(403, res.status(), res.body());
    assertEquals("FORBIDDEN", res.errorCode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  @DisplayName("A supervisor: 403 on every change")
  void supervisorCannotChange(Route r) {
    Api.Response res = call(r, supervisor);
    assertEquals(403, res.status(), res.body());
    assertEquals("FORBIDDEN", res.errorCode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adminReads")
  @DisplayName("A supervisor: 403 on the account and kiosk lists")
  void supervisorCannotListAccounts(Route r) {
    assertEquals(403, call(r, supervisor).status());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  @DisplayName("A supervisor may read settings, the audit log and the priority tickets")
  void supervisorReads(Route r) {
    Api.Response res = call(r, supervisor);
    assertEquals(200, res.status(), res.body());
  }

  @Test
  @DisplayName("Refused callers changed nothing and left no audit row; the same calls by the admin work")
  void refusalsChangedNothing() {
    for (Route r : CHANGES) {
      call(r, clerk);
      call(r, supervisor);
    }
    JsonArray audit = api.get("/api/admin/audit", admin).json().getJsonArray("entries");
    assertTrue(audit.stream().map(JsonObject.class::cast).allMatch(e -> e.getString("actor").equals("config")),
        audit.encode());
    assertEquals(originalNotice, api.get("/api/centers/default/display").json().getString("notice"));
    for (Route r : CHANGES) {
      Api.Response res = call(r, admin);
      assertTrue(res.status() == 200 || res.status() == 201, r + " → " + res.status() + " " + res.body());
    }
    assertEquals("thay đổi", api.get("/api/centers/default/display").json().getString("notice"));
  }
}
