package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static vn.luot.server.domain.DomainFixtures.MONDAY;
import static vn.luot.server.domain.DomainFixtures.at;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.luot.server.domain.DomainFixtures.Desk;
import vn.luot.server.domain.event.Recorded;

@DisplayName("Clock and wait estimates")
class TimeAndEstimateTest {

  @ParameterizedTest(name = "stepping back {0} s")
  @ValueSource(ints = {1, 59, 300, 3600})
  @DisplayName("A clock that steps back never gives a negative waiting or service time")
  void clockSteppingBack(int seconds) {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    Ticket called = desk.advanceSeconds(-seconds).callNextAt("2");
    assertEquals(Duration.ZERO, called.waitingTime().orElseThrow());
    assertEquals(a1.issuedAt(), called.calledAt(), "the decision takes the newest known time instead");

    desk.advanceMinutes(2).startAt("2");
    Ticket done = desk.advanceSeconds(-seconds).finishAt("2");
    assertFalse(done.serviceTime().orElseThrow().isNegative());
    assertFalse(done.waitingTime().orElseThrow().isNegative());
  }

  @Test
  @DisplayName("Event times never go backwards even when the clock does")
  void eventTimesAreMonotonic() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.advanceSeconds(-30).issueIn("DD");
    desk.advanceSeconds(-30).callNextAt("2");
    Instant previous = Instant.MIN;
    for (Recorded r : desk.journal) {
      assertFalse(r.event().at().isBefore(previous), r::toString);
      previous = r.event().at();
    }
  }

  @Test
  @DisplayName("A clock stepping back across midnight does not reopen yesterday: numbering continues today")
  void steppingBackAcrossMidnight() {
    Desk desk = DomainFixtures.desk().setClock(at(MONDAY.plusDays(1), 0, 1));
    Ticket first = desk.issueIn("DD");
    desk.setClock(at(MONDAY, 23, 59));
    Ticket second = desk.issueIn("DD");
    assertEquals(MONDAY.plusDays(1), first.day());
    assertEquals(MONDAY.plusDays(1), second.day());
    assertEquals("A002", second.number());
  }

  @Test
  @DisplayName("Before anyone is served, the estimate uses the field's default service minutes shared by its open counters, a counter whose first field is another counting half")
  void estimateBeforeService() {
    Desk desk = DomainFixtures.desk();
    Ticket b1 = desk.issueIn("HT");
    desk.issueIn("HT");
    desk.issueIn("HT");
    Ticket b4 = desk.issueIn("HT");
    // Hộ tịch: 8 default minutes; counter 3 (HT first) counts 1, counter 4 (CT first, no call yet) 0.5
    // → 3 ahead × 8 min / 1.5 = 16 min; both counters are free, so no half service is added
    assertEquals(3, desk.state.ahead(b4));
    assertEquals(16, desk.state.estimatedWaitMinutes(b4));
    assertEquals(0, desk.state.estimatedWaitMinutes(b1), "nobody is ahead of the first ticket");

    desk.pauseAt("4");
    assertEquals(24, desk.state.estimatedWaitMinutes(desk.latest(b4)), "a paused counter does not share the work");
  }

  @Test
  @DisplayName("Once services are finished, the estimate uses their mean service time instead of the default")
  void estimateAfterService() {
    Desk desk = DomainFixtures.desk();
    for (int i = 0; i < 4; i++) desk.issueIn("HT");
    Ticket b5 = desk.issueIn("HT");
    desk.callNextAt("3");
    desk.startAt("3");
    desk.advanceMinutes(4).finishAt("3");
    desk.callNextAt("4");
    desk.startAt("4");
    desk.advanceMinutes(2).finishAt("4");
    // mean 3 min; b5 has 2 ahead (B003, B004); counters 3 and 4 → 2 × 180 s / 2 = 3 min
    assertEquals(2, desk.state.ahead(desk.latest(b5)));
    assertEquals(3, desk.state.estimatedWaitMinutes(desk.latest(b5)));
  }

  @Test
  @DisplayName("A no-show does not count as a service in the mean; the estimate rounds up to whole minutes")
  void noShowIgnoredAndRoundedUp() {
    Desk desk = DomainFixtures.desk();
    for (int i = 0; i < 3; i++) desk.issueIn("DD");
    Ticket a4 = desk.issueIn("DD");
    desk.callNextAt("2");
    desk.advanceMinutes(20).noShowAt("2");
    // still the default 15 min: 2 ahead (A002, A003) × 15 min / 2.5 counters (1 and 2 whole, 6 half: XD first) = 12
    assertEquals(2, desk.state.ahead(desk.latest(a4)));
    assertEquals(12, desk.state.estimatedWaitMinutes(desk.latest(a4)));

    desk.callNextAt("2");
    desk.advanceSeconds(100).finishAt("2");
    // mean 100 s: 1 ahead × 100 s / 2.5 counters = 40 s, shown as 1 minute
    assertEquals(1, desk.state.estimatedWaitMinutes(desk.latest(a4)));
  }

  @Test
  @DisplayName("A ticket that is no longer waiting has no estimate")
  void noEstimateWhenNotWaiting() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    Ticket called = desk.callNextAt("2");
    assertEquals(0, desk.state.ahead(called));
    assertEquals(0, desk.state.estimatedWaitMinutes(called));
  }

  @Test
  @DisplayName("A counter that also serves other fields counts for the share of its last hour's calls in this field")
  void sharedCounterCountsForItsShare() {
    Desk desk = DomainFixtures.desk();
    for (int i = 0; i < 3; i++) desk.issueIn("CT");
    desk.issueIn("HT");
    for (int i = 0; i < 4; i++) desk.advanceMinutes(2).callNextAt("4"); // C001, C002, C003, then B001
    desk.issueIn("HT");
    desk.issueIn("HT");
    Ticket b4 = desk.issueIn("HT");
    // counter 4: 1 of its 4 calls was HT → 0.25; counter 3 has called nobody, HT is its first field → 1.
    // 2 ahead × 8 min / 1.25 = 12.8 → 13; counter 3 is free, so no half service.
    assertEquals(2, desk.state.ahead(b4));
    assertEquals(13, desk.state.estimatedWaitMinutes(b4));

    // An hour later counter 4's calls have left the window: it counts half again → 3 ahead × 8 / 1.5 = 16.
    desk.advanceMinutes(61);
    Ticket b5 = desk.issueIn("HT");
    assertEquals(3, desk.state.ahead(b5));
    assertEquals(16, desk.state.estimatedWaitMinutes(b5));
  }

  @Test
  @DisplayName("When every counter of the field is busy, even the first in line waits for half a service")
  void allBusyAddsHalfAService() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("HT");
    desk.issueIn("HT");
    Ticket b3 = desk.issueIn("HT");
    desk.callNextAt("3");
    assertEquals(1, desk.state.ahead(desk.latest(b3)));
    // counter 4 is free: 1 ahead × 8 min / (1 + 0.5) = 5.3 → 6
    assertEquals(6, desk.state.estimatedWaitMinutes(desk.latest(b3)));
    desk.callNextAt("4");
    // both busy: (0 ahead + half a service) × 8 min / (1 + 1, counter 4's one call being HT) = 2 min
    assertEquals(0, desk.state.ahead(desk.latest(b3)));
    assertEquals(2, desk.state.estimatedWaitMinutes(desk.latest(b3)));
  }

  @Test
  @DisplayName("With every counter of the field paused, the estimate counts them as if back, plus half a service")
  void allPausedCountsThemAsBack() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("HT");
    Ticket b2 = desk.issueIn("HT");
    desk.pauseAt("3");
    desk.pauseAt("4");
    // (1 ahead + ½) × 8 min / (1 + 0.5) = 8 min
    assertEquals(8, desk.state.estimatedWaitMinutes(desk.latest(b2)));
  }

  @ParameterizedTest(name = "{0} ahead, {1} s mean, {2} counters, all busy {3} → {4} min")
  @org.junit.jupiter.params.provider.CsvSource({
      "0, 600, 2, false, 0",
      "0, 600, 2, true, 3",
      "3, 480, 1.5, false, 16",
      "2, 480, 1.25, false, 13",
      "1, 100, 2.5, false, 1",
      "4, 300, 0, false, 80",
  })
  @DisplayName("The formula on known cases: (ahead + ½ when all busy) × mean service ÷ effective counters, rounded up")
  void formula(int ahead, double mean, double counters, boolean allBusy, int minutes) {
    assertEquals(minutes, WaitEstimate.minutes(ahead, mean, counters, allBusy));
  }

  @ParameterizedTest(name = "{0} calls, {1} of the field, first field {2} → {3}")
  @org.junit.jupiter.params.provider.CsvSource({"0, 0, true, 1.0", "0, 0, false, 0.5", "4, 1, false, 0.25", "3, 3, false, 1.0", "5, 0, true, 0.0"})
  @DisplayName("A counter's share of a field: its calls in the window, or 1 / 0.5 before it has called")
  void share(int calls, int ofField, boolean first, double share) {
    assertEquals(share, WaitEstimate.share(calls, ofField, first));
  }
}
