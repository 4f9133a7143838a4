package vn.luot.server.engine;

import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.event.Recorded;

/** Told of each event once it is durable, in seq order, with the durable state right after it. */
@FunctionalInterface
public interface EventSink {
  void published(String center, Recorded recorded, CenterState after);
}
