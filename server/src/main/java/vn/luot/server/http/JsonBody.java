package vn.luot.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request body read strictly: it must be a JSON object, have only the properties the route knows, and each value
 * must have the right type and shape. Every refusal is a 400 naming the property.
 */
final class JsonBody {
  private final JsonObject json;
  /** Where this object sits in the body ("" at the top, "fields[2]." inside), so errors name the exact property. */
  private final String path;

  private JsonBody(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  /** A nested object of a body, read with the same strictness; {@code name} is its full path, e.g. fields[2]. */
  static JsonBody nested(Object value, String name, Set<String> allowed) {
    if (!(value instanceof JsonObject o)) throw ApiError.invalidValue(name, "object");
    for (String n : o.fieldNames()) {
      if (!allowed.contains(n)) throw ApiError.of(400, "UNKNOWN_PROPERTY", "name", name + "." + n);
    }
    return new JsonBody(o, name + ".");
  }

  /** The full name of a property of this object, as error messages give it. */
  String path(String name) {
    return path + name;
  }

  /** A required array of min..max elements. */
  io.vertx.core.json.JsonArray requiredArray(String name, int min, int max) {
    Object v = json.getValue(name);
    if (v == null) throw ApiError.of(400, "MISSING_FIELD", "name", path(name));
    if (!(v instanceof io.vertx.core.json.JsonArray a) || a.size() < min || a.size() > max) {
      throw ApiError.invalidValue(path(name), "arraySize", java.util.Map.of("min", String.valueOf(min), "max", String.valueOf(max)));
    }
    return a;
  }

  /** A required value of any JSON type (its shape is checked by whoever reads it). */
  Object required(String name) {
    Object v = json.getValue(name);
    if (v == null) throw ApiError.of(400, "MISSING_FIELD", "name", path(name));
    return v;
  }

  int optionalInt(String name, int min, int max, int otherwise) {
    return json.getValue(name) == null ? otherwise : requiredInt(name, min, max);
  }

  /** An empty body counts as {}; anything else must be one JSON object with only the allowed properties. */
  static JsonBody parse(Buffer body, Set<String> allowed) {
    JsonObject json;
    if (body == null || body.length() == 0 || body.toString().isBlank()) {
      json = new JsonObject();
    } else {
      Object parsed;
      try {
        parsed = io.vertx.core.json.Json.decodeValue(body);
      } catch (DecodeException | IllegalStateException e) {
        throw ApiError.of(400, "INVALID_JSON");
      }
      if (!(parsed instanceof JsonObject o)) throw ApiError.of(400, "INVALID_JSON");
      json = o;
    }
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) throw ApiError.of(400, "UNKNOWN_PROPERTY", "name", name);
    }
    return new JsonBody(json, "");
  }

  /** @param expected the reason.* message that says what shape is wanted */
  String requiredString(String name, Pattern shape, String expected) {
    String s = optionalString(name, shape, expected);
    if (s == null) throw ApiError.of(400, "MISSING_FIELD", "name", path(name));
    return s;
  }

  String optionalString(String name, Pattern shape, String expected) {
    Object v = json.getValue(name);
    if (v == null) return null;
    if (!(v instanceof String s)) throw ApiError.invalidValue(path(name), "string");
    if (!shape.matcher(s).matches()) throw ApiError.invalidValue(path(name), expected);
    return s;
  }

  boolean optionalBoolean(String name, boolean otherwise) {
    Object v = json.getValue(name);
    if (v == null) return otherwise;
    if (!(v instanceof Boolean b)) throw ApiError.invalidValue(path(name), "boolean");
    return b;
  }

  int requiredInt(String name, int min, int max) {
    Object v = json.getValue(name);
    if (v == null) throw ApiError.of(400, "MISSING_FIELD", "name", path(name));
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
      throw ApiError.invalidValue(path(name), "integerRange", java.util.Map.of("min", String.valueOf(min), "max", String.valueOf(max)));
    }
    return ((Number) v).intValue();
  }

  <E extends Enum<E>> E optionalEnum(String name, Class<E> type) {
    Object v = json.getValue(name);
    if (v == null) return null;
    if (v instanceof String s) {
      for (E e : type.getEnumConstants()) if (e.name().equals(s.toUpperCase(Locale.ROOT))) return e;
    }
    throw ApiError.invalidValue(path(name), "oneOf", java.util.Map.of("values", java.util.Arrays.toString(type.getEnumConstants())));
  }
}
