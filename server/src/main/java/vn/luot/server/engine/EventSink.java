package vn.luot.server.engine;

import java.util.List;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.event.Recorded;

/** Told of each event once it is durable, in seq order, with the durable state right after it. */
@FunctionalInterface
public interface EventSink {
  void published(String center, Recorded recorded, CenterState after);

  /**
   * Told after the events of one append (one command, or one batch another node appended) have each been published:
   * a sink that passes events on in groups sends this group now. A call-next's "finished" and "called" then reach a
   * screen together, in one write.
   */
  default void appendPublished(String center) {}

  /** One sink that tells each of {@code sinks}, in order. */
  static EventSink all(List<EventSink> sinks) {
    return new EventSink() {
      @Override
      public void published(String center, Recorded recorded, CenterState after) {
        for (EventSink s : sinks) s.published(center, recorded, after);
      }

      @Override
      public void appendPublished(String center) {
        for (EventSink s : sinks) s.appendPublished(center);
      }
    };
  }
}
