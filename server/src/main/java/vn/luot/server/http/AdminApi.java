package vn.luot.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import vn.luot.server.admin.AdminRefusal;
import vn.luot.server.admin.AdminService;
import vn.luot.server.admin.AuditEntry;
import vn.luot.server.admin.KioskRecord;
import vn.luot.server.admin.PriorityTicket;
import vn.luot.server.auth.Principal;
import vn.luot.server.auth.Role;
import vn.luot.server.auth.UserAccount;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterSettings;
import vn.luot.server.domain.command.Command;
import vn.luot.server.journal.JournalUnavailableException;
import vn.luot.server.wire.WireFormat;

/**
 * The administration routes (docs/API.md, "Administration"): center settings through the engine, accounts, kiosks,
 * the audit log and the day's priority tickets. Admins change; supervisors of a center may read its settings, audit
 * log and priority tickets; clerks get 403 everywhere here.
 */
final class AdminApi {
  static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
  static final Pattern PASSWORD = Pattern.compile("[^\\p{Cc}]{8,200}");
  static final int MAX_AUDIT_PAGE = 200;

  private final io.vertx.core.Vertx vertx;
  private final HttpApi api;
  private final Services services;
  private final AdminService admin;

  AdminApi(io.vertx.core.Vertx vertx, HttpApi api, Services services) {
    this.vertx = vertx;
    this.api = api;
    this.services = services;
    this.admin = services.admin();
  }

  void mount(Router r) {
    Handler<RoutingContext> signedIn = api::signedIn;
    r.get("/api/centers/:center/settings").handler(signedIn).handler(this::settings);
    r.put("/api/centers/:center/settings").handler(signedIn).handler(this::changeSettings);
    r.get("/api/centers/:center/priority-tickets").handler(signedIn).handler(this::priorityTickets);
    r.get("/api/admin/audit").handler(signedIn).handler(this::audit);
    r.get("/api/admin/accounts").handler(signedIn).handler(this::accounts);
    r.post("/api/admin/accounts").handler(signedIn).handler(this::createAccount);
    r.post("/api/admin/accounts/:username").handler(signedIn).handler(this::editAccount);
    r.post("/api/admin/accounts/:username/disable").handler(signedIn).handler(ctx -> setDisabled(ctx, true));
    r.post("/api/admin/accounts/:username/enable").handler(signedIn).handler(ctx -> setDisabled(ctx, false));
    r.post("/api/admin/accounts/:username/reset-password").handler(signedIn).handler(this::resetPassword);
    r.get("/api/admin/centers/:center/kiosks").handler(signedIn).handler(this::kiosks);
    r.post("/api/admin/centers/:center/kiosks").handler(signedIn).handler(this::createKiosk);
    r.post("/api/admin/centers/:center/kiosks/:kiosk/rotate-key").handler(signedIn).handler(this::rotateKey);
    r.post("/api/admin/centers/:center/kiosks/:kiosk/disable").handler(signedIn).handler(ctx -> setKioskDisabled(ctx, true));
    r.post("/api/admin/centers/:center/kiosks/:kiosk/enable").handler(signedIn).handler(ctx -> setKioskDisabled(ctx, false));
  }

  // ---- settings ----

  private void settings(RoutingContext ctx) {
    CenterConfig center = api.center(ctx);
    if (!HttpApi.principal(ctx).mayReadReports(center.id())) throw ApiError.of(403, "FORBIDDEN");
    services.engines().read(center.id(), state -> settingsView(state.config(), state.seq()))
        .onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
  }

  /** The whole settings document replaces the current one, decided and journaled by the center's engine. */
  private void changeSettings(RoutingContext ctx) {
    CenterConfig center = api.center(ctx);
    Principal who = HttpApi.principal(ctx);
    if (!who.isAdminOf(center.id())) throw ApiError.of(403, "FORBIDDEN");
    CenterSettings settings = SettingsJson.parse(ctx.body().buffer());
    api.execute(center.id(), new Command.ChangeSettings(settings, who.username()))
        .compose(r -> services.engines().read(center.id(), state -> settingsView(state.config(), state.seq())))
        .onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
  }

  private static JsonObject settingsView(CenterConfig config, long seq) {
    return new JsonObject().put("center", config.id()).put("name", config.name()).put("seq", seq)
        .mergeIn(SettingsJson.render(config.settings()));
  }

  // ---- priority tickets and the audit log ----

  private void priorityTickets(RoutingContext ctx) {
    CenterConfig center = api.center(ctx);
    if (!HttpApi.principal(ctx).mayReadReports(center.id())) throw ApiError.of(403, "FORBIDDEN");
    LocalDate day = HttpApi.dateParam(ctx, "day", LocalDate.ofInstant(services.clock().instant(), center.zone()));
    blocking(() -> admin.store().priorityTickets(center.id(), day)).onSuccess(list -> {
      JsonArray out = new JsonArray();
      for (PriorityTicket t : list) {
        out.add(new JsonObject().put("id", t.id()).put("number", t.number()).put("field", t.field())
            .put("fieldName", center.field(t.field()).map(f -> f.name()).orElse(t.field()))
            .put("priorityGroup", t.priorityGroup()).put("grantedBy", t.grantedBy()).put("kiosk", t.kiosk())
            .put("status", t.status()).put("issuedAt", WireFormat.time(t.issuedAt(), center.zone())));
      }
      json(ctx, 200, new JsonObject().put("day", day.toString()).put("tickets", out));
    }).onFailure(e -> fail(ctx, e));
  }

  /** Newest first; supervisors see their own center's rows only. */
  private void audit(RoutingContext ctx) {
    Principal who = HttpApi.principal(ctx);
    String center = ctx.request().getParam("center");
    if (center != null && !center.isEmpty()) {
      api.centerById(center);
      if (!who.mayReadReports(center)) throw ApiError.of(403, "FORBIDDEN");
    } else if (who.center() == null && who.role() != Role.CLERK) {
      center = null; // staff of every center read every row
    } else if (who.center() != null && who.mayReadReports(who.center())) {
      center = who.center();
    } else {
      throw ApiError.of(403, "FORBIDDEN");
    }
    ZoneId zone = center == null ? services.engines().centers().get(0).zone() : api.centerById(center).zone();
    LocalDate from = HttpApi.dateParam(ctx, "from", null);
    LocalDate to = HttpApi.dateParam(ctx, "to", null);
    if (from != null && to != null && to.isBefore(from)) throw ApiError.invalid("INVALID_PARAMETER", "to", "toBeforeFrom");
    int limit = intParam(ctx, "limit", 50, 1, MAX_AUDIT_PAGE);
    int offset = intParam(ctx, "offset", 0, 0, 1_000_000);
    Instant start = from == null ? null : from.atStartOfDay(zone).toInstant();
    Instant end = to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant();
    String c = center;
    blocking(() -> admin.store().audit(c, start, end, limit + 1, offset)).onSuccess(rows -> {
      JsonArray out = new JsonArray();
      for (AuditEntry e : rows.subList(0, Math.min(limit, rows.size()))) {
        out.add(new JsonObject().put("at", WireFormat.time(e.at(), zone)).put("actor", e.actor())
            .put("center", e.center()).put("action", e.action()).put("target", e.target())
            .put("detail", e.detail() == null ? null : new JsonObject(e.detail())));
      }
      json(ctx, 200, new JsonObject().put("entries", out).put("offset", offset).put("limit", limit)
          .put("more", rows.size() > limit));
    }).onFailure(e -> fail(ctx, e));
  }

  // ---- accounts ----

  private void accounts(RoutingContext ctx) {
    Principal who = requireAdmin(ctx);
    blocking(() -> admin.store().accounts()).onSuccess(list -> {
      JsonArray out = new JsonArray();
      for (UserAccount a : list) if (mayManage(who, a.center())) out.add(accountView(a));
      json(ctx, 200, new JsonObject().put("accounts", out));
    }).onFailure(e -> fail(ctx, e));
  }

  private void createAccount(RoutingContext ctx) {
    Principal who = requireAdmin(ctx);
    JsonBody body = JsonBody.parse(ctx.body().buffer(),
        Set.of("username", "role", "center", "counter", "displayName", "password"));
    UserAccount draft = draft(body, body.requiredString("username", USERNAME, "username"), who);
    String password = body.optionalString("password", PASSWORD, "password");
    admin.createAccount(who, draft, password).onSuccess(created -> {
      JsonObject view = accountView(created.account());
      if (created.generatedPassword() != null) view.put("password", created.generatedPassword());
      json(ctx, 201, view);
    }).onFailure(e -> fail(ctx, e));
  }

  private void editAccount(RoutingContext ctx) {
    Principal who = requireAdmin(ctx);
    String username = ctx.pathParam("username");
    UserAccount existing = manageable(who, username);
    JsonBody body = JsonBody.parse(ctx.body().buffer(), Set.of("role", "center", "counter", "displayName"));
    UserAccount edited = draft(body, username, who);
    if (username.equals(who.username()) && (edited.role() != existing.role()
        || !java.util.Objects.equals(edited.center(), existing.center()))) {
      throw ApiError.of(409, "SELF_CHANGE");
    }
    admin.editAccount(who, edited).onSuccess(a -> json(ctx, 200, accountView(a))).onFailure(e -> fail(ctx, e));
  }

  private void setDisabled(RoutingContext ctx, boolean disabled) {
    Principal who = requireAdmin(ctx);
    String username = ctx.pathParam("username");
    manageable(who, username);
    JsonBody.parse(ctx.body().buffer(), Set.of());
    if (disabled && username.equals(who.username())) throw ApiError.of(409, "SELF_CHANGE");
    admin.setDisabled(who, username, disabled).onSuccess(a -> json(ctx, 200, accountView(a))).onFailure(e -> fail(ctx, e));
  }

  private void resetPassword(RoutingContext ctx) {
    Principal who = requireAdmin(ctx);
    String username = ctx.pathParam("username");
    manageable(who, username);
    JsonBody body = JsonBody.parse(ctx.body().buffer(), Set.of("password"));
    String password = body.optionalString("password", PASSWORD, "password");
    admin.resetPassword(who, username, password).onSuccess(generated -> {
      JsonObject out = new JsonObject().put("username", username);
      if (generated != null) out.put("password", generated);
      json(ctx, 200, out);
    }).onFailure(e -> fail(ctx, e));
  }

  /** The account fields of a create or edit body, checked against the centers as they now are. */
  private UserAccount draft(JsonBody body, String username, Principal who) {
    Role role = Role.parse(body.requiredString("role", HttpApi.NAME, "role"))
        .orElseThrow(() -> ApiError.invalidValue("role", "role"));
    String center = body.optionalString("center", Pattern.compile("[a-z0-9][a-z0-9-]{0,63}"), "center");
    String counter = body.optionalString("counter", SettingsJson.COUNTER_ID, "counterId");
    String displayName = body.optionalString("displayName", HttpApi.NAME, "text200");
    if (center != null) {
      CenterConfig c = api.centerById(center);
      if (counter != null && c.counter(counter).isEmpty()) throw ApiError.of(404, "COUNTER_UNKNOWN", "counter", counter);
    }
    if (role == Role.CLERK && (center == null || counter == null)) throw ApiError.of(400, "MISSING_FIELD", "name", center == null ? "center" : "counter");
    if (role != Role.CLERK && counter != null) throw ApiError.of(400, "UNKNOWN_PROPERTY", "name", "counter");
    if (!mayManage(who, center)) throw ApiError.of(403, "FORBIDDEN");
    return new UserAccount(username, role, center, counter, "-", displayName == null ? null : displayName.strip());
  }

  private UserAccount manageable(Principal who, String username) {
    UserAccount a = services.auth().account(username).orElseThrow(() -> ApiError.of(404, "ACCOUNT_UNKNOWN", "username", username));
    if (!mayManage(who, a.center())) throw ApiError.of(403, "FORBIDDEN");
    return a;
  }

  /** An admin of every center manages every account; an admin of one center, that center's accounts only. */
  private static boolean mayManage(Principal who, String center) {
    return who.role() == Role.ADMIN && (who.center() == null || who.center().equals(center));
  }

  private static JsonObject accountView(UserAccount a) {
    return new JsonObject().put("username", a.username()).put("role", a.role().wireName()).put("center", a.center())
        .put("counter", a.counter()).put("displayName", a.displayName()).put("disabled", a.disabled());
  }

  // ---- kiosks ----

  private void kiosks(RoutingContext ctx) {
    CenterConfig center = adminCenter(ctx);
    JsonArray out = new JsonArray();
    for (KioskRecord k : services.kioskDirectory().of(center.id())) {
      JsonObject view = kioskView(k);
      services.kiosks().of(center.id()).stream().filter(s -> s.kiosk().equals(k.id())).findFirst().ifPresent(s ->
          view.put("connected", s.connected()).put("printer", s.printer())
              .put("lastSeen", WireFormat.time(s.lastSeen(), center.zone())));
      out.add(view);
    }
    json(ctx, 200, new JsonObject().put("kiosks", out));
  }

  private void createKiosk(RoutingContext ctx) {
    CenterConfig center = adminCenter(ctx);
    JsonBody body = JsonBody.parse(ctx.body().buffer(), Set.of("id", "name"));
    String id = body.requiredString("id", HttpApi.KIOSK, "kiosk");
    String name = body.optionalString("name", HttpApi.NAME, "text200");
    admin.createKiosk(HttpApi.principal(ctx), center.id(), id, name == null ? null : name.strip())
        .onSuccess(k -> json(ctx, 201, kioskView(k.kiosk()).put("key", k.key())))
        .onFailure(e -> fail(ctx, e));
  }

  private void rotateKey(RoutingContext ctx) {
    CenterConfig center = adminCenter(ctx);
    JsonBody.parse(ctx.body().buffer(), Set.of());
    admin.rotateKioskKey(HttpApi.principal(ctx), center.id(), ctx.pathParam("kiosk"))
        .onSuccess(k -> json(ctx, 200, kioskView(k.kiosk()).put("key", k.key())))
        .onFailure(e -> fail(ctx, e));
  }

  private void setKioskDisabled(RoutingContext ctx, boolean disabled) {
    CenterConfig center = adminCenter(ctx);
    JsonBody.parse(ctx.body().buffer(), Set.of());
    admin.setKioskDisabled(HttpApi.principal(ctx), center.id(), ctx.pathParam("kiosk"), disabled)
        .onSuccess(k -> json(ctx, 200, kioskView(k)))
        .onFailure(e -> fail(ctx, e));
  }

  private static JsonObject kioskView(KioskRecord k) {
    return new JsonObject().put("id", k.id()).put("name", k.name()).put("disabled", k.disabled())
        .put("connected", false);
  }

  // ---- shared steps ----

  private static Principal requireAdmin(RoutingContext ctx) {
    Principal who = HttpApi.principal(ctx);
    if (who.role() != Role.ADMIN) throw ApiError.of(403, "FORBIDDEN");
    return who;
  }

  private CenterConfig adminCenter(RoutingContext ctx) {
    CenterConfig center = api.center(ctx);
    if (!HttpApi.principal(ctx).isAdminOf(center.id())) throw ApiError.of(403, "FORBIDDEN");
    return center;
  }

  private <T> Future<T> blocking(Supplier<T> read) {
    return vertx.executeBlocking(read::get, false);
  }

  /** A store refusal is the admin's mistake (4xx); storage down is 503; anything else the failure handler logs. */
  private static void fail(RoutingContext ctx, Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof AdminRefusal r) ctx.fail(new ApiError(r.status(), r.code(), r.details()));
    else if (cause instanceof JournalUnavailableException) ctx.fail(ApiError.of(503, "SERVICE_UNAVAILABLE"));
    else ctx.fail(cause);
  }

  private static int intParam(RoutingContext ctx, String name, int otherwise, int min, int max) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isEmpty()) return otherwise;
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new ApiError(400, "INVALID_PARAMETER", java.util.Map.of("name", name, "reason", "@reason.integerRange",
          "min", String.valueOf(min), "max", String.valueOf(max)));
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body.encode());
  }
}
