package vn.luot.server.wire;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import vn.luot.server.domain.DisplaySettings;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Counter;
import vn.luot.server.domain.CounterState;
import vn.luot.server.domain.Field;
import vn.luot.server.domain.PrintJob;
import vn.luot.server.domain.RatingLevel;
import vn.luot.server.domain.QueuePolicy;
import vn.luot.server.domain.RatingReason;
import vn.luot.server.domain.RecentCall;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.journal.TicketRow;

/**
 * The JSON that kiosks, screens and clerks see: one place that turns domain values into the fixed contract of
 * DESIGN.md. Times are ISO-8601 with the center's offset; names are full words.
 */
public final class WireFormat {
  private WireFormat() {}

  public static String time(Instant at, ZoneId zone) {
    return at == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone).toOffsetDateTime());
  }

  /** GET /api/centers/{center}/display: what the screens show and how they announce. */
  public static JsonObject display(DisplaySettings d) {
    return new JsonObject()
        .put("notice", d.notice())
        .put("highlightSeconds", d.highlightSeconds())
        .put("announcement", new JsonObject().put("template", d.template()).put("numberReading", d.numberReading())
            .put("zeroTens", d.zeroTens()).put("voice", d.voice()).put("repeat", d.repeat()));
  }

  /** A ticket as the kiosk that issued it sees it: with the tracking token for the QR code. */
  public static JsonObject issuedTicket(CenterConfig config, Ticket t, int ahead, int estimatedWaitMinutes) {
    return ticket(config, t, ahead, estimatedWaitMinutes).put("trackToken", t.trackToken());
  }

  /** A ticket as staff see it. No tracking token: that belongs to the citizen alone. */
  public static JsonObject ticket(CenterConfig config, Ticket t, int ahead, int estimatedWaitMinutes) {
    ZoneId zone = config.zone();
    return new JsonObject()
        .put("id", t.id())
        .put("number", t.number())
        .put("field", t.field())
        .put("fieldName", fieldName(config, t.field()))
        .put("priority", t.priority())
        .put("priorityGroup", t.priorityGroup() == null ? null : t.priorityGroup().name())
        .put("purpose", t.purpose() == null ? null : t.purpose().name())
        .put("dossierCode", t.dossierCode())
        .put("kiosk", t.kiosk())
        .put("status", t.status().name())
        .put("issuedAt", time(t.issuedAt(), zone))
        .put("calledAt", time(t.calledAt(), zone))
        .put("startedAt", time(t.startedAt(), zone))
        .put("finishedAt", time(t.finishedAt(), zone))
        .put("counter", t.counter())
        .put("recalls", t.recalls())
        .put("outcome", t.outcome() == null ? null : t.outcome().name())
        .put("note", t.note())
        .put("transferredFrom", t.transferredFrom())
        .put("ahead", ahead)
        .put("estimatedWaitMinutes", estimatedWaitMinutes);
  }

  /** A print job as the kiosk's print agent receives it: the ticket to print and where it was issued. */
  public static JsonObject printJob(CenterState state, PrintJob job) {
    Ticket t = state.ticket(job.ticketId()).orElseThrow();
    CenterConfig config = state.config();
    int ahead = state.ahead(t);
    return new JsonObject()
        .put("type", "job")
        .put("jobId", job.ticketId() + "#" + job.copy())
        .put("center", new JsonObject().put("id", config.id()).put("name", config.name()))
        .put("ticket", issuedTicket(config, t, ahead, state.estimatedWaitMinutes(t, ahead)));
  }

  /** A print job as staff see it (GET …/kiosks): no tracking token. */
  public static JsonObject printStatus(CenterState state, PrintJob job) {
    Ticket t = state.ticket(job.ticketId()).orElseThrow();
    return new JsonObject().put("ticketId", t.id()).put("number", t.number()).put("kiosk", job.kiosk())
        .put("copy", job.copy()).put("status", job.status().name()).put("reason", job.reason());
  }

  /** What the holder of a tracking token sees: nothing personal. */
  public static JsonObject track(CenterState state, Ticket t) {
    CenterConfig config = state.config();
    int ahead = state.ahead(t);
    return new JsonObject()
        .put("number", t.number())
        .put("field", t.field())
        .put("fieldName", fieldName(config, t.field()))
        .put("status", t.status().name())
        .put("ahead", ahead)
        .put("estimatedWaitMinutes", state.estimatedWaitMinutes(t, ahead))
        .put("counter", t.counter())
        .put("counterName", t.counter() == null ? null : config.counter(t.counter()).map(Counter::name).orElse(null))
        .put("issuedAt", time(t.issuedAt(), config.zone()))
        .put("calledAt", time(t.calledAt(), config.zone()))
        .put("rated", t.rating() != null)
        .put("ratingScale", config.policy().ratingLevels())
        .put("center", new JsonObject().put("id", config.id()).put("name", config.name()));
  }

  /**
   * GET …/counters/{counter}/rating, for the counter's rating tablet: the scale, the reasons an unhappy citizen may
   * give, and the ticket to ask about now ({@code pending}: finished last at this counter, not rated, window open),
   * or null. Only the number and id, which the lobby shows anyway: nothing personal.
   */
  public static JsonObject ratingTablet(CenterState state, String counterId, Instant now) {
    CenterConfig config = state.config();
    JsonObject pending = state.lastFinished(counterId)
        .filter(t -> t.rating() == null)
        .filter(t -> !now.isAfter(t.finishedAt().plus(QueuePolicy.COUNTER_RATING_WINDOW)))
        .map(t -> new JsonObject().put("ticket", t.id()).put("number", t.number())
            .put("finishedAt", time(t.finishedAt(), config.zone()))
            .put("closesAt", time(t.finishedAt().plus(QueuePolicy.COUNTER_RATING_WINDOW), config.zone())))
        .orElse(null);
    JsonArray reasons = new JsonArray();
    for (RatingReason r : RatingReason.values()) reasons.add(r.name());
    return new JsonObject()
        .put("center", new JsonObject().put("id", config.id()).put("name", config.name()))
        .put("counter", counterId)
        .put("counterName", config.counter(counterId).map(Counter::name).orElse(counterId))
        .put("ratingScale", config.policy().ratingLevels())
        .put("reasons", reasons)
        .put("pending", pending);
  }

  /** What the holder of a token sees of a ticket from an earlier day, read from the projection. */
  public static JsonObject track(CenterConfig config, TicketRow row) {
    return new JsonObject()
        .put("number", row.number())
        .put("field", row.field())
        .put("fieldName", fieldName(config, row.field()))
        .put("status", row.status())
        .put("ahead", 0)
        .put("estimatedWaitMinutes", 0)
        .put("counter", row.counter())
        .put("counterName", row.counter() == null ? null : config.counter(row.counter()).map(Counter::name).orElse(null))
        .put("issuedAt", time(row.issuedAt(), config.zone()))
        .put("calledAt", time(row.calledAt(), config.zone()))
        .put("rated", row.rating() != null)
        .put("ratingScale", config.policy().ratingLevels())
        .put("center", new JsonObject().put("id", config.id()).put("name", config.name()));
  }

  /**
   * A counter as screens and the public see it: the number at it and what it is doing, nothing about the person
   * (no priority group, no dossier code).
   */
  public static JsonObject counter(CenterState state, CounterState c) {
    CenterConfig config = state.config();
    Counter counter = config.counter(c.id()).orElseThrow();
    Ticket current = state.ticket(c.currentTicket()).orElse(null);
    return new JsonObject()
        .put("id", c.id())
        .put("name", counter.name())
        .put("fields", new JsonArray(counter.fields()))
        .put("status", c.status().name())
        .put("serving", current == null ? null : current.number())
        .put("pauseReason", c.pauseReason())
        .put("since", time(c.since(), config.zone()))
        .put("ticket", current == null ? null : new JsonObject()
            .put("number", current.number())
            .put("field", current.field())
            .put("status", current.status().name())
            .put("calledAt", time(current.calledAt(), config.zone()))
            .put("startedAt", time(current.startedAt(), config.zone())));
  }

  /** GET /api/centers/{center}: name, fields with their waiting counts, counters. */
  public static JsonObject center(CenterState state) {
    CenterConfig config = state.config();
    JsonArray fields = new JsonArray();
    for (Field f : config.fields()) {
      fields.add(new JsonObject().put("code", f.code()).put("name", f.name()).put("prefix", f.prefix())
          .put("waiting", state.waiting(f.code())).put("targetWaitMinutes", f.targetWaitMinutes())
          .put("paused", state.fieldPaused(f.code())).put("pauseReason", state.fieldPauseReason(f.code()))
          .put("disabled", f.disabled()));
    }
    JsonArray counters = new JsonArray();
    for (CounterState c : state.counters()) counters.add(counter(state, c));
    return new JsonObject()
        .put("id", config.id())
        .put("name", config.name())
        .put("zone", config.zone().getId())
        .put("day", state.day() == null ? null : state.day().toString())
        .put("closed", state.dayClosed())
        .put("fields", fields)
        .put("counters", counters)
        .put("ratingLevels", ratingLevels(config));
  }

  /** The rating tablet's choices: highest score (most satisfied) first. */
  public static JsonArray ratingLevels(CenterConfig config) {
    JsonArray levels = new JsonArray();
    for (RatingLevel l : config.settings().ratingLevels()) {
      levels.add(new JsonObject().put("score", l.score()).put("label", l.label()));
    }
    return levels;
  }

  /** The first message on a center stream: the whole current state at a seq. */
  public static JsonObject snapshot(CenterState state) {
    JsonArray calls = new JsonArray();
    for (RecentCall c : state.recentCalls()) {
      calls.add(new JsonObject().put("number", c.number()).put("field", c.field()).put("counter", c.counter())
          .put("at", time(c.at(), state.config().zone())).put("recall", c.recall()));
    }
    return new JsonObject().put("type", "snapshot").put("seq", state.seq())
        .mergeIn(center(state))
        .put("recentCalls", calls)
        .put("waiting", waiting(state));
  }

  /** The first message on a tracking stream. */
  public static JsonObject trackSnapshot(CenterState state, Ticket t) {
    return new JsonObject().put("type", "snapshot").put("seq", state.seq()).put("ticket", track(state, t));
  }

  public static JsonObject waiting(CenterState state) {
    JsonObject waiting = new JsonObject();
    for (Field f : state.config().fields()) waiting.put(f.code(), state.waiting(f.code()));
    return waiting;
  }

  /**
   * The stream message for an event, rendered with the state right after it. Every message carries the waiting
   * count of every field, so a screen never has to count for itself.
   */
  public static JsonObject event(Recorded r, CenterState after) {
    ZoneId zone = after.config().zone();
    Event e = r.event();
    JsonObject m = new JsonObject();
    if (e instanceof Event.TicketIssued i) {
      m.put("type", "issued").put("number", i.number()).put("field", i.field()).put("priority", i.priority());
    } else if (e instanceof Event.TicketCalled c) {
      ticketMessage(m, "called", after, c.ticketId(), c.counter()).put("recall", false);
    } else if (e instanceof Event.TicketRecalled c) {
      ticketMessage(m, "called", after, c.ticketId(), c.counter()).put("recall", true)
          .put("recalls", after.ticket(c.ticketId()).map(Ticket::recalls).orElse(0));
    } else if (e instanceof Event.ServiceStarted s) {
      ticketMessage(m, "started", after, s.ticketId(), s.counter());
    } else if (e instanceof Event.ServiceFinished f) {
      ticketMessage(m, "finished", after, f.ticketId(), f.counter())
          .put("outcome", f.outcome() == null ? null : f.outcome().name());
    } else if (e instanceof Event.TicketNoShow n) {
      ticketMessage(m, "noShow", after, n.ticketId(), n.counter());
    } else if (e instanceof Event.TicketTransferred t) {
      ticketMessage(m, "transferred", after, t.ticketId(), t.counter()).put("toField", t.toField());
    } else if (e instanceof Event.TicketCancelled x) {
      ticketMessage(m, "cancelled", after, x.ticketId(), null);
    } else if (e instanceof Event.ServiceRated rt) {
      Ticket t = after.ticket(rt.ticketId()).orElseThrow();
      ticketMessage(m, "rated", after, rt.ticketId(), t.counter()).put("score", rt.score());
    } else if (e instanceof Event.TicketPrinted p) {
      ticketMessage(m, "printed", after, p.ticketId(), null).put("kiosk", p.kiosk()).put("copy", p.copy());
    } else if (e instanceof Event.TicketPrintFailed f) {
      ticketMessage(m, "printFailed", after, f.ticketId(), null).put("kiosk", f.kiosk()).put("copy", f.copy())
          .put("reason", f.reason());
    } else if (e instanceof Event.ReprintRequested rp) {
      ticketMessage(m, "reprint", after, rp.ticketId(), null).put("copy", rp.copy())
          .put("kiosk", after.printJob(rp.ticketId()).map(j -> j.kiosk()).orElse(null));
    } else if (e instanceof Event.FieldPaused fp) {
      m.put("type", "fieldStatus").put("field", fp.field()).put("paused", true).put("reason", fp.reason());
    } else if (e instanceof Event.FieldResumed fr) {
      m.put("type", "fieldStatus").put("field", fr.field()).put("paused", false);
    } else if (e instanceof Event.CounterPaused p) {
      m.put("type", "counterStatus").put("counter", p.counter()).put("status", "PAUSED").put("reason", p.reason());
    } else if (e instanceof Event.CounterResumed c) {
      m.put("type", "counterStatus").put("counter", c.counter()).put("status", "IDLE");
    } else if (e instanceof Event.SettingsChanged sc) {
      // Carries the center as it now is, so an open kiosk or screen redraws its fields and counters at once.
      m.put("type", "settingsChanged").put("changes", new JsonArray(sc.changes())).put("center", center(after));
    } else if (e instanceof Event.DayOpened o) {
      m.put("type", "dayOpened").put("day", o.day().toString());
    } else if (e instanceof Event.DayClosed c) {
      m.put("type", "dayClosed").put("day", c.day().toString())
          .put("expired", c.expired().size()).put("finished", c.finished().size());
    }
    return m.put("seq", r.seq()).put("at", time(e.at(), zone)).put("waiting", waiting(after));
  }

  private static JsonObject ticketMessage(JsonObject m, String type, CenterState after, String ticketId, String counter) {
    Ticket t = after.ticket(ticketId).orElseThrow();
    m.put("type", type).put("number", t.number()).put("field", t.field());
    if (counter != null) m.put("counter", counter);
    return m;
  }

  private static String fieldName(CenterConfig config, String code) {
    return config.field(code).map(Field::name).orElse(code);
  }
}
