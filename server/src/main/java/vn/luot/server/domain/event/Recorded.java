package vn.luot.server.domain.event;

/** An event with its place in the center's journal: seq 1, 2, 3… with no gap. */
public record Recorded(long seq, Event event) {
  public Recorded {
    if (seq < 1) throw new IllegalArgumentException("seq starts at 1");
  }
}
