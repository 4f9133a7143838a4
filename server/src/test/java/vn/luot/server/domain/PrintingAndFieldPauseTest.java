package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.domain.DomainFixtures.desk;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.luot.server.domain.DomainFixtures.Desk;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;

@DisplayName("Printing kiosk tickets and pausing a field")
class PrintingAndFieldPauseTest {

  @Test
  @DisplayName("A kiosk ticket waits for its paper; the printer's acknowledgement marks copy 1 printed, once")
  void printedOnce() {
    Desk desk = desk();
    Ticket t = desk.issueIn("DD");
    assertEquals(new PrintJob(t.id(), "K1", 1, PrintStatus.PENDING, null), desk.state.printJob(t.id()).orElseThrow());
    desk.accept(new Command.RecordPrinted(t.id(), 1, "K1"));
    assertEquals(PrintStatus.PRINTED, desk.state.printJob(t.id()).orElseThrow().status());
    assertEquals(List.of(), desk.accept(new Command.RecordPrinted(t.id(), 1, "K1")).events(),
        "a repeated acknowledgement (the agent reconnected) journals nothing");
  }

  @Test
  @DisplayName("A failed print records its reason; a reprint is copy 2 and pending again; a late answer about copy 1 changes nothing")
  void failedThenReprinted() {
    Desk desk = desk();
    Ticket t = desk.issueIn("HT");
    desk.accept(new Command.RecordPrintFailed(t.id(), 1, "K1", "PAPER_OUT"));
    assertEquals(new PrintJob(t.id(), "K1", 1, PrintStatus.FAILED, "PAPER_OUT"), desk.state.printJob(t.id()).orElseThrow());
    desk.accept(new Command.RequestReprint(t.id(), "clerk3"));
    assertEquals(new PrintJob(t.id(), "K1", 2, PrintStatus.PENDING, null), desk.state.printJob(t.id()).orElseThrow());
    assertEquals(List.of(), desk.accept(new Command.RecordPrinted(t.id(), 1, "K1")).events());
    desk.accept(new Command.RecordPrinted(t.id(), 2, "K1"));
    assertEquals(PrintStatus.PRINTED, desk.state.printJob(t.id()).orElseThrow().status());
  }

  @Test
  @DisplayName("A ticket issued without a kiosk has nothing to print: a reprint is NOT_PRINTED_AT_KIOSK, an unknown ticket TICKET_UNKNOWN")
  void noKioskNoPaper() {
    Desk desk = desk();
    desk.accept(new Command.IssueTicket("DD", false, null, null, null, null, null, "tok-no-kiosk", "admin"));
    Ticket t = desk.state.tickets().iterator().next();
    assertTrue(desk.state.printJob(t.id()).isEmpty());
    assertEquals(RejectionCode.NOT_PRINTED_AT_KIOSK, desk.rejectionOf(new Command.RequestReprint(t.id(), "admin")));
    assertEquals(RejectionCode.TICKET_UNKNOWN, desk.rejectionOf(new Command.RecordPrinted("20240506-Z999", 1, "K1")));
  }

  @Test
  @DisplayName("A paused field issues no ticket (FIELD_PAUSED) until it is resumed; other fields go on")
  void pausedField() {
    Desk desk = desk();
    desk.accept(new Command.PauseField("DD", "admin", "Cán bộ đi họp"));
    assertTrue(desk.state.fieldPaused("DD"));
    assertEquals("Cán bộ đi họp", desk.state.fieldPauseReason("DD"));
    assertEquals(RejectionCode.FIELD_PAUSED, desk.rejectionOf(DomainFixtures.issue("DD")));
    assertEquals("B001", desk.issueIn("HT").number());
    assertEquals(RejectionCode.FIELD_PAUSED, desk.rejectionOf(new Command.PauseField("DD", "admin", null)));
    desk.accept(new Command.ResumeField("DD", "admin"));
    assertEquals("A001", desk.issueIn("DD").number());
    assertEquals(RejectionCode.FIELD_NOT_PAUSED, desk.rejectionOf(new Command.ResumeField("DD", "admin")));
    assertEquals(RejectionCode.FIELD_UNKNOWN, desk.rejectionOf(new Command.PauseField("ZZ", "admin", null)));
  }

  @Test
  @DisplayName("A new day forgets yesterday's print jobs and paused fields")
  void newDayForgets() {
    Desk desk = desk();
    desk.issueIn("DD");
    desk.accept(new Command.PauseField("HT", "admin", null));
    desk.advance(java.time.Duration.ofDays(1));
    desk.accept(new Command.OpenDay());
    assertTrue(desk.state.printJobs().isEmpty());
    assertTrue(!desk.state.fieldPaused("HT"));
    assertTrue(desk.journal.stream().anyMatch(r -> r.event() instanceof Event.DayOpened));
  }
}
