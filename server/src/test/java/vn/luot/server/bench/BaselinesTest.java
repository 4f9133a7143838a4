package vn.luot.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Baselines: a round that lost messages counts as unbounded in the medians")
class BaselinesTest {
  private static Baselines.Open round(String system, double deliveryP99, long delivered) {
    return new Baselines.Open(system, 20, 20, 5, 20, Double.NaN, Double.NaN, 0, 10, deliveryP99, 60, delivered,
        400_000, 1.0, 16, 12);
  }

  @Test
  @DisplayName("a whole round is kept; one that lost its screens no longer pulls Lượt's p99 median down to 0 ms")
  void lostRoundIsUnbounded() {
    Baselines.Open whole = round("Lượt", 33.5, 400_000);
    assertSame(whole, whole.lossesUnbounded());
    Baselines.Open lost = round("Lượt", 0.0, 0);
    assertEquals(Double.POSITIVE_INFINITY, lost.lossesUnbounded().deliveryP99());
    assertEquals(Double.POSITIVE_INFINITY, lost.lossesUnbounded().serverMicrosPerDelivery());
    assertEquals(12, lost.lossesUnbounded().clientMicrosPerDelivery());

    Map<String, List<Baselines.Open>> bySystem = new LinkedHashMap<>();
    bySystem.put("Lượt", List.of(whole, round("Lượt", 31.0, 400_000), lost));
    bySystem.put("Redis", List.of(round("Redis", 23.2, 400_000), round("Redis", 22.8, 400_000),
        round("Redis", 22.1, 400_000)));
    String table = Baselines.subscriberTable(bySystem);
    assertTrue(table.contains("| Lượt | 5.00 | 20.00 | 10.00 | 33.50 |"), table);
    assertTrue(table.contains("| Lượt / Redis | 1.47× |"), table);
    // Server and benchmark CPU per delivery, side by side (medians of 16 and 12 µs in every round).
    assertTrue(table.contains("| 16.00 | 12.00 |"), table);
  }
}
