package vn.luot.server.domain;

/** The estimated wait before a ticket is called. */
final class WaitEstimate {
  private WaitEstimate() {}

  /**
   * @param ahead              people to be called first
   * @param meanServiceSeconds mean service time in the field
   * @param openCounters       counters serving the field and not paused
   */
  static int minutes(int ahead, double meanServiceSeconds, int openCounters) {
    if (ahead <= 0) return 0;
    double seconds = ahead * meanServiceSeconds / Math.max(1, openCounters);
    return (int) Math.ceil(seconds / 60.0);
  }
}
