package vn.luot.server.push;

import io.vertx.core.json.JsonObject;

/**
 * One event as BusPublisher puts it on the bus, read into fields: the screen message and what a feed routes it by.
 *
 * @param counter the counter the message concerns, or null
 * @param trackToken the tracking token of the ticket it concerns, or null
 * @param field the field of that ticket, or null
 */
record Envelope(long seq, JsonObject message, String counter, String trackToken, String field) {
  static Envelope of(JsonObject bus) {
    JsonObject message = bus.getJsonObject("message");
    return new Envelope(bus.getLong("seq"), message, message.getString("counter"), bus.getString("trackToken"),
        bus.getString("field"));
  }
}
