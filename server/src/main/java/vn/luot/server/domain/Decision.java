package vn.luot.server.domain;

import java.util.List;
import vn.luot.server.domain.event.Event;

/** The answer of the domain to a command: the events it causes, or why it does not apply. */
public sealed interface Decision {

  /**
   * @param events   to journal, in order; may be empty (a replayed issue, call-next with nobody waiting)
   * @param ticketId the ticket the caller should be shown afterwards, or null
   * @param counter  the counter the caller should be shown afterwards, or null
   */
  record Accepted(List<Event> events, String ticketId, String counter) implements Decision {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  record Rejected(Rejection rejection) implements Decision {}
}
