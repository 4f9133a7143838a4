package vn.luot.server.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an administrator may change of a center while it runs: its fields, its counters with the fields each serves
 * in order, the queue rules, what the screens show and say, and the rating wording. The center's id, name and zone
 * are not settings: they come from the config file.
 *
 * @param ratingLabels one label per rating level, most satisfied first; their number is the policy's ratingLevels
 */
public record CenterSettings(List<Field> fields, List<Counter> counters, QueuePolicy policy, DisplaySettings display,
                             List<String> ratingLabels) {
  public CenterSettings {
    fields = List.copyOf(fields);
    counters = List.copyOf(counters);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(display, "display");
    ratingLabels = List.copyOf(ratingLabels);
  }

  /** Settings with the default rating wording for the policy's number of levels. */
  public static CenterSettings of(List<Field> fields, List<Counter> counters, QueuePolicy policy, DisplaySettings display) {
    return new CenterSettings(fields, counters, policy, display, RatingLevel.defaultLabels(policy.ratingLevels()));
  }

  /** The rating levels as the tablet offers them: highest score (most satisfied) first. */
  public List<RatingLevel> ratingLevels() {
    List<RatingLevel> levels = new ArrayList<>(ratingLabels.size());
    for (int i = 0; i < ratingLabels.size(); i++) levels.add(new RatingLevel(ratingLabels.size() - i, ratingLabels.get(i)));
    return levels;
  }
}
