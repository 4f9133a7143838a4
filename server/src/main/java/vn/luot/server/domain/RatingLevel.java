package vn.luot.server.domain;

import java.util.List;
import java.util.Objects;

/**
 * One answer a citizen can give when rating a service: score 1 is the least satisfied, the highest score the most.
 */
public record RatingLevel(int score, String label) {
  public RatingLevel {
    Objects.requireNonNull(label, "label");
    if (score < 1) throw new IllegalArgumentException("score starts at 1");
  }

  /** The wording a center starts with for 2..5 levels, most satisfied first (as the rating tablet lists them). */
  public static List<String> defaultLabels(int levels) {
    return switch (levels) {
      case 2 -> List.of("Hài lòng", "Không hài lòng");
      case 3 -> List.of("Rất hài lòng", "Hài lòng", "Không hài lòng");
      case 4 -> List.of("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng");
      case 5 -> List.of("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng");
      default -> throw new IllegalArgumentException("ratingLevels must be 2..5");
    };
  }
}
