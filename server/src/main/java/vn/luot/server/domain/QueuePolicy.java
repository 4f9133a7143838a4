package vn.luot.server.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The rules of one center's queue.
 *
 * @param priorityRatio  how many priority tickets a counter calls in a row before it must call a normal one
 *                       (when one waits), so that normal tickets never wait forever; 2 means 2 priority : 1 normal
 * @param routing        how a counter picks among its fields
 * @param recallMinGap   the least time between two calls of the same ticket, so a double press is not a second recall
 * @param ratingLevels   how many satisfaction levels the rating offers (3: Rất hài lòng, Hài lòng, Không hài lòng)
 */
public record QueuePolicy(int priorityRatio, RoutingMode routing, Duration recallMinGap, int ratingLevels) {
  /**
   * How long after a finish the counter's rating tablet may rate that ticket: long enough for the citizen to touch
   * the tablet on the way out, short enough that a later passer-by cannot rate someone else's service.
   */
  public static final Duration COUNTER_RATING_WINDOW = Duration.ofMinutes(3);

  public static final QueuePolicy DEFAULT = new QueuePolicy(2, RoutingMode.FIELD_ORDER, Duration.ofSeconds(10), 3);

  public QueuePolicy {
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(recallMinGap, "recallMinGap");
    if (priorityRatio < 1) throw new IllegalArgumentException("priorityRatio must be at least 1");
    if (recallMinGap.isNegative()) throw new IllegalArgumentException("recallMinGap must not be negative");
    if (ratingLevels < 2 || ratingLevels > 5) throw new IllegalArgumentException("ratingLevels must be 2..5");
  }

  /** The lower half of the scale (1 of 3, 1–2 of 5): the scores that may come with a reason. */
  public boolean unhappy(int score) {
    return score <= ratingLevels / 2;
  }
}
