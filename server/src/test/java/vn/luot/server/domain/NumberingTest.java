package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.domain.DomainFixtures.MONDAY;
import static vn.luot.server.domain.DomainFixtures.at;
import static vn.luot.server.domain.DomainFixtures.callNext;
import static vn.luot.server.domain.DomainFixtures.issue;
import static vn.luot.server.domain.DomainFixtures.issueWithKey;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.luot.server.domain.DomainFixtures.Desk;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;

@DisplayName("Numbering")
class NumberingTest {

  @ParameterizedTest(name = "tickets of {0} are numbered {1}001, {1}002, {1}003")
  @CsvSource({"DD, A", "HT, B", "CT, C", "DKKD, D", "XD, E", "LD, F"})
  @DisplayName("Each field numbers its tickets from 001 behind its own prefix")
  void numbersFollowThePrefix(String field, String prefix) {
    Desk desk = DomainFixtures.desk();
    List<String> numbers = Stream.of(1, 2, 3).map(i -> desk.issueIn(field).number()).toList();
    assertEquals(List.of(prefix + "001", prefix + "002", prefix + "003"), numbers);
  }

  @Test
  @DisplayName("Fields keep separate sequences when their tickets are interleaved")
  void fieldsCountApart() {
    Desk desk = DomainFixtures.desk();
    List<String> numbers = Stream.of("DD", "DD", "HT", "DD", "CT", "HT")
        .map(f -> desk.advanceSeconds(20).issueIn(f).number()).toList();
    assertEquals(List.of("A001", "A002", "B001", "A003", "C001", "B002"), numbers);
  }

  @ParameterizedTest(name = "{0} and {1} give {2}")
  @CsvSource({"A, 1, A001", "A, 12, A012", "B, 999, B999", "C, 1000, C1000"})
  @DisplayName("A number is the prefix and at least three digits")
  void numberFormat(String prefix, int n, String expected) {
    assertEquals(expected, Decider.formatNumber(prefix, n));
  }

  @Test
  @DisplayName("The first ticket of a day opens the day with a DayOpened event")
  void firstTicketOpensTheDay() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    List<Event> events = desk.lastEvents();
    assertEquals(2, events.size());
    Event.DayOpened opened = assertInstanceOf(Event.DayOpened.class, events.get(0));
    assertEquals(MONDAY, opened.day());
    assertInstanceOf(Event.TicketIssued.class, events.get(1));
    assertEquals(MONDAY, desk.state.day());
  }

  @Test
  @DisplayName("Numbering restarts at 001 the next morning, with ids that still differ from yesterday's")
  void numberingRestartsNextDay() {
    Desk desk = DomainFixtures.desk();
    Ticket monday1 = desk.issueIn("DD");
    desk.advanceMinutes(5).issueIn("DD");
    desk.setClock(at(MONDAY.plusDays(1), 7, 30));
    Ticket tuesday1 = desk.issueIn("DD");
    assertEquals("A001", tuesday1.number());
    assertEquals(MONDAY.plusDays(1), tuesday1.day());
    assertEquals(MONDAY.plusDays(1), desk.state.day());
    assertNotEquals(monday1.id(), tuesday1.id());
    assertEquals(1, desk.state.tickets().size(), "the state holds the current day only");
  }

  @Test
  @DisplayName("The service day is the date in Asia/Ho_Chi_Minh: 06:30 and 08:00 local share a day though UTC dates differ")
  void serviceDayIsTheLocalDate() {
    Desk desk = DomainFixtures.desk().setClock(at(MONDAY, 6, 30));
    Ticket early = desk.issueIn("DD");
    desk.setClock(at(MONDAY, 8, 0));
    Ticket later = desk.issueIn("DD");
    assertEquals(MONDAY, early.day());
    assertEquals("A002", later.number());
  }

  @Test
  @DisplayName("At the first command after midnight, yesterday's waiting and called tickets expire and served ones finish through DayClosed")
  void rolloverClosesYesterday() {
    Desk desk = DomainFixtures.desk();
    Ticket served = desk.issueIn("DD");
    Ticket called = desk.advanceMinutes(1).issueIn("DD");
    Ticket waiting = desk.advanceMinutes(1).issueIn("DD");
    desk.advanceMinutes(1).callNextAt("1");
    desk.startAt("1");
    desk.callNextAt("2");
    assertEquals(TicketStatus.SERVING, desk.latest(served).status());
    assertEquals(TicketStatus.CALLED, desk.latest(called).status());

    desk.setClock(at(MONDAY.plusDays(1), 0, 5));
    desk.issueIn("HT");

    List<Event> events = desk.lastEvents();
    assertEquals(3, events.size(), () -> "events were " + events);
    Event.DayClosed closed = assertInstanceOf(Event.DayClosed.class, events.get(0));
    assertEquals(MONDAY, closed.day());
    assertEquals(List.of(called.id(), waiting.id()), closed.expired());
    assertEquals(List.of(served.id()), closed.finished());
    assertEquals(MONDAY.plusDays(1), assertInstanceOf(Event.DayOpened.class, events.get(1)).day());
    assertInstanceOf(Event.TicketIssued.class, events.get(2));

    long closedSeq = desk.journal.stream().filter(r -> r.event() instanceof Event.DayClosed).findFirst().orElseThrow().seq();
    CenterState atClosing = desk.foldedUpTo(closedSeq);
    assertEquals(TicketStatus.EXPIRED, atClosing.ticket(waiting.id()).orElseThrow().status());
    assertEquals(TicketStatus.EXPIRED, atClosing.ticket(called.id()).orElseThrow().status());
    assertEquals(TicketStatus.DONE, atClosing.ticket(served.id()).orElseThrow().status());
    assertEquals(0, atClosing.waiting("DD"));
    assertTrue(atClosing.counters().stream().allMatch(c -> c.status() == CounterStatus.IDLE));
  }

  @Test
  @DisplayName("A rollover after the day was closed by hand opens the new day without a second DayClosed")
  void noSecondCloseAtRollover() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.accept(DomainFixtures.closeDay());
    desk.setClock(at(MONDAY.plusDays(1), 7, 30));
    desk.issueIn("DD");
    assertEquals(List.of(Event.DayOpened.class, Event.TicketIssued.class),
        desk.lastEvents().stream().map(Object::getClass).toList());
  }

  @Test
  @DisplayName("The same idempotency key on the same day gives back the same ticket and journals nothing")
  void idempotentIssue() {
    Desk desk = DomainFixtures.desk();
    Ticket first = desk.issueIn("HT");
    Decision.Accepted original = desk.accept(issueWithKey("DD", false, "kiosk-K1-0001"));
    long seq = desk.state.seq();

    Decision.Accepted replay = desk.advanceSeconds(3).accept(issueWithKey("DD", false, "kiosk-K1-0001"));

    assertEquals(List.of(), replay.events());
    assertEquals(original.ticketId(), replay.ticketId());
    assertEquals(seq, desk.state.seq());
    assertEquals(2, desk.state.tickets().size());
    assertEquals("A001", desk.ticket(replay.ticketId()).number());
    assertNotEquals(first.id(), replay.ticketId());
  }

  @ParameterizedTest(name = "first {0}/priority={1}, then {2}/priority={3}")
  @CsvSource({"DD, false, HT, false", "DD, false, DD, true", "HT, true, HT, false"})
  @DisplayName("Reusing an idempotency key for a different ticket is IDEMPOTENCY_KEY_REUSED")
  void reusedKey(String firstField, boolean firstPriority, String secondField, boolean secondPriority) {
    Desk desk = DomainFixtures.desk();
    desk.accept(issueWithKey(firstField, firstPriority, "key-1"));
    assertEquals(RejectionCode.IDEMPOTENCY_KEY_REUSED,
        desk.advanceSeconds(2).rejectionOf(issueWithKey(secondField, secondPriority, "key-1")));
  }

  @Test
  @DisplayName("An idempotency key is remembered for its day only: the next day it issues a new ticket")
  void keyForgottenNextDay() {
    Desk desk = DomainFixtures.desk();
    Decision.Accepted monday = desk.accept(issueWithKey("DD", false, "key-1"));
    desk.setClock(at(MONDAY.plusDays(1), 7, 30));
    Decision.Accepted tuesday = desk.accept(issueWithKey("DD", false, "key-1"));
    assertNotEquals(monday.ticketId(), tuesday.ticketId());
    assertEquals("A001", desk.ticket(tuesday.ticketId()).number());
  }

  @Test
  @DisplayName("A retry of an issue after closing still gets its ticket back rather than CENTER_CLOSED")
  void replayAfterClosing() {
    Desk desk = DomainFixtures.desk();
    Decision.Accepted original = desk.accept(issueWithKey("DD", false, "key-1"));
    desk.accept(DomainFixtures.closeDay());
    Decision.Accepted replay = desk.accept(issueWithKey("DD", false, "key-1"));
    assertEquals(original.ticketId(), replay.ticketId());
    assertEquals(List.of(), replay.events());
  }

  @Test
  @DisplayName("Issuing in an unknown field is FIELD_UNKNOWN, and a priority group without priority is rejected")
  void issueRejections() {
    Desk desk = DomainFixtures.desk();
    assertEquals(RejectionCode.FIELD_UNKNOWN, desk.rejectionOf(issue("XX")));
    assertEquals(RejectionCode.PRIORITY_GROUP_WITHOUT_PRIORITY, desk.rejectionOf(
        new Command.IssueTicket("DD", false, PriorityGroup.PREGNANT, Purpose.SUBMIT, null,
            "K1", null, "t", null)));
    assertEquals(0, desk.state.seq(), "a rejected first command does not open the day");
    desk.accept(callNext("2"));
    assertEquals(1, desk.state.seq());
  }
}
