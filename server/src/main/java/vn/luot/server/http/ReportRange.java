package vn.luot.server.http;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import io.vertx.ext.web.RoutingContext;

/**
 * The date range of a report, read from {@code ?from=YYYY-MM-DD&to=YYYY-MM-DD}: both default to today in the
 * center's zone (a future {@code from} alone gives a one-day range); {@code to} before {@code from}, a range longer
 * than {@link #MAX_DAYS} or a malformed date is a 400.
 */
record ReportRange(LocalDate from, LocalDate to) {
  /** The longest range one report may span. */
  static final int MAX_DAYS = 366;

  static ReportRange of(RoutingContext ctx, LocalDate today) {
    LocalDate from = HttpApi.dateParam(ctx, "from", today);
    LocalDate to = HttpApi.dateParam(ctx, "to", from.isAfter(today) ? from : today);
    if (to.isBefore(from)) throw ApiError.invalid("INVALID_PARAMETER", "to", "toBeforeFrom");
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw new ApiError(400, "INVALID_PARAMETER",
          Map.of("name", "to", "reason", "@reason.rangeTooLong", "max", String.valueOf(MAX_DAYS)));
    }
    return new ReportRange(from, to);
  }
}
