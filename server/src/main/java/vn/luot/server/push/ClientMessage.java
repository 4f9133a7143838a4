package vn.luot.server.push;

import io.vertx.core.json.JsonObject;

/** A text frame from a screen or a print agent, read leniently: anything that is not a JSON object is ignored. */
record ClientMessage(String type, JsonObject body) {
  static final ClientMessage IGNORED = new ClientMessage("", new JsonObject());

  static ClientMessage parse(String text) {
    try {
      JsonObject m = new JsonObject(text);
      return new ClientMessage(m.getValue("type") instanceof String t ? t : "", m);
    } catch (RuntimeException notJson) {
      return IGNORED;
    }
  }
}
