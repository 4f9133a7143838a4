package vn.luot.server.domain;

/** The life of a ticket. Only WAITING, CALLED and SERVING are open; the others are final. */
public enum TicketStatus {
  WAITING, CALLED, SERVING, DONE, NO_SHOW, TRANSFERRED, CANCELLED, EXPIRED;

  public boolean isOpen() {
    return this == WAITING || this == CALLED || this == SERVING;
  }
}
