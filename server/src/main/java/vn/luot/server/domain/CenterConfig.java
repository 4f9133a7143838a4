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
 * One administrative center: its fixed identity (id, name, zone) and its current {@link CenterSettings}. Checked
 * for consistency on creation, so the rest of the domain can rely on every counter's field existing and every prefix
 * being unique. Settings change while the center runs (Event.SettingsChanged gives the center a new config).
 */
public final class CenterConfig {
  private final String id;
  private final String name;
  private final ZoneId zone;
  private final CenterSettings settings;
  private final Map<String, Field> fields;
  private final Map<String, Counter> counters;

  public CenterConfig(String id, String name, ZoneId zone, List<Field> fields, List<Counter> counters, QueuePolicy policy) {
    this(id, name, zone, CenterSettings.of(fields, counters, policy, DisplaySettings.DEFAULT));
  }

  public CenterConfig(String id, String name, ZoneId zone, CenterSettings settings) {
    this.id = Objects.requireNonNull(id, "id");
    this.name = Objects.requireNonNull(name, "name");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.settings = Objects.requireNonNull(settings, "settings");
    if (settings.fields().isEmpty()) throw new IllegalArgumentException("center " + id + " has no field");
    if (settings.ratingLabels().size() != settings.policy().ratingLevels()) {
      throw new IllegalArgumentException("center " + id + " needs one rating label per rating level");
    }
    Map<String, Field> byCode = new LinkedHashMap<>();
    Set<String> prefixes = new HashSet<>();
    for (Field f : settings.fields()) {
      if (byCode.put(f.code(), f) != null) throw new IllegalArgumentException("field code repeated: " + f.code());
      if (!prefixes.add(f.prefix())) throw new IllegalArgumentException("field prefix repeated: " + f.prefix());
    }
    Map<String, Counter> byId = new LinkedHashMap<>();
    for (Counter c : settings.counters()) {
      if (byId.put(c.id(), c) != null) throw new IllegalArgumentException("counter id repeated: " + c.id());
      for (String f : c.fields()) {
        if (!byCode.containsKey(f)) throw new IllegalArgumentException("counter " + c.id() + " serves unknown field " + f);
      }
    }
    this.fields = Map.copyOf(byCode);
    this.counters = Map.copyOf(byId);
  }

  /** The same center with other settings; throws IllegalArgumentException if they are inconsistent. */
  public CenterConfig withSettings(CenterSettings newSettings) {
    return new CenterConfig(id, name, zone, newSettings);
  }

  public CenterConfig withDisplay(DisplaySettings display) {
    return withSettings(new CenterSettings(settings.fields(), settings.counters(), settings.policy(), display,
        settings.ratingLabels()));
  }

  public String id() { return id; }
  public String name() { return name; }
  public ZoneId zone() { return zone; }
  public CenterSettings settings() { return settings; }
  public QueuePolicy policy() { return settings.policy(); }
  public DisplaySettings display() { return settings.display(); }
  /** Fields in configured order, disabled ones included. */
  public List<Field> fields() { return settings.fields(); }
  /** Counters in configured order. */
  public List<Counter> counters() { return settings.counters(); }
  public Optional<Field> field(String code) { return Optional.ofNullable(code == null ? null : fields.get(code)); }
  public Optional<Counter> counter(String counterId) { return Optional.ofNullable(counterId == null ? null : counters.get(counterId)); }
}
