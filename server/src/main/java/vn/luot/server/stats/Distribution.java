package vn.luot.server.stats;

import java.util.Arrays;
import java.util.List;

/**
 * Count, mean, median, 90th percentile and maximum of a list of durations in seconds. The median of an even count
 * is the mean of the two middle values; p90 is the nearest-rank value (the smallest value with at least 90% of the
 * values at or below it). Both are exact, so a report can be checked by hand.
 */
public record Distribution(int count, double mean, double median, double p90, double max) {
  public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0);

  public static Distribution of(List<Double> seconds) {
    if (seconds.isEmpty()) return EMPTY;
    double[] v = new double[seconds.size()];
    for (int i = 0; i < v.length; i++) v[i] = seconds.get(i);
    Arrays.sort(v);
    int n = v.length;
    double mean = Arrays.stream(v).sum() / n;
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    int rank = (int) Math.ceil(0.9 * n);
    return new Distribution(n, round(mean), round(median), round(v[rank - 1]), round(v[n - 1]));
  }

  private static double round(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
