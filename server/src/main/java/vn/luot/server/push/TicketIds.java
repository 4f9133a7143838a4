package vn.luot.server.push;

import vn.luot.server.domain.event.Event;

/** The ticket an event is about, if any (for a transfer, the new waiting ticket). */
final class TicketIds {
  private TicketIds() {}

  static String of(Event e) {
    if (e instanceof Event.TicketIssued x) return x.ticketId();
    if (e instanceof Event.TicketCalled x) return x.ticketId();
    if (e instanceof Event.TicketRecalled x) return x.ticketId();
    if (e instanceof Event.ServiceStarted x) return x.ticketId();
    if (e instanceof Event.ServiceFinished x) return x.ticketId();
    if (e instanceof Event.TicketNoShow x) return x.ticketId();
    if (e instanceof Event.TicketTransferred x) return x.newTicketId();
    if (e instanceof Event.TicketCancelled x) return x.ticketId();
    if (e instanceof Event.ServiceRated x) return x.ticketId();
    if (e instanceof Event.TicketPrinted x) return x.ticketId();
    if (e instanceof Event.TicketPrintFailed x) return x.ticketId();
    if (e instanceof Event.ReprintRequested x) return x.ticketId();
    return null;
  }
}
