package vn.luot.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

@DisplayName("Accounts: create, edit, disable (tokens stop at once), reset password, all audited and stored")
class AccountsTest {
  static final String ACCOUNTS = "/api/admin/accounts";

  @TempDir Path data;
  TestServer server;
  Api api;
  String admin;

  @BeforeEach
  void start() {
    server = TestServer.start(data);
    api = server.api();
    admin = api.login("admin");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Api.Response login(String username, String password) {
    return api.post("/api/auth/login", new JsonObject().put("username", username).put("password", password).encode());
  }

  private Api.Response create(JsonObject body) {
    return api.post(ACCOUNTS, body.encode(), admin);
  }

  @Test
  @DisplayName("A clerk created with a password signs in and works at their counter; disabled, their token gets 401 at once")
  void createThenDisable() {
    Api.Response created = create(new JsonObject().put("username", "canbo9").put("role", "clerk").put("center", "default")
        .put("counter", "3").put("displayName", "Nguyễn Văn Chín").put("password", "mat-khau-9"));
    assertEquals(201, created.status(), created.body());
    assertNull(created.json().getString("password"), "a chosen password is not echoed");
    String token = login("canbo9", "mat-khau-9").json().getString("token");
    api.issue("HT");
    assertEquals(200, api.counter("3", "call-next", token).status());
    assertEquals(403, api.counter("1", "pause", token).status(), "not another counter");

    Api.Response disabled = api.post(ACCOUNTS + "/canbo9/disable", null, admin);
    assertEquals(200, disabled.status(), disabled.body());
    assertTrue(disabled.json().getBoolean("disabled"));
    Api.Response refused = api.counter("3", "start", token);
    assertEquals(401, refused.status(), "the token stops working at once");
    assertEquals("TOKEN_INVALID", refused.errorCode());
    assertEquals(401, login("canbo9", "mat-khau-9").status());

    assertEquals(200, api.post(ACCOUNTS + "/canbo9/enable", null, admin).status());
    assertEquals(200, login("canbo9", "mat-khau-9").status());
  }

  @Test
  @DisplayName("A reset makes a password shown once; the old password and the sessions opened with it stop working")
  void resetPassword() {
    String oldToken = api.login("clerk2");
    Api.Response reset = api.post(ACCOUNTS + "/clerk2/reset-password", "{}", admin);
    assertEquals(200, reset.status(), reset.body());
    String generated = reset.json().getString("password");
    assertNotNull(generated);
    assertTrue(generated.length() >= 12);
    assertEquals(401, login("clerk2", TestServer.PASSWORD).status());
    assertEquals(200, login("clerk2", generated).status());
    assertEquals(401, api.counter("2", "pause", oldToken).status());

    Api.Response chosen = api.post(ACCOUNTS + "/clerk2/reset-password", "{\"password\":\"chon-san-123\"}", admin);
    assertEquals(200, chosen.status());
    assertNull(chosen.json().getString("password"));
    assertEquals(200, login("clerk2", "chon-san-123").status());
  }

  @Test
  @DisplayName("Accounts and their changes survive a restart; the config file does not overwrite them")
  void storedAccountsWin() {
    assertEquals(201, create(new JsonObject().put("username", "giamsat2").put("role", "supervisor").put("center", "default")
        .put("password", "giam-sat-22")).status());
    assertEquals(200, api.post(ACCOUNTS + "/clerk1/disable", null, admin).status());
    api.post(ACCOUNTS + "/clerk3/reset-password", "{\"password\":\"moi-hoan-toan\"}", admin);
    server.close();
    server = TestServer.start(data);
    api = server.api();
    assertEquals(200, login("giamsat2", "giam-sat-22").status());
    assertEquals(401, login("clerk1", TestServer.PASSWORD).status(), "still disabled");
    assertEquals(401, login("clerk3", TestServer.PASSWORD).status(), "the demo password does not come back");
    assertEquals(200, login("clerk3", "moi-hoan-toan").status());
  }

  @Test
  @DisplayName("Editing moves a clerk to another counter; their old token ends (their rights changed)")
  void editAccount() {
    String oldToken = api.login("clerk4");
    Api.Response edited = api.post(ACCOUNTS + "/clerk4", new JsonObject().put("role", "clerk").put("center", "default")
        .put("counter", "6").put("displayName", "Cán bộ quầy 6").encode(), admin);
    assertEquals(200, edited.status(), edited.body());
    assertEquals("6", edited.json().getString("counter"));
    assertEquals(401, api.counter("4", "pause", oldToken).status());
    assertEquals("6", login("clerk4", TestServer.PASSWORD).json().getString("counter"));
  }

  @Test
  @DisplayName("Refusals: a taken username, bad values, an unknown counter, disabling oneself; nothing is written")
  void refusals() {
    assertError(create(new JsonObject().put("username", "clerk1").put("role", "clerk").put("center", "default").put("counter", "1")),
        409, "ACCOUNT_EXISTS");
    assertError(create(new JsonObject().put("username", "A B").put("role", "clerk")), 400, "INVALID_FIELD_VALUE");
    assertError(create(new JsonObject().put("username", "x1").put("role", "boss")), 400, "INVALID_FIELD_VALUE");
    assertError(create(new JsonObject().put("username", "x1").put("role", "clerk").put("center", "default")), 400, "MISSING_FIELD");
    assertError(create(new JsonObject().put("username", "x1").put("role", "clerk").put("center", "default").put("counter", "99")),
        404, "COUNTER_UNKNOWN");
    assertError(create(new JsonObject().put("username", "x1").put("role", "clerk").put("center", "nowhere").put("counter", "1")),
        404, "CENTER_UNKNOWN");
    assertError(create(new JsonObject().put("username", "x1").put("role", "supervisor").put("password", "short")),
        400, "INVALID_FIELD_VALUE");
    assertError(create(new JsonObject().put("username", "x1").put("role", "supervisor").put("isRoot", true)), 400, "UNKNOWN_PROPERTY");
    assertError(api.post(ACCOUNTS + "/admin/disable", null, admin), 409, "SELF_CHANGE");
    assertError(api.post(ACCOUNTS + "/admin", new JsonObject().put("role", "supervisor").put("center", "default").encode(), admin),
        409, "SELF_CHANGE");
    assertError(api.post(ACCOUNTS + "/nobody/disable", null, admin), 404, "ACCOUNT_UNKNOWN");
    Api.Response en = api.send(java.net.http.HttpRequest.newBuilder(api.uri(ACCOUNTS + "/admin/disable"))
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).header("Accept-Language", "en"), admin);
    assertEquals("You cannot disable your own account or change your own role or center.",
        en.json().getJsonObject("error").getString("message"));

    JsonArray accounts = api.get(ACCOUNTS, admin).json().getJsonArray("accounts");
    List<String> names = accounts.stream().map(a -> ((JsonObject) a).getString("username")).toList();
    assertTrue(names.contains("clerk1") && !names.contains("x1"), names.toString());
    JsonArray audit = api.get("/api/admin/audit", admin).json().getJsonArray("entries");
    assertTrue(audit.stream().map(JsonObject.class::cast).noneMatch(e -> e.getString("actor").equals("admin")),
        "no audit row for refused changes: " + audit.encode());
  }

  @Test
  @DisplayName("Every account change is in the audit log: who, what, when — never the password")
  void audited() {
    create(new JsonObject().put("username", "canbo9").put("role", "clerk").put("center", "default").put("counter", "3")
        .put("password", "mat-khau-9"));
    api.post(ACCOUNTS + "/canbo9/disable", null, admin);
    api.post(ACCOUNTS + "/canbo9/reset-password", "{}", admin);
    JsonArray entries = api.get("/api/admin/audit?limit=3", admin).json().getJsonArray("entries");
    assertEquals(List.of("account.resetPassword", "account.disable", "account.create"),
        entries.stream().map(e -> ((JsonObject) e).getString("action")).toList(), "newest first");
    for (Object o : entries) {
      JsonObject e = (JsonObject) o;
      assertEquals("admin", e.getString("actor"));
      assertEquals("canbo9", e.getString("target"));
      assertEquals("default", e.getString("center"));
      assertNotNull(e.getString("at"));
      assertTrue(!e.encode().contains("mat-khau-9"), e.encode());
    }
    assertEquals("3", entries.getJsonObject(2).getJsonObject("detail").getString("counter"));
    JsonObject page = api.get("/api/admin/audit?limit=2&offset=1", admin).json();
    assertEquals("account.disable", page.getJsonArray("entries").getJsonObject(0).getString("action"));
    assertTrue(page.getBoolean("more"));
    assertError(api.get("/api/admin/audit?limit=0", admin), 400, "INVALID_PARAMETER");
    assertError(api.get("/api/admin/audit?from=2026-13-01", admin), 400, "INVALID_PARAMETER");
  }

  static void assertError(Api.Response r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertEquals(code, r.errorCode(), r.body());
  }
}
