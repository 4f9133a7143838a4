package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vn.luot.server.domain.DomainFixtures.transfer;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.luot.server.domain.DomainFixtures.Desk;
import vn.luot.server.domain.event.Event;

@DisplayName("Transferring a citizen to another field")
class TransferTest {

  @ParameterizedTest(name = "from a counter that has {0} the ticket")
  @ValueSource(strings = {"called", "started"})
  @DisplayName("A transferred ticket keeps its number, issue time and tracking token, and waits in the new field")
  void keepsNumberAndIssueTime(String how) {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    desk.advanceMinutes(10).callNextAt("2");
    if (how.equals("started")) desk.startAt("2");
    desk.advanceMinutes(2);

    Ticket moved = desk.transferAt("2", "HT");

    assertEquals("A001", moved.number());
    assertEquals("HT", moved.field());
    assertEquals(a1.issuedAt(), moved.issuedAt());
    assertEquals(desk.now, moved.queuedAt());
    assertEquals(TicketStatus.WAITING, moved.status());
    assertEquals(a1.id(), moved.transferredFrom());
    assertEquals(a1.id() + "-2", moved.id());
    assertEquals(moved.id(), desk.state.ticketByTrackToken(a1.trackToken()).orElseThrow().id());
    assertEquals(1, desk.state.waiting("HT"));
    assertEquals(0, desk.state.waiting("DD"));

    Ticket old = desk.latest(a1);
    assertEquals(TicketStatus.TRANSFERRED, old.status());
    assertEquals(Duration.ofMinutes(2), old.serviceTime().orElseThrow());
    assertEquals(CounterStatus.IDLE, desk.counter("2").status());
    assertNull(desk.counter("2").currentTicket());

    Event.TicketTransferred event = desk.lastEvents(Event.TicketTransferred.class).get(0);
    assertEquals(a1.id(), event.ticketId());
    assertEquals(moved.id(), event.newTicketId());
    assertEquals("HT", event.toField());
  }

  @Test
  @DisplayName("In the new field the transferred citizen takes their place by original issue time, ahead of later tickets")
  void takesItsPlaceByIssueTime() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    Ticket b1 = desk.advanceMinutes(5).issueIn("HT");
    Ticket b2 = desk.advanceMinutes(5).issueIn("HT");
    Ticket b3 = desk.advanceMinutes(1).issueIn("HT");
    desk.advanceMinutes(10).callNextAt("2");

    Ticket moved = desk.advanceMinutes(1).transferAt("2", "HT");

    assertEquals(0, desk.state.ahead(moved));
    assertEquals(1, desk.state.ahead(desk.latest(b1)));
    assertEquals(List.of(moved.id(), b1.id(), b2.id(), b3.id()),
        List.of(desk.callNextAt("3").id(), desk.callNextAt("3").id(), desk.callNextAt("3").id(),
            desk.callNextAt("3").id()));
    Ticket calledAgain = desk.ticket(moved.id());
    assertEquals(Duration.ofMinutes(0), calledAgain.waitingTime().orElseThrow(),
        "waiting time in the new field runs from the transfer, not from the first issue");
  }

  @Test
  @DisplayName("Issued in the same millisecond as a ticket of the new field, the transferred citizen still goes first, having been issued first")
  void keepsItsPlaceOnATie() {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    // The engine truncates its clock to milliseconds and the decider clamps a clock that stepped back to the last
    // event's time, so two tickets often share an issue instant.
    Ticket b1 = desk.advanceSeconds(-2).issueIn("HT");
    assertEquals(a1.issuedAt(), b1.issuedAt());
    desk.advanceMinutes(5).callNextAt("2");

    Ticket moved = desk.advanceMinutes(1).transferAt("2", "HT");

    assertEquals(0, desk.state.ahead(moved), "A001 was issued before B001");
    assertEquals(moved.id(), desk.callNextAt("3").id());
  }

  @Test
  @DisplayName("A ticket transferred twice gets version 3 of its id and still keeps its number")
  void transferredTwice() {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    desk.callNextAt("2");
    desk.transferAt("2", "HT");
    desk.callNextAt("3");
    Ticket again = desk.transferAt("3", "CT");
    assertEquals(a1.id() + "-3", again.id());
    assertEquals("A001", again.number());
    assertEquals("CT", again.field());
    assertEquals(a1.issuedAt(), again.issuedAt());
  }

  @Test
  @DisplayName("Transferring to the ticket's own field is TRANSFER_SAME_FIELD")
  void sameField() {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.callNextAt("2");
    assertEquals(RejectionCode.TRANSFER_SAME_FIELD, desk.rejectionOf(transfer("2", "DD")));
  }

  @ParameterizedTest(name = "to \"{0}\"")
  @ValueSource(strings = {"XX", "dd", ""})
  @DisplayName("Transferring to a field the center does not have is FIELD_UNKNOWN")
  void unknownField(String field) {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.callNextAt("2");
    assertEquals(RejectionCode.FIELD_UNKNOWN, desk.rejectionOf(transfer("2", field)));
  }

  @Test
  @DisplayName("A transferred priority ticket stays a priority ticket")
  void keepsPriority() {
    Desk desk = DomainFixtures.desk();
    desk.issuePriorityIn("DD");
    desk.callNextAt("2");
    Ticket moved = desk.transferAt("2", "HT");
    assertEquals(true, moved.priority());
    assertEquals(PriorityGroup.ELDERLY, moved.priorityGroup());
  }
}
