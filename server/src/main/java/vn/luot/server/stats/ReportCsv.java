package vn.luot.server.stats;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.Field;
import vn.luot.server.domain.Outcome;
import vn.luot.server.journal.TicketRow;

/**
 * A report as a CSV file that Excel opens with its Vietnamese text intact: UTF-8 with a byte-order mark (without
 * it Excel reads the bytes as the ANSI code page and mangles every diacritic), CRLF line ends, headers from the
 * {@code i18n/reports} bundle. Numbers are written in the {@link Format}'s convention so Excel reads them as
 * numbers: in the Vietnamese Windows locale the list separator is ';' and the decimal mark ','.
 */
public final class ReportCsv {
  private ReportCsv() {}

  /** What a CSV row is about; the slug names the downloaded file. */
  public enum Grouping {
    FIELD("fields", "linh-vuc"), COUNTER("counters", "quay"), CLERK("clerks", "can-bo"), HOUR("hours", "gio"),
    TICKETS(null, "ve");

    private final String reportKey;
    private final String slug;

    Grouping(String reportKey, String slug) {
      this.reportKey = reportKey;
      this.slug = slug;
    }

    public String slug() { return slug; }
  }

  /**
   * Separator and decimal mark. {@link #SEMICOLON} (the default) matches Excel in the Vietnamese (and most European)
   * Windows locales; {@link #COMMA} matches Excel in the English (US) locale, LibreOffice's defaults and most tools.
   */
  public enum Format {
    SEMICOLON(';', ','), COMMA(',', '.');

    private final char separator;
    private final char decimal;

    Format(char separator, char decimal) {
      this.separator = separator;
      this.decimal = decimal;
    }

    /** A figure in plain digits (never 1.2E7), without trailing zeros, with this format's decimal mark. */
    String number(double value) {
      String s = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
      return decimal == '.' ? s : s.replace('.', decimal);
    }
  }

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  // Quote a cell only when it must be (separator, quote or line break inside): plain cells read cleanly anywhere.
  private static final CsvMapper MAPPER = CsvMapper.builder()
      .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** The rows of one grouping of a {@link StatsReport}, then a total row. */
  public static byte[] groups(JsonObject report, Grouping by, Format format, Locale locale) {
    if (by == Grouping.TICKETS) throw new IllegalArgumentException("tickets are not a grouping of the report");
    ResourceBundle t = bundle(locale);
    List<String> header = new ArrayList<>(switch (by) {
      case FIELD -> List.of(t.getString("group.fieldCode"), t.getString("group.field"),
          t.getString("group.targetWaitMinutes"));
      case COUNTER -> List.of(t.getString("group.counter"), t.getString("group.counterName"));
      case CLERK -> List.of(t.getString("group.clerk"));
      default -> List.of(t.getString("group.hour"));
    });
    int keyColumns = header.size();
    for (String key : FIGURE_COLUMNS) header.add(t.getString(key));
    for (Outcome o : Outcome.values()) header.add(t.getString("outcome." + o.name()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    JsonArray groups = report.getJsonArray(by.reportKey);
    for (int i = 0; i < groups.size(); i++) {
      JsonObject g = groups.getJsonObject(i);
      List<String> row = new ArrayList<>(switch (by) {
        case FIELD -> List.of(g.getString("code"), g.getString("name"), text(g.getValue("targetWaitMinutes")));
        case COUNTER -> List.of(g.getString("id"), g.getString("name"));
        case CLERK -> List.of(g.getString("clerk"));
        default -> List.of(String.format(Locale.ROOT, "%02d:00", g.getInteger("hour")));
      });
      row.addAll(figures(g, format));
      rows.add(row);
    }
    List<String> total = new ArrayList<>();
    total.add(t.getString("group.total"));
    while (total.size() < keyColumns) total.add("");
    total.addAll(figures(report.getJsonObject("total"), format));
    rows.add(total);
    return write(rows, format);
  }

  /** One row per ticket of the range: the raw data behind every figure. */
  public static byte[] tickets(CenterConfig config, List<TicketRow> tickets, Format format, Locale locale) {
    ResourceBundle t = bundle(locale);
    ZoneId zone = config.zone();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(t.getString("ticket.day"), t.getString("ticket.number"), t.getString("group.fieldCode"),
        t.getString("group.field"), t.getString("ticket.priority"), t.getString("ticket.priorityGroup"),
        t.getString("ticket.status"), t.getString("ticket.issuedAt"), t.getString("ticket.calledAt"),
        t.getString("group.counter"), t.getString("group.clerk"), t.getString("ticket.outcome"),
        t.getString("ticket.transferredFrom"), t.getString("ticket.rating"), t.getString("ticket.wait"),
        t.getString("ticket.service")));
    for (TicketRow r : tickets) {
      rows.add(List.of(r.day().toString(), r.number(), r.field(),
          config.field(r.field()).map(Field::name).orElse(r.field()),
          t.getString(r.priority() ? "yes" : "no"),
          r.priorityGroup() == null ? "" : label(t, "priorityGroup." + r.priorityGroup()),
          label(t, "status." + r.status()), time(r.issuedAt(), zone), time(r.calledAt(), zone),
          text(r.counter()), text(r.clerk()), r.outcome() == null ? "" : label(t, "outcome." + r.outcome()),
          text(r.transferredFrom()), text(r.rating()), seconds(r.waitMs(), format), seconds(r.serviceMs(), format)));
    }
    return write(rows, format);
  }

  private static final List<String> FIGURE_COLUMNS = List.of("col.issued", "col.served", "col.noShow",
      "col.cancelled", "col.expired", "col.transferred", "col.waitMean", "col.waitMedian", "col.waitP90",
      "col.waitMax", "col.serviceMean", "col.serviceMedian", "col.serviceP90", "col.serviceMax", "col.withinTarget",
      "col.ratings", "col.ratingMean", "col.rating3", "col.rating2", "col.rating1");

  /** The figures of one group in the order of {@link #FIGURE_COLUMNS}, then its outcomes. */
  private static List<String> figures(JsonObject g, Format f) {
    List<String> out = new ArrayList<>();
    for (String key : List.of("issued", "served", "noShow", "cancelled", "expired", "transferred")) {
      out.add(String.valueOf(g.getInteger(key)));
    }
    for (String kind : List.of("waitSeconds", "serviceSeconds")) {
      JsonObject d = g.getJsonObject(kind);
      boolean none = d.getInteger("count") == 0;
      for (String key : List.of("mean", "median", "p90", "max")) out.add(none ? "" : f.number(d.getDouble(key)));
    }
    Double share = g.getDouble("withinTargetShare");
    out.add(share == null ? "" : f.number(Math.round(share * 1000) / 10.0));
    JsonObject ratings = g.getJsonObject("ratings");
    out.add(String.valueOf(ratings.getInteger("count")));
    out.add(ratings.getDouble("mean") == null ? "" : f.number(ratings.getDouble("mean")));
    JsonObject byScore = ratings.getJsonObject("byScore");
    for (String score : List.of("3", "2", "1")) out.add(String.valueOf(byScore.getInteger(score, 0)));
    JsonObject outcomes = g.getJsonObject("outcomes");
    for (Outcome o : Outcome.values()) out.add(String.valueOf(outcomes.getInteger(o.name(), 0)));
    return out;
  }

  private static byte[] write(List<List<String>> rows, Format format) {
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(format.separator).withLineSeparator("\r\n")
        .withoutHeader();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(BOM);
    try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
         SequenceWriter sequence = MAPPER.writer(schema).writeValues(writer)) {
      for (List<String> row : rows) sequence.write(row.stream().map(ReportCsv::defused).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A text cell that starts like a formula (=, +, -, @) gets a leading apostrophe, so a name typed by someone can
   * never run as a spreadsheet formula. Numbers are never negative here, so they are untouched.
   */
  private static String defused(String cell) {
    if (cell.isEmpty()) return cell;
    char c = cell.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' ? "'" + cell : cell;
  }

  private static ResourceBundle bundle(Locale locale) {
    return ResourceBundle.getBundle("i18n.reports", locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  private static String label(ResourceBundle t, String key) {
    return t.containsKey(key) ? t.getString(key) : key.substring(key.indexOf('.') + 1);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static String time(Instant at, ZoneId zone) {
    return at == null ? "" : LOCAL_TIME.format(at.atZone(zone));
  }

  private static String seconds(Long ms, Format f) {
    return ms == null ? "" : f.number(Math.round(ms / 100.0) / 10.0);
  }
}
