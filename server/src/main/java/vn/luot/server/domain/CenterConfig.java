package vn.luot.server.domain;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One administrative center: its fields, its counters and its queue rules. Checked for consistency on creation,
 * so the rest of the domain can rely on every counter's field existing and every prefix being unique.
 */
public final class CenterConfig {
  private final String id;
  private final String name;
  private final ZoneId zone;
  private final Map<String, Field> fields;
  private final Map<String, Counter> counters;
  private final QueuePolicy policy;

  public CenterConfig(String id, String name, ZoneId zone, List<Field> fields, List<Counter> counters, QueuePolicy policy) {
    this.id = Objects.requireNonNull(id, "id");
    this.name = Objects.requireNonNull(name, "name");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.policy = Objects.requireNonNull(policy, "policy");
    if (fields.isEmpty()) throw new IllegalArgumentException("center " + id + " has no field");
    Map<String, Field> byCode = new LinkedHashMap<>();
    Set<String> prefixes = new HashSet<>();
    for (Field f : fields) {
      if (byCode.put(f.code(), f) != null) throw new IllegalArgumentException("field code repeated: " + f.code());
      if (!prefixes.add(f.prefix())) throw new IllegalArgumentException("field prefix repeated: " + f.prefix());
    }
    Map<String, Counter> byId = new LinkedHashMap<>();
    for (Counter c : counters) {
      if (byId.put(c.id(), c) != null) throw new IllegalArgumentException("counter id repeated: " + c.id());
      for (String f : c.fields()) {
        if (!byCode.containsKey(f)) throw new IllegalArgumentException("counter " + c.id() + " serves unknown field " + f);
      }
    }
    this.fields = Map.copyOf(byCode);
    this.counters = Map.copyOf(byId);
    this.fieldOrder = List.copyOf(fields);
    this.counterOrder = List.copyOf(counters);
  }

  private final List<Field> fieldOrder;
  private final List<Counter> counterOrder;

  public String id() { return id; }
  public String name() { return name; }
  public ZoneId zone() { return zone; }
  public QueuePolicy policy() { return policy; }
  /** Fields in configured order. */
  public List<Field> fields() { return fieldOrder; }
  /** Counters in configured order. */
  public List<Counter> counters() { return counterOrder; }
  public Optional<Field> field(String code) { return Optional.ofNullable(code == null ? null : fields.get(code)); }
  public Optional<Counter> counter(String counterId) { return Optional.ofNullable(counterId == null ? null : counters.get(counterId)); }
}
