package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.domain.DomainFixtures.callNext;
import static vn.luot.server.domain.DomainFixtures.recall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import vn.luot.server.domain.DomainFixtures.Desk;
import vn.luot.server.domain.event.Event;

@DisplayName("Calling the next citizen")
class CallingTest {

  /** Calls at counter 2 (Đất đai only) until nobody waits; P for a priority ticket, N for a normal one. */
  private static String callAll(Desk desk) {
    StringBuilder kinds = new StringBuilder();
    for (Ticket t = desk.callNextAt("2"); t != null; t = desk.advanceMinutes(3).callNextAt("2")) {
      kinds.append(t.priority() ? 'P' : 'N');
    }
    return kinds.toString();
  }

  @ParameterizedTest(name = "ratio {0}: {1}")
  @CsvSource({"1, PNPN", "2, PPNPPN", "3, PPPNPPPN"})
  @DisplayName("With priority and normal tickets waiting, a counter calls its ratio of priority ones, then a normal one")
  void priorityRatio(int ratio, String expected) {
    Desk desk = DomainFixtures.desk(DomainFixtures.policy(ratio, RoutingMode.FIELD_ORDER));
    for (int i = 0; i < 2; i++) desk.advanceSeconds(10).issueIn("DD");
    for (int i = 0; i < 2 * ratio; i++) desk.advanceSeconds(10).issuePriorityIn("DD");
    assertEquals(expected, callAll(desk));
  }

  @Test
  @DisplayName("Under the default ratio 2:1 the calls go P, P, N, P, P, N")
  void defaultRatio() {
    Desk desk = DomainFixtures.desk();
    for (int i = 0; i < 3; i++) desk.advanceSeconds(10).issueIn("DD");
    for (int i = 0; i < 4; i++) desk.advanceSeconds(10).issuePriorityIn("DD");
    assertEquals("PPNPPNN", callAll(desk));
  }

  @Test
  @DisplayName("Within a kind, tickets are called in order of issue: A001 before A002 before A003")
  void oldestFirstWithinAField() {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    Ticket a2 = desk.advanceSeconds(1).issueIn("DD");
    Ticket a3 = desk.advanceSeconds(1).issueIn("DD");
    assertEquals(a1.id(), desk.callNextAt("2").id());
    assertEquals(a2.id(), desk.callNextAt("1").id());
    assertEquals(a3.id(), desk.callNextAt("6").id());
  }

  @Test
  @DisplayName("Only priority tickets waiting: they are all called, the ratio only guards normal tickets")
  void onlyPriorityWaiting() {
    Desk desk = DomainFixtures.desk();
    for (int i = 0; i < 4; i++) desk.advanceSeconds(10).issuePriorityIn("DD");
    assertEquals("PPPP", callAll(desk));
  }

  @ParameterizedTest(name = "{0} calls {1}")
  @CsvSource({"FIELD_ORDER, A001", "OLDEST_FIRST, E001"})
  @DisplayName("Counter 1 (Đất đai, then Xây dựng) with an older Xây dựng ticket and a newer Đất đai one")
  void routing(RoutingMode routing, String expected) {
    Desk desk = DomainFixtures.desk(DomainFixtures.policy(2, routing));
    desk.issueIn("XD");
    desk.advanceMinutes(5).issueIn("DD");
    assertEquals(expected, desk.callNextAt("1").number());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RoutingMode.class)
  @DisplayName("A counter whose first field is empty calls from its next field")
  void fallsBackToTheNextField(RoutingMode routing) {
    Desk desk = DomainFixtures.desk(DomainFixtures.policy(2, routing));
    desk.issueIn("XD");
    desk.advanceSeconds(1).issueIn("HT");
    assertEquals("E001", desk.callNextAt("1").number());
    assertNull(desk.callNextAt("2"), "counter 2 serves Đất đai only");
  }

  @Test
  @DisplayName("A priority ticket in a counter's second field comes before a normal ticket in its first field")
  void priorityBeatsFieldOrder() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.advanceSeconds(1).issuePriorityIn("XD");
    assertEquals("E001", desk.callNextAt("1").number());
  }

  @Test
  @DisplayName("Calling next finishes the ticket at the counter first, then calls the next one")
  void callNextFinishesTheCurrentTicket() {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    Ticket a2 = desk.advanceSeconds(1).issueIn("DD");
    desk.advanceMinutes(1).callNextAt("2");
    desk.advanceMinutes(4);

    Ticket called = desk.callNextAt("2");

    assertEquals(a2.id(), called.id());
    List<Event> events = desk.lastEvents();
    assertEquals(2, events.size());
    Event.ServiceFinished finished = assertInstanceOf(Event.ServiceFinished.class, events.get(0));
    assertEquals(a1.id(), finished.ticketId());
    assertEquals(Outcome.COMPLETED, finished.outcome());
    assertEquals(a2.id(), assertInstanceOf(Event.TicketCalled.class, events.get(1)).ticketId());

    Ticket done = desk.latest(a1);
    assertEquals(TicketStatus.DONE, done.status());
    assertEquals(done.calledAt(), done.startedAt(), "service is taken to start at the call when start was never pressed");
    assertEquals(Duration.ofMinutes(4), done.serviceTime().orElseThrow());
    assertEquals(a2.id(), desk.counter("2").currentTicket());
    assertEquals(CounterStatus.CALLING, desk.counter("2").status());
  }

  @Test
  @DisplayName("Calling next with nobody waiting is accepted with no ticket, and the counter stays idle")
  void callNextWithNobodyWaiting() {
    Desk desk = DomainFixtures.desk();
    desk.accept(DomainFixtures.issue("HT"));
    Decision.Accepted accepted = desk.accept(callNext("2"));
    assertNull(accepted.ticketId());
    assertEquals("2", accepted.counter());
    assertEquals(List.of(), accepted.events());
    assertEquals(CounterStatus.IDLE, desk.counter("2").status());
  }

  @Test
  @DisplayName("Calling next with nobody waiting still finishes the ticket at the counter")
  void callNextWithNobodyWaitingFinishesCurrent() {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    desk.callNextAt("2");
    desk.startAt("2");
    Decision.Accepted accepted = desk.advanceMinutes(3).accept(callNext("2"));
    assertNull(accepted.ticketId());
    assertEquals(1, desk.lastEvents(Event.ServiceFinished.class).size());
    assertEquals(TicketStatus.DONE, desk.latest(a1).status());
    assertNull(desk.counter("2").currentTicket());
  }

  @Test
  @DisplayName("Recalling counts each recall and shows it on the lobby screen as a recall")
  void recallCounts() {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    Ticket called = desk.advanceMinutes(1).callNextAt("2");
    desk.advanceSeconds(30).recallAt("2");
    Ticket twice = desk.advanceSeconds(30).recallAt("2");

    assertEquals(2, twice.recalls());
    assertEquals(called.calledAt(), twice.calledAt(), "waiting time is measured to the first call");
    assertEquals(desk.now, twice.lastCalledAt());
    assertEquals(TicketStatus.CALLED, twice.status());
    RecentCall newest = desk.state.recentCalls().get(0);
    assertTrue(newest.recall());
    assertEquals(a1.number(), newest.number());
    assertEquals(3, desk.state.recentCalls().size());
  }

  @ParameterizedTest(name = "{0} s after the last call")
  @CsvSource({"0", "1", "9"})
  @DisplayName("A recall within the minimum gap (10 s) after the last call is RECALL_TOO_SOON")
  void recallTooSoon(int seconds) {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.callNextAt("2");
    assertEquals(RejectionCode.RECALL_TOO_SOON, desk.advanceSeconds(seconds).rejectionOf(recall("2")));
  }

  @ParameterizedTest(name = "{0} ms after the call the clerk is told to wait {1} s")
  @CsvSource({"0, 10", "4000, 6", "9500, 1", "9999, 1"})
  @DisplayName("RECALL_TOO_SOON says how many seconds remain, rounded up")
  void recallTooSoonSaysHowLong(long millis, String seconds) {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.callNextAt("2");
    Decision decision = desk.advance(Duration.ofMillis(millis)).send(recall("2"));
    Rejection rejection = assertInstanceOf(Decision.Rejected.class, decision).rejection();
    assertEquals(RejectionCode.RECALL_TOO_SOON, rejection.code());
    assertEquals(seconds, rejection.details().get("seconds"));
  }

  @Test
  @DisplayName("The recall gap counts from the latest call, so two quick recalls in a row are refused; at exactly the gap it is allowed")
  void recallGapCountsFromLastRecall() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.callNextAt("2");
    desk.advanceSeconds(10).recallAt("2");
    assertEquals(RejectionCode.RECALL_TOO_SOON, desk.advanceSeconds(5).rejectionOf(recall("2")));
    assertEquals(2, desk.advanceSeconds(5).recallAt("2").recalls());
  }

  @Test
  @DisplayName("An unknown counter is COUNTER_UNKNOWN for every counter command")
  void unknownCounter() {
    Desk desk = DomainFixtures.desk();
    for (var command : Arrays.asList(callNext("99"), recall("99"), DomainFixtures.start("99"),
        DomainFixtures.finish("99"), DomainFixtures.noShow("99"), DomainFixtures.transfer("99", "HT"),
        DomainFixtures.pause("99"), DomainFixtures.resume("99"), callNext(null))) {
      assertEquals(RejectionCode.COUNTER_UNKNOWN, desk.rejectionOf(command), command::toString);
    }
  }

  @Test
  @DisplayName("Each counter keeps its own priority streak")
  void streakPerCounter() {
    Desk desk = DomainFixtures.desk();
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < 5; i++) desk.advanceSeconds(10).issuePriorityIn("DD");
    desk.advanceSeconds(10).issueIn("DD");
    kinds.add(desk.callNextAt("1").priority() ? "P" : "N");
    kinds.add(desk.callNextAt("2").priority() ? "P" : "N");
    kinds.add(desk.callNextAt("1").priority() ? "P" : "N");
    kinds.add(desk.callNextAt("2").priority() ? "P" : "N");
    kinds.add(desk.callNextAt("1").priority() ? "P" : "N");
    kinds.add(desk.callNextAt("2").priority() ? "P" : "N");
    assertEquals(List.of("P", "P", "P", "P", "N", "P"), kinds, "counter 1 owes a normal call after two priority ones; counter 2 has none waiting");
  }
}
