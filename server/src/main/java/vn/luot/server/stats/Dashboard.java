package vn.luot.server.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Counter;
import vn.luot.server.domain.CounterState;
import vn.luot.server.domain.Field;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.TicketStatus;
import vn.luot.server.journal.TicketRow;
import vn.luot.server.wire.WireFormat;

/**
 * The live dashboard of a center (GET /api/centers/{center}/dashboard): per field who waits now and the longest
 * current wait against the field's target, today's issued and served; every counter with its status, the ticket at
 * it and the clerk. The queue comes from the engine's state (the projection does not know when a transferred ticket
 * joined its new queue); today's counts and clerks come from the projection rows, as the reports read them.
 */
public final class Dashboard {
  private Dashboard() {}

  /** What the dashboard needs from the center's state, copied on the engine's context (all values immutable). */
  public record Live(CenterConfig config, LocalDate day, List<Ticket> waiting, List<CounterState> counters,
                     Map<String, Ticket> current, Map<String, Boolean> paused) {}

  public static Live live(CenterState state) {
    List<Ticket> waiting = state.tickets().stream().filter(t -> t.status() == TicketStatus.WAITING).toList();
    Map<String, Ticket> current = new HashMap<>();
    Map<String, Boolean> paused = new HashMap<>();
    for (CounterState c : state.counters()) state.currentTicket(c.id()).ifPresent(t -> current.put(c.id(), t));
    for (Field f : state.config().fields()) paused.put(f.code(), state.fieldPaused(f.code()));
    return new Live(state.config(), state.day(), waiting, List.copyOf(state.counters()), current, paused);
  }

  /**
   * @param today the projection rows of the live day
   * @param at    the server's time: waits are measured up to it
   */
  public static JsonObject json(Live live, List<TicketRow> today, Instant at) {
    Instant now = at.truncatedTo(ChronoUnit.SECONDS); // the dashboard counts whole seconds; so does its "now"
    CenterConfig config = live.config();
    JsonArray fields = new JsonArray();
    int waitingTotal = 0;
    int issuedTotal = 0;
    int servedTotal = 0;
    for (Field f : config.fields()) {
      List<Ticket> queue = live.waiting().stream().filter(t -> t.field().equals(f.code())).toList();
      Instant oldest = queue.stream().map(Ticket::queuedAt).min(Comparator.naturalOrder()).orElse(null);
      Long longest = oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds());
      int issued = (int) today.stream().filter(r -> r.field().equals(f.code()) && r.transferredFrom() == null).count();
      int served = (int) today.stream().filter(r -> r.field().equals(f.code()) && "DONE".equals(r.status())).count();
      waitingTotal += queue.size();
      issuedTotal += issued;
      servedTotal += served;
      fields.add(new JsonObject()
          .put("code", f.code())
          .put("name", f.name())
          .put("targetWaitMinutes", f.targetWaitMinutes())
          .put("paused", live.paused().getOrDefault(f.code(), false))
          .put("waiting", queue.size())
          .put("oldestWaitingSince", WireFormat.time(oldest, config.zone()))
          .put("longestWaitSeconds", longest)
          .put("overTarget", longest != null && longest > f.targetWaitMinutes() * 60L)
          .put("issuedToday", issued)
          .put("servedToday", served));
    }
    JsonArray counters = new JsonArray();
    for (CounterState c : live.counters()) {
      Counter counter = config.counter(c.id()).orElseThrow();
      Ticket t = live.current().get(c.id());
      counters.add(new JsonObject()
          .put("id", c.id())
          .put("name", counter.name())
          .put("fields", new JsonArray(counter.fields()))
          .put("status", c.status().name())
          .put("since", WireFormat.time(c.since(), config.zone()))
          .put("pauseReason", c.pauseReason())
          .put("clerk", clerkAt(c.id(), t, today))
          .put("servedToday", (int) today.stream()
              .filter(r -> c.id().equals(r.counter()) && "DONE".equals(r.status())).count())
          .put("ticket", t == null ? null : new JsonObject()
              .put("number", t.number())
              .put("field", t.field())
              .put("fieldName", config.field(t.field()).map(Field::name).orElse(t.field()))
              .put("status", t.status().name())
              .put("calledAt", WireFormat.time(t.calledAt(), config.zone()))
              .put("startedAt", WireFormat.time(t.startedAt(), config.zone()))));
    }
    return new JsonObject()
        .put("center", config.id())
        .put("name", config.name())
        .put("day", live.day() == null ? null : live.day().toString())
        .put("now", WireFormat.time(now, config.zone()))
        .put("waiting", waitingTotal)
        .put("issuedToday", issuedTotal)
        .put("servedToday", servedTotal)
        .put("fields", fields)
        .put("counters", counters);
  }

  /** The clerk of the ticket at the counter, else the clerk who last called someone there today (still at the desk). */
  private static String clerkAt(String counter, Ticket current, List<TicketRow> today) {
    List<TicketRow> here = today.stream()
        .filter(r -> counter.equals(r.counter()) && r.clerk() != null && r.calledAt() != null).toList();
    if (current != null) {
      for (TicketRow r : here) if (r.id().equals(current.id())) return r.clerk();
    }
    return here.stream().max(Comparator.comparing(TicketRow::calledAt)).map(TicketRow::clerk).orElse(null);
  }
}
