package vn.luot.server.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The waiting tickets of one field, priority and normal apart, each in order of original issue time (then journal
 * order), so a transferred citizen keeps their place.
 */
final class FieldQueue {
  /** The sort key of a waiting ticket. */
  record Place(Instant issuedAt, long queueSeq) implements Comparable<Place> {
    private static final Comparator<Place> ORDER =
        Comparator.comparing(Place::issuedAt).thenComparingLong(Place::queueSeq);

    static Place of(Ticket t) {
      return new Place(t.issuedAt(), t.queueSeq());
    }

    @Override
    public int compareTo(Place o) {
      return ORDER.compare(this, o);
    }
  }

  private final TreeMap<Place, String> priority = new TreeMap<>();
  private final TreeMap<Place, String> normal = new TreeMap<>();

  void add(Ticket t) {
    (t.priority() ? priority : normal).put(Place.of(t), t.id());
  }

  void remove(Ticket t) {
    (t.priority() ? priority : normal).remove(Place.of(t));
  }

  int size() {
    return priority.size() + normal.size();
  }

  Optional<Map.Entry<Place, String>> firstPriority() {
    return Optional.ofNullable(priority.firstEntry());
  }

  Optional<Map.Entry<Place, String>> firstNormal() {
    return Optional.ofNullable(normal.firstEntry());
  }

  /** Tickets of this field that come before the given one: earlier priority ones, and for a normal ticket all priority ones too. */
  int ahead(Ticket t) {
    Place place = Place.of(t);
    TreeMap<Place, String> own = t.priority() ? priority : normal;
    // The common case, a ticket just issued, is last in its queue: everyone else is ahead, no walk needed.
    int before = !own.isEmpty() && place.equals(own.lastKey()) ? own.size() - 1 : own.headMap(place, false).size();
    return t.priority() ? before : priority.size() + before;
  }
}
