package vn.luot.server.domain;

import java.util.List;
import java.util.Objects;

/**
 * A service counter (quầy) and the fields it serves, in order of preference.
 */
public record Counter(String id, String name, List<String> fields) {
  public Counter {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    fields = List.copyOf(fields);
    if (fields.isEmpty()) throw new IllegalArgumentException("counter " + id + " serves no field");
  }
}
