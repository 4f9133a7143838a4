package vn.luot.server.push;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.engine.EventSink;
import vn.luot.server.wire.WireFormat;

/**
 * Publishes each durable event on this node's event bus for its push hubs: the screen message itself, plus what a
 * hub needs to route it (the counter, the field, the ticket's tracking token and kiosk) without asking the engine.
 * Node-local even in a cluster: each node's engine passes on every event of its center, its own and other nodes'
 * alike, in seq order, so a node's screens are fed by that node alone and never see one event twice.
 */
public final class BusPublisher implements EventSink {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private final EventBus bus;

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
    bus.publish(address(center), envelope, LOCAL);
  }
}
