package vn.luot.server.stats;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.luot.server.domain.Outcome;
import vn.luot.server.journal.TicketRow;

/**
 * The figures of one group of tickets (a field, a counter, a clerk, an hour, or all): how many were issued,
 * served, not shown, cancelled, expired and transferred; waiting and service times; the share within the target
 * wait; ratings; what came of the services (outcomes of served tickets).
 */
public final class GroupStats {
  private int issued;
  private int served;
  private int noShow;
  private int cancelled;
  private int expired;
  private int transferred;
  private int withinTarget;
  private int judged;
  private final List<Double> waits = new ArrayList<>();
  private final List<Double> services = new ArrayList<>();
  private final Map<Integer, Integer> ratings = new TreeMap<>();
  private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);

  GroupStats() {
    for (Outcome o : Outcome.values()) outcomes.put(o, 0);
  }
  private final Map<String, Integer> ratingReasons = new TreeMap<>();

  /**
   * @param targetWaitSeconds the field's acceptable wait; tickets called within it count towards the share, tickets
   *                          never called (expired) count against it
   */
  void add(TicketRow t, long targetWaitSeconds) {
    if (t.transferredFrom() == null) issued++;
    switch (t.status()) {
      case "DONE" -> {
        served++;
        if (t.outcome() != null) outcomes.merge(Outcome.valueOf(t.outcome()), 1, Integer::sum);
      }
      case "NO_SHOW" -> noShow++;
      case "CANCELLED" -> cancelled++;
      case "EXPIRED" -> expired++;
      case "TRANSFERRED" -> transferred++;
      default -> { }
    }
    if (t.waitMs() != null) {
      double wait = t.waitMs() / 1000.0;
      waits.add(wait);
      judged++;
      if (wait <= targetWaitSeconds) withinTarget++;
    } else if ("EXPIRED".equals(t.status())) {
      judged++;
    }
    if (t.serviceMs() != null && ("DONE".equals(t.status()) || "TRANSFERRED".equals(t.status()))) {
      services.add(t.serviceMs() / 1000.0);
    }
    if (t.rating() != null) ratings.merge(t.rating(), 1, Integer::sum);
    if (t.ratingReason() != null) ratingReasons.merge(t.ratingReason(), 1, Integer::sum);
  }

  public int issued() { return issued; }
  public int served() { return served; }
  public int noShow() { return noShow; }
  public int cancelled() { return cancelled; }
  public int expired() { return expired; }
  public int transferred() { return transferred; }
  public Distribution waitSeconds() { return Distribution.of(waits); }
  public Distribution serviceSeconds() { return Distribution.of(services); }
  /** Share of judged tickets called within the target, 0..1; null when none was judged. */
  public Double withinTargetShare() { return judged == 0 ? null : Math.round(1000.0 * withinTarget / judged) / 1000.0; }
  public Map<Integer, Integer> ratings() { return ratings; }
  /** Served tickets by the outcome the clerk recorded, every outcome present (0 when none). */
  public Map<Outcome, Integer> outcomes() { return outcomes; }
  /** How often each reason came with an unhappy rating, by reason name. */
  public Map<String, Integer> ratingReasons() { return ratingReasons; }
}
