package vn.luot.server.stats;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.Counter;
import vn.luot.server.domain.Field;
import vn.luot.server.journal.TicketRow;

/**
 * The figures of a center for a date range, from the ticket projection: totals, by field, by counter, by clerk and
 * by hour of the day (the hour a ticket was issued, in the center's zone).
 */
public final class StatsReport {
  private StatsReport() {}

  public static JsonObject build(CenterConfig config, LocalDate from, LocalDate to, List<TicketRow> rows) {
    GroupStats total = new GroupStats();
    Map<String, GroupStats> byField = new LinkedHashMap<>();
    Map<String, GroupStats> byCounter = new LinkedHashMap<>();
    Map<String, GroupStats> byClerk = new LinkedHashMap<>();
    Map<Integer, GroupStats> byHour = new java.util.TreeMap<>();
    for (Field f : config.fields()) byField.put(f.code(), new GroupStats());
    for (Counter c : config.counters()) byCounter.put(c.id(), new GroupStats());
    ZoneId zone = config.zone();
    for (TicketRow t : rows) {
      long target = config.field(t.field()).map(Field::targetWaitMinutes).orElse(30) * 60L;
      total.add(t, target);
      byField.computeIfAbsent(t.field(), k -> new GroupStats()).add(t, target);
      if (t.counter() != null) byCounter.computeIfAbsent(t.counter(), k -> new GroupStats()).add(t, target);
      if (t.clerk() != null) byClerk.computeIfAbsent(t.clerk(), k -> new GroupStats()).add(t, target);
      byHour.computeIfAbsent(t.issuedAt().atZone(zone).getHour(), k -> new GroupStats()).add(t, target);
    }
    JsonObject fields = new JsonObject();
    List<Object> fieldList = new java.util.ArrayList<>();
    for (Map.Entry<String, GroupStats> e : byField.entrySet()) {
      Field f = config.field(e.getKey()).orElse(null);
      fieldList.add(json(e.getValue()).put("code", e.getKey()).put("name", f == null ? e.getKey() : f.name())
          .put("targetWaitMinutes", f == null ? null : f.targetWaitMinutes()));
    }
    List<Object> counterList = new java.util.ArrayList<>();
    for (Map.Entry<String, GroupStats> e : byCounter.entrySet()) {
      counterList.add(json(e.getValue()).put("id", e.getKey())
          .put("name", config.counter(e.getKey()).map(Counter::name).orElse(e.getKey())));
    }
    List<Object> clerkList = new java.util.ArrayList<>();
    for (Map.Entry<String, GroupStats> e : byClerk.entrySet()) clerkList.add(json(e.getValue()).put("clerk", e.getKey()));
    List<Object> hourList = new java.util.ArrayList<>();
    for (Map.Entry<Integer, GroupStats> e : byHour.entrySet()) hourList.add(json(e.getValue()).put("hour", e.getKey()));
    return new JsonObject()
        .put("center", config.id())
        .put("from", from.toString())
        .put("to", to.toString())
        .put("total", json(total))
        .put("fields", new io.vertx.core.json.JsonArray(fieldList))
        .put("counters", new io.vertx.core.json.JsonArray(counterList))
        .put("clerks", new io.vertx.core.json.JsonArray(clerkList))
        .put("hours", new io.vertx.core.json.JsonArray(hourList));
  }

  /**
   * One counter's day, for the clerk sitting at it: the tickets called there (served, not shown, transferred on),
   * how long they had waited and how long their service took, and the ratings they gave.
   */
  public static JsonObject counterDay(CenterConfig config, String counter, LocalDate day, List<TicketRow> rows) {
    GroupStats g = new GroupStats();
    int called = 0;
    for (TicketRow t : rows) {
      if (!counter.equals(t.counter())) continue;
      called++;
      g.add(t, config.field(t.field()).map(Field::targetWaitMinutes).orElse(30) * 60L);
    }
    JsonObject figures = json(g);
    figures.remove("issued");
    return figures.put("center", config.id()).put("counter", counter)
        .put("counterName", config.counter(counter).map(Counter::name).orElse(counter))
        .put("day", day.toString()).put("called", called);
  }

  private static JsonObject json(GroupStats g) {
    JsonObject ratings = new JsonObject();
    int count = 0;
    long sum = 0;
    for (Map.Entry<Integer, Integer> r : g.ratings().entrySet()) {
      ratings.put(String.valueOf(r.getKey()), r.getValue());
      count += r.getValue();
      sum += (long) r.getKey() * r.getValue();
    }
    JsonObject outcomes = new JsonObject();
    g.outcomes().forEach((outcome, n) -> outcomes.put(outcome.name(), n));
    return new JsonObject()
        .put("issued", g.issued())
        .put("served", g.served())
        .put("noShow", g.noShow())
        .put("cancelled", g.cancelled())
        .put("expired", g.expired())
        .put("transferred", g.transferred())
        .put("waitSeconds", json(g.waitSeconds()))
        .put("serviceSeconds", json(g.serviceSeconds()))
        .put("withinTargetShare", g.withinTargetShare())
        .put("ratings", new JsonObject().put("count", count)
            .put("mean", count == 0 ? null : Math.round(100.0 * sum / count) / 100.0).put("byScore", ratings)
            .put("reasons", new JsonObject(new java.util.LinkedHashMap<String, Object>(g.ratingReasons()))))
        .put("outcomes", outcomes);
  }

  private static JsonObject json(Distribution d) {
    return new JsonObject().put("count", d.count()).put("mean", d.mean()).put("median", d.median())
        .put("p90", d.p90()).put("max", d.max());
  }
}
