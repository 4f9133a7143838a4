package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.domain.DomainFixtures.callNext;
import static vn.luot.server.domain.DomainFixtures.pause;
import static vn.luot.server.domain.DomainFixtures.resume;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.luot.server.domain.DomainFixtures.Desk;
import vn.luot.server.domain.command.Command;

@DisplayName("Start, finish, no-show, pause and resume at a counter")
class CounterActionsTest {

  private static final Map<String, Function<String, Command>> COMMANDS = Map.of(
      "start", DomainFixtures::start,
      "finish", DomainFixtures::finish,
      "noShow", DomainFixtures::noShow,
      "recall", DomainFixtures::recall,
      "transfer", counter -> DomainFixtures.transfer(counter, "HT"),
      "pause", DomainFixtures::pause,
      "resume", DomainFixtures::resume,
      "callNext", DomainFixtures::callNext);

  /** Counter 2 (Đất đai only) brought into the named state, with another citizen waiting so call-next has work. */
  private static Desk counterThatIs(String counterState) {
    Desk desk = DomainFixtures.desk();
    desk.issueIn("DD");
    desk.advanceSeconds(30).issueIn("DD");
    desk.advanceMinutes(1);
    switch (counterState) {
      case "IDLE" -> { }
      case "CALLING" -> desk.callNextAt("2");
      case "SERVING" -> {
        desk.callNextAt("2");
        desk.advanceSeconds(20).startAt("2");
      }
      case "PAUSED" -> desk.pauseAt("2");
      default -> throw new IllegalArgumentException(counterState);
    }
    desk.advanceSeconds(30);
    assertEquals(CounterStatus.valueOf(counterState), desk.counter("2").status());
    return desk;
  }

  @ParameterizedTest(name = "{1} at a counter that is {0} is rejected with {2}")
  @CsvSource({
      "IDLE, start, NOTHING_CALLED",
      "IDLE, finish, NOTHING_SERVING",
      "IDLE, noShow, NOTHING_CALLED",
      "IDLE, recall, NOTHING_CALLED",
      "IDLE, transfer, NOTHING_SERVING",
      "IDLE, resume, COUNTER_NOT_PAUSED",
      "CALLING, pause, COUNTER_BUSY",
      "CALLING, resume, COUNTER_NOT_PAUSED",
      "SERVING, start, ALREADY_STARTED",
      "SERVING, noShow, ALREADY_STARTED",
      "SERVING, recall, NOTHING_CALLED",
      "SERVING, pause, COUNTER_BUSY",
      "PAUSED, callNext, COUNTER_PAUSED",
      "PAUSED, pause, COUNTER_PAUSED",
      "PAUSED, start, NOTHING_CALLED",
      "PAUSED, finish, NOTHING_SERVING",
  })
  @DisplayName("Counter commands that do not fit the counter's state are rejected with a stable code")
  void rejections(String counterState, String command, RejectionCode expected) {
    Desk desk = counterThatIs(counterState);
    CounterState before = desk.counter("2");
    assertEquals(expected, desk.rejectionOf(COMMANDS.get(command).apply("2")));
    assertEquals(before, desk.counter("2"), "a rejected command leaves the counter as it was");
  }

  @Test
  @DisplayName("Start turns the called ticket into one being served, and finish records the service time from start")
  void startThenFinish() {
    Desk desk = counterThatIs("CALLING");
    Ticket called = desk.state.currentTicket("2").orElseThrow();
    Ticket serving = desk.startAt("2");
    assertEquals(TicketStatus.SERVING, serving.status());
    assertEquals(CounterStatus.SERVING, desk.counter("2").status());
    assertEquals(called.id(), desk.counter("2").currentTicket());

    Ticket done = desk.advanceMinutes(7).finishAt("2");
    assertEquals(TicketStatus.DONE, done.status());
    assertEquals(Outcome.COMPLETED, done.outcome());
    assertEquals(Duration.ofMinutes(7), done.serviceTime().orElseThrow());
    assertEquals(CounterStatus.IDLE, desk.counter("2").status());
    assertNull(desk.counter("2").currentTicket());
  }

  @Test
  @DisplayName("Finish keeps the outcome and dossier code the clerk gives")
  void finishWithOutcome() {
    Desk desk = counterThatIs("SERVING");
    Ticket done = desk.state.ticket(desk.accept(
        new Command.FinishService("2", "clerk1", Outcome.MISSING_DOCUMENTS, "000.00.12.H56-240506-0001")).ticketId())
        .orElseThrow();
    assertEquals(Outcome.MISSING_DOCUMENTS, done.outcome());
    assertEquals("000.00.12.H56-240506-0001", done.dossierCode());
  }

  @Test
  @DisplayName("Finish without start takes the call as the start of service")
  void finishWithoutStart() {
    Desk desk = counterThatIs("CALLING");
    Ticket called = desk.state.currentTicket("2").orElseThrow();
    Ticket done = desk.advanceMinutes(5).finishAt("2");
    assertEquals(called.calledAt(), done.startedAt());
    assertEquals(Duration.ofMinutes(5).plusSeconds(30), done.serviceTime().orElseThrow());
  }

  @Test
  @DisplayName("Waiting time runs from issue to the first call")
  void waitingTime() {
    Desk desk = DomainFixtures.desk();
    Ticket a1 = desk.issueIn("DD");
    Ticket called = desk.advanceMinutes(12).callNextAt("2");
    assertEquals(a1.id(), called.id());
    assertEquals(Duration.ofMinutes(12), called.waitingTime().orElseThrow());
    assertTrue(a1.waitingTime().isEmpty());
  }

  @Test
  @DisplayName("A no-show ends the called ticket with no service time and frees the counter")
  void noShow() {
    Desk desk = counterThatIs("CALLING");
    Ticket gone = desk.noShowAt("2");
    assertEquals(TicketStatus.NO_SHOW, gone.status());
    assertTrue(gone.serviceTime().isEmpty());
    assertTrue(gone.waitingTime().isPresent());
    assertEquals(CounterStatus.IDLE, desk.counter("2").status());
    assertEquals("A002", desk.callNextAt("2").number());
  }

  @Test
  @DisplayName("A paused counter keeps its reason, takes no calls, and after resume is idle and calls again")
  void pauseAndResume() {
    Desk desk = counterThatIs("IDLE");
    desk.pauseAt("2");
    assertEquals(CounterStatus.PAUSED, desk.counter("2").status());
    assertEquals("nghỉ trưa", desk.counter("2").pauseReason());
    assertEquals(RejectionCode.COUNTER_PAUSED, desk.rejectionOf(callNext("2")));
    desk.advanceMinutes(30).resumeAt("2");
    assertEquals(CounterStatus.IDLE, desk.counter("2").status());
    assertNull(desk.counter("2").pauseReason());
    assertEquals("A001", desk.callNextAt("2").number());
  }

  @Test
  @DisplayName("Pausing one counter leaves the others serving the same field")
  void pauseIsPerCounter() {
    Desk desk = counterThatIs("PAUSED");
    assertEquals("A001", desk.callNextAt("1").number());
    assertEquals(RejectionCode.COUNTER_NOT_PAUSED, desk.rejectionOf(resume("1")));
    assertEquals(RejectionCode.COUNTER_BUSY, desk.rejectionOf(pause("1")));
  }
}
