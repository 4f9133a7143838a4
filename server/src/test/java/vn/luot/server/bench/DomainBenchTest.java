package vn.luot.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vn.luot.server.domain.TicketStatus;

/**
 * DomainBench measures what it says only if each set-up leaves the center as its command needs it, and the queues stay
 * at {@code waiting} however many times JMH calls it. Runs each benchmark as JMH would, without JMH, a few hundred
 * times.
 */
class DomainBenchTest {
  private static final int WAITING = 5;
  private static final int TIMES = 300;
  private final DomainBench bench = new DomainBench();

  @Test
  void issuingKeepsTheQueueAtItsSizeAndAnswersWithEveryoneAhead() {
    DomainBench.BeforeIssue c = open(new DomainBench.BeforeIssue());
    for (int i = 0; i < TIMES; i++) {
      c.prepare();
      assertEquals(WAITING, c.state.waiting("DD"));
      bench.issue(c);
      assertEquals(WAITING + 1, c.state.waiting("DD"));
      assertEquals(WAITING, c.state.ahead(c.state.ticket(c.added).orElseThrow()));
    }
  }

  @Test
  void everyCounterCommandFindsTheCounterAsItNeedsIt() {
    DomainBench.BeforeCall call = open(new DomainBench.BeforeCall());
    DomainBench.Called recall = open(new DomainBench.Called());
    DomainBench.Called start = open(new DomainBench.Called());
    DomainBench.Called noShow = open(new DomainBench.Called());
    DomainBench.Serving finish = open(new DomainBench.Serving());
    DomainBench.Serving transfer = open(new DomainBench.Serving());
    for (int i = 0; i < TIMES; i++) {
      call.prepare();
      bench.callNext(call);
      assertCounter(call, TicketStatus.CALLED);
      recall.prepare();
      bench.recall(recall);
      assertCounter(recall, TicketStatus.CALLED);
      start.prepare();
      bench.startService(start);
      assertCounter(start, TicketStatus.SERVING);
      noShow.prepare();
      bench.noShow(noShow);
      assertEquals(WAITING, noShow.state.waiting("DD"));
      finish.prepare();
      bench.finishService(finish);
      assertEquals(WAITING, finish.state.waiting("DD"));
      transfer.prepare();
      bench.transfer(transfer);
      assertEquals(WAITING, transfer.state.waiting("DD"));
      assertEquals(WAITING + 1, transfer.state.waiting("HT"));
    }
  }

  @Test
  void cancellingTakesBackTheTicketJustIssued() {
    DomainBench.JustIssued c = open(new DomainBench.JustIssued());
    for (int i = 0; i < TIMES; i++) {
      c.prepare();
      bench.cancel(c);
      assertEquals(WAITING, c.state.waiting("DD"));
    }
  }

  @Test
  void thePhoneFollowsATicketHalfWayDownTheQueue() {
    DomainBench.Tracked c = open(new DomainBench.Tracked());
    c.pick();
    assertEquals(WAITING / 2, c.state.ahead(c.middle));
  }

  private static <T extends DomainBench.Center> T open(T center) {
    center.waiting = WAITING;
    center.open();
    return center;
  }

  /** The counter holds a ticket in that status, and the queue is back at its size. */
  private static void assertCounter(DomainBench.Center c, TicketStatus status) {
    assertEquals(status, c.state.currentTicket("1").orElseThrow().status());
    assertEquals(WAITING, c.state.waiting("DD"));
  }
}
