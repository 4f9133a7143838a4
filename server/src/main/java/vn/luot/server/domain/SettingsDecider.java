package vn.luot.server.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;

/**
 * Decides an administrator's change of settings against the running center. What tickets of today depend on stays
 * put: a field is never removed (it is disabled), a prefix already used today keeps numbering, and a counter with a
 * citizen at it is not removed. Everything else applies at once.
 */
final class SettingsDecider {
  private SettingsDecider() {}

  static Decision decide(CenterState s, Command.ChangeSettings c, Instant at) {
    CenterSettings next = c.settings();
    CenterConfig now = s.config();
    Optional<Rejection> wrong = check(s, next);
    if (wrong.isPresent()) return new Decision.Rejected(wrong.get());
    try {
      now.withSettings(next);
    } catch (IllegalArgumentException e) {
      return new Decision.Rejected(Rejection.of(RejectionCode.SETTINGS_INVALID, "reason", e.getMessage()));
    }
    List<String> changes = changes(now.settings(), next);
    if (changes.isEmpty()) return new Decision.Accepted(List.of(), null, null);
    return new Decision.Accepted(List.of(new Event.SettingsChanged(at, c.actor(), next, changes)), null, null);
  }

  private static Optional<Rejection> check(CenterState s, CenterSettings next) {
    Set<String> codes = new HashSet<>();
    Set<String> prefixes = new HashSet<>();
    boolean anyActive = false;
    for (Field f : next.fields()) {
      if (!codes.add(f.code())) return reject(RejectionCode.SETTINGS_FIELD_REPEATED, "field", f.code());
      if (!prefixes.add(f.prefix())) return reject(RejectionCode.SETTINGS_PREFIX_REPEATED, "prefix", f.prefix());
      anyActive |= !f.disabled();
      Optional<Field> old = s.config().field(f.code());
      if (old.isPresent() && !old.get().prefix().equals(f.prefix()) && s.fieldUsedToday(f.code())) {
        return reject(RejectionCode.SETTINGS_PREFIX_IN_USE, "field", f.code());
      }
    }
    for (Field f : s.config().fields()) {
      if (!codes.contains(f.code())) return reject(RejectionCode.SETTINGS_FIELD_REMOVED, "field", f.code());
    }
    if (!anyActive) return reject(RejectionCode.SETTINGS_NO_ACTIVE_FIELD, null, null);
    Set<String> counterIds = new HashSet<>();
    for (Counter k : next.counters()) {
      if (!counterIds.add(k.id())) return reject(RejectionCode.SETTINGS_COUNTER_REPEATED, "counter", k.id());
      for (String f : k.fields()) {
        if (!codes.contains(f)) {
          return Optional.of(new Rejection(RejectionCode.SETTINGS_COUNTER_FIELD_UNKNOWN, java.util.Map.of("counter", k.id(), "field", f)));
        }
      }
    }
    for (CounterState cs : s.counters()) {
      if (!counterIds.contains(cs.id()) && cs.currentTicket() != null) {
        return reject(RejectionCode.SETTINGS_COUNTER_BUSY, "counter", cs.id());
      }
    }
    if (next.ratingLabels().size() != next.policy().ratingLevels()) {
      return reject(RejectionCode.SETTINGS_RATING_LABELS, "levels", String.valueOf(next.policy().ratingLevels()));
    }
    return Optional.empty();
  }

  /** What differs, as kind:target, in the order an administrator reads a form. */
  static List<String> changes(CenterSettings before, CenterSettings after) {
    List<String> out = new ArrayList<>();
    for (Field f : after.fields()) {
      Optional<Field> old = before.fields().stream().filter(o -> o.code().equals(f.code())).findFirst();
      if (old.isEmpty()) {
        out.add("fieldAdded:" + f.code());
      } else if (!old.get().equals(f)) {
        if (old.get().disabled() != f.disabled()) out.add((f.disabled() ? "fieldDisabled:" : "fieldEnabled:") + f.code());
        if (!sameApartFromDisabled(old.get(), f)) out.add("fieldChanged:" + f.code());
      }
    }
    if (!codes(before.fields()).equals(codes(after.fields())) && out.stream().noneMatch(x -> x.startsWith("fieldAdded:"))) {
      out.add("fieldsReordered");
    }
    for (Counter k : after.counters()) {
      Optional<Counter> old = before.counters().stream().filter(o -> o.id().equals(k.id())).findFirst();
      if (old.isEmpty()) out.add("counterAdded:" + k.id());
      else if (!old.get().equals(k)) out.add("counterChanged:" + k.id());
    }
    for (Counter k : before.counters()) {
      if (after.counters().stream().noneMatch(n -> n.id().equals(k.id()))) out.add("counterRemoved:" + k.id());
    }
    if (!before.policy().equals(after.policy())) out.add("policyChanged");
    if (!before.display().equals(after.display())) out.add("displayChanged");
    if (!before.ratingLabels().equals(after.ratingLabels())) out.add("ratingChanged");
    return out;
  }

  private static boolean sameApartFromDisabled(Field a, Field b) {
    return a.name().equals(b.name()) && a.prefix().equals(b.prefix()) && a.targetWaitMinutes() == b.targetWaitMinutes()
        && a.defaultServiceMinutes() == b.defaultServiceMinutes();
  }

  private static List<String> codes(List<Field> fields) {
    return fields.stream().map(Field::code).toList();
  }

  private static Optional<Rejection> reject(RejectionCode code, String key, String value) {
    return Optional.of(key == null ? Rejection.of(code) : Rejection.of(code, key, Objects.toString(value)));
  }
}
