package vn.luot.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.engine.EngineUnavailableException;
import vn.luot.server.stats.Dashboard;
import vn.luot.server.stats.ReportCsv;
import vn.luot.server.stats.StatsReport;

/**
 * What leaders and supervisors read (admin and supervisor only; nothing here changes anything): the figures of a
 * date range as JSON or CSV, and the live dashboard. Reading the projection is JDBC, so it runs on a worker thread.
 */
final class ReportRoutes {
  private final Vertx vertx;
  private final Services services;

  ReportRoutes(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.services = services;
  }

  /** GET /api/centers/{center}/stats?from&to */
  void stats(RoutingContext ctx) {
    CenterConfig center = readableCenter(ctx);
    ReportRange range = ReportRange.of(ctx, today(center));
    vertx.executeBlocking(() -> report(center, range), false)
        .onSuccess(report -> HttpApi.json(ctx, 200, report))
        .onFailure(e -> ctx.fail(new EngineUnavailableException(e.getMessage())));
  }

  /** GET /api/centers/{center}/reports.csv?from&to&by=field|counter|clerk|hour|tickets&sep=semicolon|comma&lang=vi|en */
  void csv(RoutingContext ctx) {
    CenterConfig center = readableCenter(ctx);
    ReportRange range = ReportRange.of(ctx, today(center));
    ReportCsv.Grouping by = choice(ctx, "by", ReportCsv.Grouping.FIELD, ReportCsv.Grouping.class,
        "field, counter, clerk, hour, tickets");
    ReportCsv.Format format = choice(ctx, "sep", ReportCsv.Format.SEMICOLON, ReportCsv.Format.class, "semicolon, comma");
    Locale locale = "en".equalsIgnoreCase(ctx.request().getParam("lang")) ? Locale.ENGLISH : Locale.ROOT;
    vertx.executeBlocking(() -> by == ReportCsv.Grouping.TICKETS
            ? ReportCsv.tickets(center, services.journal().tickets(center.id(), range.from(), range.to()), format, locale)
            : ReportCsv.groups(report(center, range), by, format, locale), false)
        .onSuccess(bytes -> {
          String file = "luot-" + center.id() + "-" + range.from() + "_" + range.to() + "-" + by.slug() + ".csv";
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
              .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
              .end(Buffer.buffer(bytes));
        })
        .onFailure(e -> ctx.fail(new EngineUnavailableException(e.getMessage())));
  }

  /** GET /api/centers/{center}/dashboard */
  void dashboard(RoutingContext ctx) {
    CenterConfig center = readableCenter(ctx);
    services.engines().read(center.id(), Dashboard::live)
        .compose(live -> vertx.executeBlocking(() -> {
          LocalDate day = live.day() == null ? today(center) : live.day();
          return Dashboard.json(live, services.journal().tickets(center.id(), day, day), services.clock().instant());
        }, false))
        .onSuccess(view -> HttpApi.json(ctx, 200, view))
        .onFailure(ctx::fail);
  }

  /**
   * The uPlot charting library from its webjar, served at /lib/uplot/ (uPlot.iife.min.js, uPlot.min.css): the
   * version comes from the webjar's own pom.properties, so upgrading is a change to the pom only.
   */
  static Handler<RoutingContext> chartLibrary() {
    Properties pom = new Properties();
    try (InputStream in = ReportRoutes.class.getResourceAsStream(
        "/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) throw new IllegalStateException("the uPlot webjar is not on the class path");
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return StaticHandler.create("META-INF/resources/webjars/uplot/" + pom.getProperty("version") + "/dist")
        .setCachingEnabled(true).setMaxAgeSeconds(86400);
  }

  private JsonObject report(CenterConfig center, ReportRange range) {
    return StatsReport.build(center, range.from(), range.to(),
        services.journal().tickets(center.id(), range.from(), range.to()));
  }

  private CenterConfig readableCenter(RoutingContext ctx) {
    String id = ctx.pathParam("center");
    CenterConfig center = services.engines().center(id)
        .orElseThrow(() -> ApiError.of(404, "CENTER_UNKNOWN", "center", id));
    if (!HttpApi.principal(ctx).mayReadReports(center.id())) throw ApiError.of(403, "FORBIDDEN");
    return center;
  }

  private LocalDate today(CenterConfig center) {
    return LocalDate.ofInstant(services.clock().instant(), center.zone());
  }

  private static <E extends Enum<E>> E choice(RoutingContext ctx, String name, E otherwise, Class<E> type,
                                              String values) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isEmpty()) return otherwise;
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "INVALID_PARAMETER", Map.of("name", name, "reason", "@reason.oneOf", "values", values));
    }
  }
}
