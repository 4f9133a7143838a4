package vn.luot.server.reliability;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * Every command the server acknowledged during the run (a 2xx on a route that changes the queue), whether the run
 * meant it as a valid step or a broken request got through. Afterwards the journal must hold exactly one event for
 * each (no acknowledged command lost, no refused one half-applied), naming the same ticket.
 */
final class Ledger {
  /** Route → the event type its acknowledged call journals. */
  private static final Map<String, Class<? extends Event>> EVENT_OF = Map.ofEntries(
      Map.entry("POST /api/centers/:center/tickets", Event.TicketIssued.class),
      Map.entry("POST /api/centers/:center/counters/:counter/call-next", Event.TicketCalled.class),
      Map.entry("POST /api/centers/:center/counters/:counter/recall", Event.TicketRecalled.class),
      Map.entry("POST /api/centers/:center/counters/:counter/start", Event.ServiceStarted.class),
      Map.entry("POST /api/centers/:center/counters/:counter/finish", Event.ServiceFinished.class),
      Map.entry("POST /api/centers/:center/counters/:counter/no-show", Event.TicketNoShow.class),
      Map.entry("POST /api/centers/:center/counters/:counter/transfer", Event.TicketTransferred.class),
      Map.entry("POST /api/centers/:center/counters/:counter/pause", Event.CounterPaused.class),
      Map.entry("POST /api/centers/:center/counters/:counter/resume", Event.CounterResumed.class),
      Map.entry("POST /api/centers/:center/tickets/:ticket/cancel", Event.TicketCancelled.class),
      Map.entry("POST /api/track/:token/cancel", Event.TicketCancelled.class),
      Map.entry("POST /api/centers/:center/tickets/:ticket/reprint", Event.ReprintRequested.class),
      Map.entry("POST /api/centers/:center/fields/:field/pause", Event.FieldPaused.class),
      Map.entry("POST /api/centers/:center/fields/:field/resume", Event.FieldResumed.class),
      Map.entry("POST /api/centers/:center/counters/:counter/rating", Event.ServiceRated.class),
      Map.entry("POST /api/track/:token/rating", Event.ServiceRated.class),
      Map.entry("PUT /api/centers/:center/settings", Event.SettingsChanged.class),
      Map.entry("POST /api/centers/:center/close-day", Event.DayClosed.class));
  /** Events journaled without a command of the run's HTTP clients: the day's start, and the print agents' answers. */
  private static final Set<Class<? extends Event>> NOT_FROM_HTTP =
      Set.of(Event.DayOpened.class, Event.TicketPrinted.class, Event.TicketPrintFailed.class);

  /** Commands whose answer is the ticket they acted on. */
  private static final Set<Class<? extends Event>> TICKET_EVENTS = Set.of(Event.TicketCalled.class,
      Event.TicketRecalled.class, Event.ServiceStarted.class, Event.ServiceFinished.class, Event.TicketNoShow.class,
      Event.TicketCancelled.class);

  private final Map<String, Integer> acknowledged = new TreeMap<>();
  /** (event type, ticket id) each acknowledged ticket command must have left in the journal. */
  private final Set<String> ticketEvents = new LinkedHashSet<>();
  /** Tickets acknowledged with a 201 that was not a replay, in order. */
  final List<String> issuedIds = new ArrayList<>();
  private final Set<String> replayedIds = new LinkedHashSet<>();

  /** Notes an answer; returns the acknowledged event type's name, or null when nothing was acknowledged. */
  String record(FuzzRequest request, WireClient.Answer answer, Desk desk) {
    Class<? extends Event> type = request.route() == null ? null : EVENT_OF.get(request.route());
    if (type == null || answer.status() / 100 != 2 || !request.route().startsWith(request.method() + " ")) return null;
    acknowledged.merge(type.getSimpleName(), 1, Integer::sum);
    if (answer.status() == 204 || answer.body().length == 0) {
      if (type == Event.TicketCalled.class || type == Event.TicketRecalled.class) {
        acknowledged.merge(type.getSimpleName(), -1, Integer::sum); // nobody to call: nothing happened
      }
      return type.getSimpleName();
    }
    JsonObject body = new JsonObject(answer.text());
    String id = body.getString("id");
    if (type == Event.TicketIssued.class) {
      if ("true".equals(answer.header("idempotent-replay"))) {
        acknowledged.merge(type.getSimpleName(), -1, Integer::sum);
        replayedIds.add(id);
      } else {
        issuedIds.add(id);
        desk.issued(id, body.getString("trackToken"));
      }
    } else if (type == Event.TicketTransferred.class) {
      ticketEvents.add(type.getSimpleName() + " " + body.getString("transferredFrom") + "→" + id);
      desk.transferred(body.getString("transferredFrom"), id);
    } else if (TICKET_EVENTS.contains(type) && request.route().startsWith("POST /api/centers/")) {
      ticketEvents.add(type.getSimpleName() + " " + id);
    }
    return type.getSimpleName();
  }

  int acknowledged() {
    return acknowledged.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Failures found comparing the acknowledged commands with the journal's events; empty when they agree. */
  List<String> compare(List<Recorded> journal) {
    Map<String, Integer> counted = new TreeMap<>();
    Set<String> found = new java.util.HashSet<>();
    List<String> issuedInJournal = new ArrayList<>();
    Set<String> madeByTransfer = new java.util.HashSet<>();
    for (Recorded r : journal) {
      Event e = r.event();
      if (NOT_FROM_HTTP.contains(e.getClass())) continue;
      counted.merge(e.getClass().getSimpleName(), 1, Integer::sum);
      String name = e.getClass().getSimpleName();
      if (e instanceof Event.TicketIssued i) issuedInJournal.add(i.ticketId());
      else if (e instanceof Event.TicketCalled c) found.add(name + " " + c.ticketId());
      else if (e instanceof Event.TicketRecalled c) found.add(name + " " + c.ticketId());
      else if (e instanceof Event.ServiceStarted c) found.add(name + " " + c.ticketId());
      else if (e instanceof Event.ServiceFinished c) found.add(name + " " + c.ticketId());
      else if (e instanceof Event.TicketNoShow c) found.add(name + " " + c.ticketId());
      else if (e instanceof Event.TicketCancelled c) found.add(name + " " + c.ticketId());
      else if (e instanceof Event.TicketTransferred c) {
        found.add(name + " " + c.ticketId() + "→" + c.newTicketId());
        madeByTransfer.add(c.newTicketId());
      }
    }
    List<String> failures = new ArrayList<>();
    Map<String, Integer> expected = new HashMap<>(acknowledged);
    expected.values().removeIf(n -> n == 0);
    // A call-next (or close-day) also finishes the ticket before it: ServiceFinished can outnumber the finishes.
    int finished = counted.getOrDefault("ServiceFinished", 0);
    if (finished < expected.getOrDefault("ServiceFinished", 0)) {
      failures.add("ServiceFinished events " + finished + " < acknowledged finishes " + expected.get("ServiceFinished"));
    }
    counted.remove("ServiceFinished");
    expected.remove("ServiceFinished");
    if (!new TreeMap<>(expected).equals(counted)) {
      failures.add("events by type in the journal " + counted + " ≠ acknowledged commands " + new TreeMap<>(expected));
    }
    if (!issuedInJournal.equals(issuedIds)) {
      failures.add("TicketIssued events (" + issuedInJournal.size() + ") ≠ acknowledged new tickets (" + issuedIds.size()
          + ") in the same order");
    }
    // A replay answers with the ticket as it is now: after a transfer, the new ticket.
    for (String id : replayedIds) {
      if (!issuedInJournal.contains(id) && !madeByTransfer.contains(id)) failures.add("replayed " + id + " was never issued");
    }
    for (String e : ticketEvents) if (!found.contains(e)) failures.add("acknowledged but not journaled: " + e);
    return failures;
  }

  @Override
  public String toString() {
    return acknowledged.toString();
  }
}
