package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.domain.DomainFixtures.callNext;
import static vn.luot.server.domain.DomainFixtures.cancel;
import static vn.luot.server.domain.DomainFixtures.closeDay;
import static vn.luot.server.domain.DomainFixtures.issue;
import static vn.luot.server.domain.DomainFixtures.rate;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.luot.server.domain.DomainFixtures.Desk;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;

@DisplayName("Cancelling, rating and closing the day")
class CancelRateCloseTest {

  /** A ticket of Đất đai taken at counter 2 to the named status. */
  private static Ticket ticketThatIs(Desk desk, TicketStatus status) {
    Ticket t = desk.issueIn("DD");
    desk.advanceMinutes(2);
    switch (status) {
      case WAITING -> { }
      case CALLED -> desk.callNextAt("2");
      case SERVING -> {
        desk.callNextAt("2");
        desk.startAt("2");
      }
      case DONE -> {
        desk.callNextAt("2");
        desk.advanceMinutes(3).finishAt("2");
      }
      case NO_SHOW -> {
        desk.callNextAt("2");
        desk.noShowAt("2");
      }
      case CANCELLED -> desk.accept(cancel(t.id()));
      case TRANSFERRED -> {
        desk.callNextAt("2");
        desk.transferAt("2", "HT");
      }
      case EXPIRED -> desk.accept(closeDay());
      default -> throw new IllegalArgumentException(status.toString());
    }
    Ticket now = desk.latest(t);
    assertEquals(status, now.status());
    return now;
  }

  @Test
  @DisplayName("Cancelling a waiting ticket takes it out of the queue")
  void cancelWaiting() {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    Ticket a2 = desk.issueIn("DD");
    assertEquals(1, desk.state.ahead(a2));
    Decision.Accepted accepted = desk.accept(cancel(a1.id()));
    assertEquals(a1.id(), accepted.ticketId());
    assertEquals(TicketStatus.CANCELLED, desk.latest(a1).status());
    assertEquals(1, desk.state.waiting("DD"));
    assertEquals(0, desk.state.ahead(desk.latest(a2)));
    assertEquals(a2.id(), desk.callNextAt("2").id());
  }

  @ParameterizedTest(name = "a {0} ticket")
  @CsvSource({"CALLED", "SERVING", "DONE", "NO_SHOW", "CANCELLED", "TRANSFERRED", "EXPIRED"})
  @DisplayName("Only a waiting ticket can be cancelled: otherwise TICKET_NOT_WAITING")
  void cancelOnlyWaiting(TicketStatus status) {
    Desk desk = DomainFixtures.desk();
    Ticket t = ticketThatIs(desk, status);
    assertEquals(RejectionCode.TICKET_NOT_WAITING, desk.rejectionOf(cancel(t.id())));
  }

  @Test
  @DisplayName("Cancelling or rating a ticket nobody issued is TICKET_UNKNOWN")
  void unknownTicket() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    assertEquals(RejectionCode.TICKET_UNKNOWN, desk.rejectionOf(cancel("20240506-A999")));
    assertEquals(RejectionCode.TICKET_UNKNOWN, desk.rejectionOf(rate("20240506-A999", 1)));
    assertEquals(RejectionCode.TICKET_UNKNOWN, desk.rejectionOf(cancel(null)));
  }

  @ParameterizedTest(name = "score {0}")
  @ValueSource(ints = {1, 2, 3})
  @DisplayName("A finished service can be rated from 1 to the number of rating levels")
  void rateDone(int score) {
    Desk desk = DomainFixtures.desk();
    Ticket done = ticketThatIs(desk, TicketStatus.DONE);
    desk.accept(rate(done.id(), score));
    assertEquals(score, desk.latest(done).rating());
    assertEquals(score, desk.lastEvents(Event.ServiceRated.class).get(0).score());
  }

  @ParameterizedTest(name = "score {0}")
  @ValueSource(ints = {-1, 0, 4, 5})
  @DisplayName("A score outside 1..3 is SCORE_OUT_OF_RANGE")
  void scoreOutOfRange(int score) {
    Desk desk = DomainFixtures.desk();
    Ticket done = ticketThatIs(desk, TicketStatus.DONE);
    assertEquals(RejectionCode.SCORE_OUT_OF_RANGE, desk.rejectionOf(rate(done.id(), score)));
  }

  @Test
  @DisplayName("With five rating levels, 5 is a valid score")
  void fiveLevels() {
    Desk desk = DomainFixtures.desk(new QueuePolicy(2, RoutingMode.FIELD_ORDER, Duration.ofSeconds(10), 5));
    Ticket done = ticketThatIs(desk, TicketStatus.DONE);
    desk.accept(rate(done.id(), 5));
    assertEquals(5, desk.latest(done).rating());
  }

  @Test
  @DisplayName("A service can be rated once: a second rating is ALREADY_RATED")
  void rateOnce() {
    Desk desk = DomainFixtures.desk();
    Ticket done = ticketThatIs(desk, TicketStatus.DONE);
    desk.accept(rate(done.id(), 3));
    assertEquals(RejectionCode.ALREADY_RATED, desk.rejectionOf(rate(done.id(), 1)));
    assertEquals(3, desk.latest(done).rating());
  }

  @ParameterizedTest(name = "a {0} ticket")
  @CsvSource({"WAITING", "CALLED", "SERVING", "NO_SHOW", "CANCELLED", "TRANSFERRED", "EXPIRED"})
  @DisplayName("Only a finished service can be rated: otherwise NOT_FINISHED")
  void rateOnlyDone(TicketStatus status) {
    Desk desk = DomainFixtures.desk();
    Ticket t = ticketThatIs(desk, status);
    assertEquals(RejectionCode.NOT_FINISHED, desk.rejectionOf(rate(t.id(), 2)));
  }

  @Test
  @DisplayName("Closing the day expires waiting and called tickets, finishes those in service, and frees every counter")
  void closeDayEndsEverything() {
    Desk desk = DomainFixtures.desk();
    Ticket serving = desk.issueIn("DD");
    Ticket called = desk.issueIn("DD");
    Ticket waiting = desk.issueIn("DD");
    Ticket waitingHt = desk.issueIn("HT");
    desk.advanceMinutes(1).callNextAt("1");
    desk.startAt("1");
    desk.callNextAt("2");
    desk.pauseAt("3");

    desk.advanceMinutes(10).accept(closeDay());

    Event.DayClosed closed = assertInstanceOf(Event.DayClosed.class, desk.lastEvents().get(0));
    assertEquals(DomainFixtures.MONDAY, closed.day());
    assertEquals(List.of(called.id(), waiting.id(), waitingHt.id()), closed.expired());
    assertEquals(List.of(serving.id()), closed.finished());
    assertTrue(desk.state.dayClosed());
    assertEquals(TicketStatus.EXPIRED, desk.latest(waiting).status());
    assertEquals(TicketStatus.EXPIRED, desk.latest(called).status());
    assertTrue(desk.latest(called).serviceTime().isEmpty(), "an expired ticket was never served");
    Ticket finished = desk.latest(serving);
    assertEquals(TicketStatus.DONE, finished.status());
    assertEquals(Duration.ofMinutes(10), finished.serviceTime().orElseThrow());
    assertEquals(0, desk.state.waiting("DD"));
    assertEquals(0, desk.state.waiting("HT"));
    assertEquals(CounterStatus.IDLE, desk.counter("1").status());
    assertEquals(CounterStatus.IDLE, desk.counter("2").status());
    assertEquals(CounterStatus.PAUSED, desk.counter("3").status(), "a paused counter stays paused until tomorrow");
  }

  @Test
  @DisplayName("After closing, issuing the same day is CENTER_CLOSED and so is calling next")
  void closedCenterRefusesWork() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.accept(closeDay());
    assertEquals(RejectionCode.CENTER_CLOSED, desk.advanceMinutes(5).rejectionOf(issue("DD")));
    assertEquals(RejectionCode.CENTER_CLOSED, desk.rejectionOf(callNext("2")));
    desk.setClock(DomainFixtures.at(DomainFixtures.MONDAY, 23, 59));
    assertEquals(RejectionCode.CENTER_CLOSED, desk.rejectionOf(issue("DD")));
  }

  @Test
  @DisplayName("Closing a closed day, or opening the current day, is accepted and journals nothing")
  void closeAndOpenAreIdempotent() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.accept(closeDay());
    long seq = desk.state.seq();
    assertEquals(List.of(), desk.accept(closeDay()).events());
    assertEquals(List.of(), desk.accept(new Command.OpenDay()).events());
    assertEquals(seq, desk.state.seq());
  }

  @Test
  @DisplayName("OpenDay on a new day opens it (closing yesterday first) and issues nothing")
  void openDayRollsOver() {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    desk.setClock(DomainFixtures.at(DomainFixtures.MONDAY.plusDays(1), 6, 0));
    desk.accept(new Command.OpenDay());
    List<Event> events = desk.lastEvents();
    assertEquals(2, events.size());
    assertEquals(List.of(a1.id()), assertInstanceOf(Event.DayClosed.class, events.get(0)).expired());
    assertInstanceOf(Event.DayOpened.class, events.get(1));
    assertTrue(desk.state.tickets().isEmpty());
    assertEquals(DomainFixtures.MONDAY.plusDays(1), desk.state.day());
  }
}
