package vn.luot.server.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.HashMap;
import java.util.Map;
import vn.luot.server.domain.CenterSettings;
import vn.luot.server.domain.event.Event;

/**
 * Turns domain events into the journal's JSON and back. The type name is the record's simple name; the list of
 * types is the sealed interface's, so a new event needs no registration here.
 */
public final class EventCodec {
  private final ObjectMapper mapper = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Map<String, Class<? extends Event>> types = new HashMap<>();

  @SuppressWarnings("unchecked")
  public EventCodec() {
    for (Class<?> c : Event.class.getPermittedSubclasses()) types.put(c.getSimpleName(), (Class<? extends Event>) c);
  }

  public String typeOf(Event e) {
    return e.getClass().getSimpleName();
  }

  public String encode(Event e) {
    return json(e);
  }

  public String encodeSettings(CenterSettings settings) {
    return json(settings);
  }

  public CenterSettings decodeSettings(String json) {
    try {
      return mapper.readValue(json, CenterSettings.class);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot decode settings: " + json, ex);
    }
  }

  /** Any value as JSON: an event, settings, the audit log's details. */
  public String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot encode " + value, ex);
    }
  }

  public Event decode(String type, String json) {
    Class<? extends Event> c = types.get(type);
    if (c == null) throw new IllegalStateException("unknown event type in journal: " + type);
    try {
      return mapper.readValue(json, c);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot decode " + type + ": " + json, ex);
    }
  }
}
