package vn.luot.server.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import vn.luot.server.auth.AuthService;
import vn.luot.server.auth.Principal;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.Outcome;
import vn.luot.server.domain.PriorityGroup;
import vn.luot.server.domain.Purpose;
import vn.luot.server.domain.RatingReason;
import vn.luot.server.domain.Rejection;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.command.Command;
import vn.luot.server.engine.CommandResult;
import vn.luot.server.engine.EngineUnavailableException;
import vn.luot.server.engine.Engines;
import vn.luot.server.journal.Journal;
import vn.luot.server.journal.StorageFailure;
import vn.luot.server.push.KioskFeed;
import vn.luot.server.push.KioskRegistry;
import vn.luot.server.push.PushHub;
import vn.luot.server.push.TicketArchive;
import vn.luot.server.stats.StatsReport;
import vn.luot.server.wire.WireFormat;

/**
 * The HTTP and WebSocket contract of DESIGN.md. {@link #router()} reads as its table of contents; each handler
 * validates at the edge, sends one command or read to the center's engine, and renders the answer. Every refusal
 * goes through one failure handler as {@code {"error":{"code","message"}}}.
 */
public final class HttpApi {
  private static final Logger LOG = Logger.getLogger(HttpApi.class.getName());
  public static final int MAX_BODY_BYTES = 64 * 1024;
  static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,16}");
  static final Pattern KIOSK = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  static final Pattern DOSSIER = Pattern.compile("[\\p{L}\\p{N}_./-]{1,64}");
  static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  static final Pattern NAME = Pattern.compile("\\S.{0,199}", Pattern.DOTALL);
  static final Pattern TICKET_ID = Pattern.compile("[A-Za-z0-9-]{1,80}");
  static final Pattern TEXT = Pattern.compile("[^\\p{Cc}]{0,500}");
  private static final String PRINCIPAL = "principal";

  private final Vertx vertx;
  private final Engines engines;
  private final Journal journal;
  private final AuthService auth;
  private final PushHub hub;
  private final TicketArchive archive;
  private final Services services;
  /** Read-only once loaded, so one serves every verticle (and HttpVerticle, before the API exists). */
  private static final Messages MESSAGES = new Messages();
  private final ReportRoutes reports;

  public HttpApi(Vertx vertx, Services services, PushHub hub, TicketArchive archive) {
    this.vertx = vertx;
    this.services = services;
    this.engines = services.engines();
    this.journal = services.journal();
    this.auth = services.auth();
    this.hub = hub;
    this.archive = archive;
    this.reports = new ReportRoutes(vertx, services);
  }

  public Router router() {
    Router r = Router.router(vertx);
    r.route().handler(MalformedRequests::check);
    r.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    r.route("/api/*").handler(this::apiHeaders);

    r.get("/health").handler(this::health);
    r.get("/metrics").handler(services.scrape());
    // The streams early in the table: each request tries the routes in order, and after a restart every screen
    // reconnects at once.
    r.get("/ws/centers/:center").handler(this::centerStream);
    r.get("/ws/track/:token").handler(this::ticketStream);
    r.get("/ws/centers/:center/kiosks/:kiosk/jobs").handler(this::printJobStream);

    r.post("/api/auth/login").handler(this::login);
    r.get("/api/centers").handler(this::listCenters);
    r.get("/api/centers/:center").handler(this::centerInfo);
    r.get("/api/centers/:center/display").handler(this::displaySettings);
    r.post("/api/centers/:center/tickets").handler(services.guard()::issue).handler(this::issueTicket);
    r.post("/api/centers/:center/tickets/:ticket/cancel").handler(this::signedIn).handler(this::cancelTicket);
    r.post("/api/centers/:center/counters/:counter/call-next").handler(this::signedIn).handler(this::callNext);
    r.post("/api/centers/:center/counters/:counter/recall").handler(this::signedIn).handler(this::recall);
    r.post("/api/centers/:center/counters/:counter/start").handler(this::signedIn).handler(this::start);
    r.post("/api/centers/:center/counters/:counter/finish").handler(this::signedIn).handler(this::finish);
    r.post("/api/centers/:center/counters/:counter/no-show").handler(this::signedIn).handler(this::noShow);
    r.post("/api/centers/:center/counters/:counter/transfer").handler(this::signedIn).handler(this::transfer);
    r.post("/api/centers/:center/counters/:counter/pause").handler(this::signedIn).handler(this::pause);
    r.post("/api/centers/:center/counters/:counter/resume").handler(this::signedIn).handler(this::resume);
    r.post("/api/centers/:center/tickets/:ticket/reprint").handler(this::signedIn).handler(this::reprint);
    r.post("/api/centers/:center/fields/:field/pause").handler(this::signedIn).handler(this::pauseField);
    r.post("/api/centers/:center/fields/:field/resume").handler(this::signedIn).handler(this::resumeField);
    r.get("/api/centers/:center/kiosks").handler(this::signedIn).handler(this::kiosks);
    r.post("/api/centers/:center/close-day").handler(this::signedIn).handler(this::closeDay);
    r.get("/api/centers/:center/stats").handler(this::signedIn).handler(reports::stats);
    r.get("/api/centers/:center/reports.csv").handler(this::signedIn).handler(reports::csv);
    r.get("/api/centers/:center/dashboard").handler(this::signedIn).handler(reports::dashboard);
    r.get("/api/centers/:center/counters/:counter/today").handler(this::signedIn).handler(this::counterToday);
    r.get("/api/centers/:center/counters/:counter/rating").handler(this::ratingTablet);
    r.post("/api/centers/:center/counters/:counter/rating").handler(this::rateAtCounter);
    r.get("/api/track/:token").handler(this::track);
    r.get("/api/track/:token/qr.svg").handler(this::trackQr);
    r.post("/api/track/:token/rating").handler(this::rate);
    r.post("/api/track/:token/cancel").handler(this::cancelByCitizen);

    new AdminApi(vertx, this, services).mount(r);

    // A citizen's ticket page, the link in the ticket's QR code: one page, the token read from the address.
    r.get("/t/:token").handler(ctx -> ctx.reroute("/track/index.html"));
    // The reports page's chart library, from its webjar.
    r.get("/lib/uplot/*").handler(ReportRoutes.chartLibrary());
    // Screens: GET and HEAD, outside /api/ and /ws/. A catch-all for every method and path would turn a wrong
    // method on a contract route into 404 instead of 405.
    r.routeWithRegex("/(?!api/|ws/).*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticHandler.create("luot-web").setCachingEnabled(true).setMaxAgeSeconds(60));
    r.route().failureHandler(this::failure);
    // The router itself refuses a path it cannot decode (a bad %-escape) with 400 before any route runs.
    r.errorHandler(400, ctx -> error(ctx, ApiError.of(400, "BAD_REQUEST")));
    r.errorHandler(404, ctx -> error(ctx, ApiError.of(404, "NOT_FOUND")));
    r.errorHandler(405, ctx -> error(ctx, ApiError.of(405, "METHOD_NOT_ALLOWED")));
    return r;
  }

  /**
   * Requests the HTTP decoder refuses before any route sees them (request line or headers too long, garbled
   * syntax): answered in the same error shape, then the connection closes.
   */
  public void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError e = cause instanceof TooLongHttpLineException ? ApiError.of(414, "URI_TOO_LONG")
        : cause instanceof TooLongHttpHeaderException ? ApiError.of(431, "HEADERS_TOO_LARGE")
        : ApiError.of(400, "BAD_REQUEST");
    // Said in the answer too, so a client that keeps connections alive does not send its next request into a close.
    request.response().setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(errorBody(e, request.getHeader(HttpHeaders.ACCEPT_LANGUAGE)).encode())
        .onComplete(ar -> request.connection().close());
  }

  // ---- handlers ----

  private void health(RoutingContext ctx) {
    vertx.executeBlocking(journal::healthy, false).onComplete(ar -> {
      boolean up = ar.succeeded() && ar.result();
      // Reads work but the last write failed (disk full, read-only): DEGRADED, still 200, so the node stays in
      // rotation for screens and tracking, and the next write that succeeds clears it.
      Optional<StorageFailure> writeFailure = up ? journal.writeFailure() : Optional.empty();
      JsonObject body = new JsonObject().put("status", !up ? "DOWN" : writeFailure.isPresent() ? "DEGRADED" : "UP")
          .put("journal", up ? "UP" : "DOWN").put("writes", !up ? "DOWN" : writeFailure.isPresent() ? "FAILING" : "UP")
          .put("centers", engines.centers().size()).put("node", services.node().get().put("engines", engines.running()));
      writeFailure.ifPresent(why -> body.put("writeFailure", why.name()));
      json(ctx, up ? 200 : 503, body);
    });
  }

  private void login(RoutingContext ctx) {
    JsonBody body = JsonBody.parse(ctx.body().buffer(), Set.of("username", "password"));
    String username = body.requiredString("username", NAME, "text200");
    String password = body.requiredString("password", NAME, "text200");
    services.guard().loginAttempt(ctx.request(), username);
    auth.login(username, password).onSuccess(session -> {
      if (session.isEmpty()) {
        ctx.fail(ApiError.of(401, "LOGIN_FAILED"));
        return;
      }
      services.guard().loginSucceeded(ctx.request(), username);
      Principal p = session.get().principal();
      json(ctx, 200, new JsonObject().put("token", session.get().token()).put("role", p.role().wireName())
          .put("username", p.username()).put("center", p.center()).put("counter", p.counter())
          .put("expiresInSeconds", session.get().ttl().toSeconds()));
    }).onFailure(ctx::fail);
  }

  private void listCenters(RoutingContext ctx) {
    io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
    for (CenterConfig c : engines.centers()) list.add(new JsonObject().put("id", c.id()).put("name", c.name()));
    json(ctx, 200, new JsonObject().put("centers", list));
  }

  private void centerInfo(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    centerView(center).onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
  }

  /** The center as GET /api/centers/{center} shows it, from the durable state (after a command: with its events). */
  private Future<JsonObject> centerView(CenterConfig center) {
    return engines.read(center.id(), WireFormat::center);
  }

  private void displaySettings(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    json(ctx, 200, WireFormat.display(center.display()));
  }

  private static final Set<String> ISSUE_PROPERTIES =
      Set.of("field", "priority", "priorityGroup", "purpose", "dossierCode", "kiosk");

  private void issueTicket(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    JsonBody body = JsonBody.parse(ctx.body().buffer(), ISSUE_PROPERTIES);
    String field = body.requiredString("field", CODE, "fieldCode");
    boolean priority = body.optionalBoolean("priority", false);
    PriorityGroup group = body.optionalEnum("priorityGroup", PriorityGroup.class);
    Purpose purpose = body.optionalEnum("purpose", Purpose.class);
    String dossier = body.optionalString("dossierCode", DOSSIER, "dossierCode");
    String kiosk = body.optionalString("kiosk", KIOSK, "kiosk");
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw ApiError.invalid("INVALID_HEADER", "Idempotency-Key", "idempotencyKey");
    }
    String trackToken = TrackTokens.newToken(center.id());
    // Staff may issue a ticket for a citizen (a priority one at the desk): signed in, they are recorded as granting it.
    grantor(ctx).compose(by -> execute(center.id(), new Command.IssueTicket(field, priority, group, purpose, dossier,
        kiosk, key, trackToken, priority ? by : null))).onSuccess(r -> {
      if (r.replay()) ctx.response().putHeader("Idempotent-Replay", "true");
      json(ctx, 201, WireFormat.issuedTicket(center, r.ticket(), r.ahead(), r.estimatedWaitMinutes()));
    }).onFailure(ctx::fail);
  }

  /** Who is signed in on a request that may carry a token (null without one); a bad token is 401, not ignored. */
  private Future<String> grantor(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) return Future.succeededFuture(null);
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
      return Future.failedFuture(ApiError.of(401, "UNAUTHENTICATED"));
    }
    return auth.authenticate(header.substring(7).trim()).map(Principal::username)
        .recover(e -> Future.failedFuture(ApiError.of(401, "TOKEN_INVALID")));
  }

  private void cancelTicket(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    if (!principal(ctx).mayCancelAt(center.id())) throw ApiError.of(403, "FORBIDDEN");
    JsonBody.parse(ctx.body().buffer(), Set.of());
    String ticket = ctx.pathParam("ticket");
    execute(center.id(), new Command.CancelTicket(ticket, principal(ctx).username()))
        .onSuccess(r -> json(ctx, 200, ticketView(center, r))).onFailure(ctx::fail);
  }

  private void callNext(RoutingContext ctx) {
    counterCommand(ctx, Set.of(), (body, actor) -> new Command.CallNext(counter(ctx), actor), this::ticketOrNoContent);
  }

  private void recall(RoutingContext ctx) {
    counterCommand(ctx, Set.of(), (body, actor) -> new Command.Recall(counter(ctx), actor), this::ticketOrNoContent);
  }

  private void start(RoutingContext ctx) {
    counterCommand(ctx, Set.of(), (body, actor) -> new Command.StartService(counter(ctx), actor), this::ticketOrNoContent);
  }

  private void finish(RoutingContext ctx) {
    counterCommand(ctx, Set.of("outcome", "dossierCode"), (body, actor) -> new Command.FinishService(counter(ctx), actor,
        body.optionalEnum("outcome", Outcome.class),
        body.optionalString("dossierCode", DOSSIER, "dossierCode")), this::ticketOrNoContent);
  }

  private void noShow(RoutingContext ctx) {
    counterCommand(ctx, Set.of(), (body, actor) -> new Command.MarkNoShow(counter(ctx), actor), this::ticketOrNoContent);
  }

  private void transfer(RoutingContext ctx) {
    counterCommand(ctx, Set.of("field", "note"), (body, actor) -> new Command.Transfer(counter(ctx), actor,
        body.requiredString("field", CODE, "fieldCode"),
        body.optionalString("note", TEXT, "text500")), this::ticketOrNoContent);
  }

  private void pause(RoutingContext ctx) {
    counterCommand(ctx, Set.of("reason"), (body, actor) -> new Command.PauseCounter(counter(ctx), actor,
        body.optionalString("reason", TEXT, "text500")), this::counterView);
  }

  private void resume(RoutingContext ctx) {
    counterCommand(ctx, Set.of(), (body, actor) -> new Command.ResumeCounter(counter(ctx), actor), this::counterView);
  }

  private void closeDay(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    if (!principal(ctx).isAdminOf(center.id())) throw ApiError.of(403, "FORBIDDEN");
    JsonBody.parse(ctx.body().buffer(), Set.of());
    execute(center.id(), new Command.CloseDay(principal(ctx).username()))
        .compose(r -> centerView(center))
        .onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
  }

  private void reprint(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    if (!principal(ctx).mayCancelAt(center.id())) throw ApiError.of(403, "FORBIDDEN");
    JsonBody.parse(ctx.body().buffer(), Set.of());
    String ticket = ctx.pathParam("ticket");
    execute(center.id(), new Command.RequestReprint(ticket, principal(ctx).username()))
        .compose(r -> engines.read(center.id(), state -> WireFormat.printStatus(state, state.printJob(ticket).orElseThrow())))
        .onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
  }

  private void pauseField(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    if (!principal(ctx).isAdminOf(center.id())) throw ApiError.of(403, "FORBIDDEN");
    JsonBody body = JsonBody.parse(ctx.body().buffer(), Set.of("reason"));
    String reason = body.optionalString("reason", TEXT, "text500");
    execute(center.id(), new Command.PauseField(ctx.pathParam("field"), principal(ctx).username(), reason))
        .compose(r -> centerView(center))
        .onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
  }

  private void resumeField(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    if (!principal(ctx).isAdminOf(center.id())) throw ApiError.of(403, "FORBIDDEN");
    JsonBody.parse(ctx.body().buffer(), Set.of());
    execute(center.id(), new Command.ResumeField(ctx.pathParam("field"), principal(ctx).username()))
        .compose(r -> centerView(center))
        .onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
  }

  /** The kiosks' printers as their agents last reported, and today's kiosk tickets not (yet) printed. */
  private void kiosks(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    Principal who = principal(ctx);
    if (!who.mayCancelAt(center.id()) && !who.mayReadReports(center.id())) throw ApiError.of(403, "FORBIDDEN");
    io.vertx.core.json.JsonArray kiosks = new io.vertx.core.json.JsonArray();
    for (KioskRegistry.KioskStatus k : services.kiosks().of(center.id())) {
      kiosks.add(new JsonObject().put("kiosk", k.kiosk()).put("connected", k.connected()).put("printer", k.printer())
          .put("detail", k.detail()).put("since", WireFormat.time(k.since(), center.zone()))
          .put("lastSeen", WireFormat.time(k.lastSeen(), center.zone())));
    }
    engines.read(center.id(), state -> {
      io.vertx.core.json.JsonArray jobs = new io.vertx.core.json.JsonArray();
      state.printJobs().stream().filter(j -> j.status() != vn.luot.server.domain.PrintStatus.PRINTED)
          .forEach(j -> jobs.add(WireFormat.printStatus(state, j)));
      return jobs;
    }).onSuccess(jobs -> json(ctx, 200, new JsonObject().put("kiosks", kiosks).put("unprinted", jobs)))
        .onFailure(ctx::fail);
  }

  private void track(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String center = trackCenter(token);
    archive.view(center, token)
        .onSuccess(view -> {
          if (view == null) ctx.fail(ApiError.of(404, "TICKET_UNKNOWN"));
          else json(ctx, 200, view);
        }).onFailure(ctx::fail);
  }

  /** The QR code of the tracking link, as SVG, for the kiosk screen to show while (or instead of) printing. */
  private void trackQr(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String center = trackCenter(token);
    String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
    String link = ctx.request().scheme() + "://" + host + "/t/" + token;
    ticketIdOf(center, token).onSuccess(id -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "image/svg+xml; charset=utf-8")
            .putHeader("Cache-Control", "private, max-age=86400")
            .end(QrSvg.of(link)))
        .onFailure(ctx::fail);
  }

  private static final Set<String> RATING_PROPERTIES = Set.of("score", "reason");

  private void rate(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String center = trackCenter(token);
    int levels = engines.center(center).orElseThrow().policy().ratingLevels();
    JsonBody body = JsonBody.parse(ctx.body().buffer(), RATING_PROPERTIES);
    int score = body.requiredInt("score", 1, levels);
    RatingReason reason = body.optionalEnum("reason", RatingReason.class);
    ticketIdOf(center, token)
        .compose(id -> execute(center, new Command.RateService(id, score, reason, null)))
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** The clerk's own figures for today at their counter (or any counter, for an admin or supervisor). */
  private void counterToday(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    String counter = counter(ctx);
    Principal who = principal(ctx);
    if (!who.mayActAt(center.id(), counter) && !who.mayReadReports(center.id())) throw ApiError.of(403, "FORBIDDEN");
    if (center.counter(counter).isEmpty()) throw ApiError.of(404, "COUNTER_UNKNOWN", "counter", counter);
    LocalDate today = LocalDate.ofInstant(services.clock().instant(), center.zone());
    vertx.executeBlocking(() -> StatsReport.counterDay(center, counter, today, journal.tickets(center.id(), today, today)), false)
        .onSuccess(figures -> json(ctx, 200, figures))
        .onFailure(e -> ctx.fail(new EngineUnavailableException(e.getMessage())));
  }

  /**
   * What a counter's rating tablet needs: the scale, the reasons, and the ticket it may ask about now (the one the
   * counter finished last, while the rating window is open and nobody has rated it), or null.
   */
  private void ratingTablet(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    String counter = counter(ctx);
    if (center.counter(counter).isEmpty()) throw ApiError.of(404, "COUNTER_UNKNOWN", "counter", counter);
    java.time.Instant now = services.clock().instant();
    engines.read(center.id(), state -> WireFormat.ratingTablet(state, counter, now))
        .onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
  }

  /**
   * A rating from the counter's tablet. The tablet holds no citizen's token: it may rate only the ticket its counter
   * has just finished, once, within the window (the domain checks all three).
   */
  private void rateAtCounter(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    String counter = counter(ctx);
    JsonBody body = JsonBody.parse(ctx.body().buffer(), Set.of("ticket", "score", "reason"));
    String ticket = body.requiredString("ticket", TICKET_ID, "ticketId");
    int score = body.requiredInt("score", 1, center.policy().ratingLevels());
    RatingReason reason = body.optionalEnum("reason", RatingReason.class);
    execute(center.id(), new Command.RateService(ticket, score, reason, counter))
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void cancelByCitizen(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String center = trackCenter(token);
    JsonBody.parse(ctx.body().buffer(), Set.of());
    ticketIdOf(center, token)
        .compose(id -> execute(center, new Command.CancelTicket(id, "citizen")))
        .compose(r -> engines.read(center, state -> WireFormat.track(state, state.ticket(r.ticket().id()).orElseThrow())))
        .onSuccess(view -> json(ctx, 200, view))
        .onFailure(ctx::fail);
  }

  private void centerStream(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    requireUpgrade(ctx);
    String counter = ctx.request().getParam("counter");
    if (counter != null && center.counter(counter).isEmpty()) {
      throw ApiError.of(404, "COUNTER_UNKNOWN", "counter", counter);
    }
    Runnable release = services.guard().openSocket(ctx.request());
    ctx.request().toWebSocket()
        .onSuccess(ws -> hub.subscribeCenter(AbuseGuard.releasing(ws, release), ctx.request().connection(), center.id(), counter))
        .onFailure(e -> {
          release.run();
          error(ctx, ApiError.invalid("INVALID_HEADER", "Upgrade", "webSocket"));
        });
  }

  /** A kiosk's print agent: the tickets to print, and its answers. */
  private void printJobStream(RoutingContext ctx) {
    CenterConfig center = center(ctx);
    String kiosk = ctx.pathParam("kiosk");
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    // Jobs carry citizens' tracking tokens: only an agent holding the kiosk's current key gets them.
    switch (services.kioskDirectory().check(center.id(), kiosk, bearer ? header.substring(7).trim() : "")) {
      case UNKNOWN -> throw ApiError.of(404, "KIOSK_UNKNOWN", "kiosk", kiosk);
      case DISABLED -> throw ApiError.of(403, "KIOSK_DISABLED", "kiosk", kiosk);
      case WRONG_KEY -> throw bearer ? ApiError.of(401, "TOKEN_INVALID") : ApiError.of(401, "UNAUTHENTICATED");
      case OK -> { }
    }
    requireUpgrade(ctx);
    Runnable release = services.guard().openSocket(ctx.request());
    ctx.request().toWebSocket()
        .onSuccess(ws -> KioskFeed.attach(vertx, engines, services.kiosks(), center.id(), kiosk, AbuseGuard.releasing(ws, release)))
        .onFailure(e -> {
          release.run();
          error(ctx, ApiError.invalid("INVALID_HEADER", "Upgrade", "webSocket"));
        });
  }

  private void ticketStream(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String center = trackCenter(token);
    requireUpgrade(ctx);
    Runnable release = services.guard().openSocket(ctx.request());
    // The upgrade waits for the engine to know the ticket; unpaused, the request would be read to its end by then
    // and toWebSocket() would throw ("Request has already been read"), leaving the phone with no answer at all.
    ctx.request().pause();
    ticketIdOf(center, token).onSuccess(id -> ctx.request().toWebSocket()
            .onSuccess(ws -> hub.subscribeTicket(AbuseGuard.releasing(ws, release), ctx.request().connection(), center, token))
            .onFailure(e -> {
              release.run();
              error(ctx, ApiError.invalid("INVALID_HEADER", "Upgrade", "webSocket"));
            }))
        .onFailure(e -> {
          release.run();
          ctx.request().resume();
          ctx.fail(e);
        });
  }

  /**
   * A plain GET on a stream path is refused here, in the error shape: left to {@code toWebSocket()}, Vert.x would
   * answer it itself with a plain-text 400.
   */
  private static void requireUpgrade(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
    String connection = ctx.request().getHeader(HttpHeaders.CONNECTION);
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")
        || connection == null || !connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade")) {
      throw ApiError.invalid("INVALID_HEADER", "Upgrade", "webSocket");
    }
    // Without a key, or in a version other than RFC 6455's, Vert.x would refuse the upgrade itself, in plain text.
    if (ctx.request().getHeader("Sec-WebSocket-Key") == null) {
      throw ApiError.invalid("INVALID_HEADER", "Sec-WebSocket-Key", "webSocket");
    }
    if (!"13".equals(ctx.request().getHeader("Sec-WebSocket-Version"))) {
      throw new ApiError(426, "INVALID_HEADER", Map.of("name", "Sec-WebSocket-Version", "reason", "@reason.webSocket"));
    }
  }


  // ---- shared steps ----

  @FunctionalInterface
  private interface CounterCommandFactory {
    Command make(JsonBody body, String actor);
  }

  /** A clerk's action at a counter: check who may act there, read the body, decide, answer. */
  private void counterCommand(RoutingContext ctx, Set<String> properties, CounterCommandFactory factory,
                              java.util.function.BiConsumer<RoutingContext, CommandResult> respond) {
    CenterConfig center = center(ctx);
    Principal who = principal(ctx);
    if (!who.mayActAt(center.id(), counter(ctx))) throw ApiError.of(403, "FORBIDDEN");
    JsonBody body = JsonBody.parse(ctx.body().buffer(), properties);
    Command command = factory.make(body, who.username());
    execute(center.id(), command).onSuccess(r -> respond.accept(ctx, r)).onFailure(ctx::fail);
  }

  private void ticketOrNoContent(RoutingContext ctx, CommandResult r) {
    if (r.ticket() == null) ctx.response().setStatusCode(204).end();
    else json(ctx, 200, ticketView(center(ctx), r));
  }

  private void counterView(RoutingContext ctx, CommandResult r) {
    String center = center(ctx).id();
    String counter = r.counter().id();
    engines.read(center, state -> WireFormat.counter(state, state.counter(counter).orElseThrow()))
        .onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
  }

  private static JsonObject ticketView(CenterConfig center, CommandResult r) {
    return WireFormat.ticket(center, r.ticket(), r.ahead(), r.estimatedWaitMinutes());
  }

  /** Sends the command; a domain refusal becomes an {@link ApiError} with the status its kind calls for. */
  Future<CommandResult> execute(String center, Command command) {
    return engines.execute(center, command).compose(r -> {
      if (r.accepted()) return Future.succeededFuture(r);
      services.metrics().rejected(center, r.rejection().code().name());
      return Future.failedFuture(rejection(r.rejection()));
    });
  }

  static ApiError rejection(Rejection r) {
    int status = switch (r.code().kind()) {
      case NOT_FOUND -> 404;
      case INVALID -> 422;
      case CONFLICT -> 409;
    };
    return new ApiError(status, r.code().name(), r.details());
  }

  private Future<String> ticketIdOf(String center, String token) {
    return engines.read(center, state -> state.ticketByTrackToken(token).map(Ticket::id).orElse(null))
        .compose(id -> id == null ? Future.failedFuture(ApiError.of(404, "TICKET_UNKNOWN")) : Future.succeededFuture(id));
  }

  private String trackCenter(String token) {
    String center = TrackTokens.center(token).orElseThrow(() -> ApiError.of(404, "TICKET_UNKNOWN"));
    if (engines.center(center).isEmpty()) throw ApiError.of(404, "TICKET_UNKNOWN");
    return center;
  }

  CenterConfig center(RoutingContext ctx) {
    return centerById(ctx.pathParam("center"));
  }

  /** A center's current config; 404 CENTER_UNKNOWN for an id no center has. */
  CenterConfig centerById(String id) {
    return engines.center(id).orElseThrow(() -> ApiError.of(404, "CENTER_UNKNOWN", "center", id));
  }

  private static String counter(RoutingContext ctx) {
    return ctx.pathParam("counter");
  }

  static LocalDate dateParam(RoutingContext ctx, String name, LocalDate otherwise) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isEmpty()) return otherwise;
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid("INVALID_PARAMETER", name, "date");
    }
  }

  /** Requires a valid Bearer token; puts the principal in the context. */
  void signedIn(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
      ctx.fail(ApiError.of(401, "UNAUTHENTICATED"));
      return;
    }
    auth.authenticate(header.substring(7).trim()).onSuccess(p -> {
      ctx.put(PRINCIPAL, p);
      ctx.next();
    }).onFailure(e -> ctx.fail(ApiError.of(401, "TOKEN_INVALID")));
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  private void apiHeaders(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff");
    ctx.next();
  }

  /** JSON answers shorter than this are never compressed. */
  static final int COMPRESS_FROM_CHARS = 1024;

  static void json(RoutingContext ctx, int status, JsonObject body) {
    String text = body.encode();
    var response = ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8");
    // A browser kiosk asks for gzip on every call. A small answer fits one packet either way, and gzip would build a
    // compressor for it (about 11 µs of CPU per ticket); "identity" keeps it plain (Vert.x drops the header).
    if (text.length() < COMPRESS_FROM_CHARS) response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    response.end(text);
  }

  // ---- errors ----

  private void failure(RoutingContext ctx) {
    Throwable f = ctx.failure();
    ApiError error;
    if (f instanceof ApiError a) {
      error = a;
    } else if (f instanceof EngineUnavailableException) {
      error = ApiError.of(503, "SERVICE_UNAVAILABLE");
    } else if (f instanceof HttpException h) {
      error = fromStatus(h.getStatusCode());
    } else if (f == null) {
      error = fromStatus(ctx.statusCode());
    } else if (ctx.statusCode() == 400 || MalformedRequests.isUndecodable(f)) {
      // Vert.x Web refused the request before any route (an HTTP/1.1 request without a Host header), or the body's
      // bytes could not be decoded.
      error = ApiError.of(400, "BAD_REQUEST");
    } else {
      LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), f);
      error = ApiError.of(500, "INTERNAL_ERROR");
    }
    error(ctx, error);
  }

  private static ApiError fromStatus(int status) {
    return switch (status) {
      case 413 -> ApiError.of(413, "BODY_TOO_LARGE");
      case 404 -> ApiError.of(404, "NOT_FOUND");
      case 405 -> ApiError.of(405, "METHOD_NOT_ALLOWED");
      case 415 -> ApiError.of(415, "UNSUPPORTED_MEDIA_TYPE");
      case 401 -> ApiError.of(401, "UNAUTHENTICATED");
      case 403 -> ApiError.of(403, "FORBIDDEN");
      case 503 -> ApiError.of(503, "SERVICE_UNAVAILABLE");
      default -> status >= 400 && status < 500 ? ApiError.of(status, "INVALID_JSON") : ApiError.of(500, "INTERNAL_ERROR");
    };
  }

  private void error(RoutingContext ctx, ApiError e) {
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    if (e.status() == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer");
    if (e.status() == 429) ctx.response().putHeader("Retry-After", e.details().get("retryAfter"));
    if (e.status() == 426) ctx.response().putHeader("Sec-WebSocket-Version", "13");
    json(ctx, e.status(), errorBody(e, ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE)));
  }

  /** The error shape of every refusal, its message in the client's language (Vietnamese unless it prefers English). */
  static JsonObject errorBody(ApiError e, String acceptLanguage) {
    String message = MESSAGES.message(e.code(), e.details(), acceptLanguage);
    return new JsonObject().put("error", new JsonObject().put("code", e.code()).put("message", message));
  }

}
