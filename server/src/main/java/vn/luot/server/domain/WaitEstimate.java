package vn.luot.server.domain;

import java.time.Duration;

/**
 * The estimated wait before a ticket is called: the people ahead, shared among the counters that really serve the
 * field, at the field's mean service time. Measured against simulated days in docs/BENCHMARKS.md; the method and its
 * reasons are in docs/ARCHITECTURE.md.
 */
final class WaitEstimate {
  /** How far back a counter's calls tell how much of its time goes to each of its fields. */
  static final Duration SHARE_WINDOW = Duration.ofMinutes(60);
  /** A counter with no call in the window counts this much for a field that is not its first. */
  static final double UNTRIED_SHARE = 0.5;
  /** Never divide by less: a field whose counters all went elsewhere still gets a (long) finite estimate. */
  static final double MIN_EFFECTIVE_COUNTERS = 0.25;

  private WaitEstimate() {}

  /**
   * @param ahead              people to be called first
   * @param meanServiceSeconds mean service time in the field
   * @param effectiveCounters  open counters serving the field, each counted for its share of work in the field
   * @param allBusy            no open counter of the field is free: the first call also waits for a service to end,
   *                           on average half of one
   */
  static int minutes(int ahead, double meanServiceSeconds, double effectiveCounters, boolean allBusy) {
    if (ahead <= 0 && !allBusy) return 0;
    double people = ahead + (allBusy ? 0.5 : 0);
    double seconds = people * meanServiceSeconds / Math.max(MIN_EFFECTIVE_COUNTERS, effectiveCounters);
    return (int) Math.ceil(seconds / 60.0);
  }

  /**
   * How much of a counter's work goes to a field: the share of its calls in the window that were of the field, or,
   * with no call in the window, all of it for its first field and {@link #UNTRIED_SHARE} for the others.
   */
  static double share(int callsInWindow, int callsOfField, boolean firstField) {
    if (callsInWindow == 0) return firstField ? 1.0 : UNTRIED_SHARE;
    return (double) callsOfField / callsInWindow;
  }
}
