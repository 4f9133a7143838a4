package vn.luot.server.push;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.engine.EventSink;
import vn.luot.server.wire.WireFormat;

/**
 * Publishes the durable events of each append on this node's event bus for its push hubs, as one message: for each
 * event the screen message itself, plus what a hub needs to route it (the counter, the field, the ticket's tracking
 * token and kiosk) without asking the engine. One message per append, not per event, so a feed writes all of an
 * append's events before it flushes: published one by one, an event loop could flush a call-next's "finished" before
 * the "called" had been published (the engine's thread was preempted between them), and one screen in ten took two
 * system calls for one call (docs/BENCHMARKS.md, "One bus message per append").
 * Node-local even in a cluster: each node's engine passes on every event of its center, its own and other nodes'
 * alike, in seq order, so a node's screens are fed by that node alone and never see one event twice.
 */
public final class BusPublisher implements EventSink {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private final EventBus bus;
  /** Per center, the envelopes of the append being published (each center's engine tells them from one thread). */
  private final Map<String, JsonArray> gathering = new ConcurrentHashMap<>();

  public BusPublisher(EventBus bus) {
    this.bus = bus;
  }

  public static String address(String center) {
    return "luot.events." + center;
  }

  @Override
  public void published(String center, Recorded recorded, CenterState after) {
    JsonObject message = WireFormat.event(recorded, after);
    JsonObject envelope = new JsonObject().put("seq", recorded.seq()).put("message", message);
    String ticketId = TicketIds.of(recorded.event());
    if (ticketId != null) {
      Ticket t = after.ticket(ticketId).orElse(null);
      if (t != null) envelope.put("trackToken", t.trackToken()).put("field", t.field()).put("kiosk", t.kiosk());
    }
    gathering.computeIfAbsent(center, c -> new JsonArray()).add(envelope);
  }

  /**
   * Publishes once the engine's current task is over. The answer to the command that made these events is handed
   * to its HTTP connection's event loop in that task, so it is queued there before the fan-out, and a clerk does
   * not wait for the writes to the screens of that event loop (some 250 system calls with 1,000 screens).
   */
  @Override
  public void appendPublished(String center) {
    JsonArray envelopes = gathering.remove(center);
    if (envelopes == null) return;
    Context engine = Vertx.currentContext();
    if (engine == null) bus.publish(address(center), envelopes, LOCAL);
    else engine.runOnContext(v -> bus.publish(address(center), envelopes, LOCAL));
  }
}
