package vn.luot.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.domain.Purpose;
import vn.luot.server.domain.command.Command;
import vn.luot.server.journal.JdbcJournal;
import vn.luot.server.journal.SqliteJournal;

/**
 * A cluster node stops a center's engine once it is idle and starts it again on the next call. A call that comes
 * while the engine is being stopped must still be answered (by the engine started after it), never refused with a
 * 503: here idle engines are stopped every millisecond, with nothing counted as recent use, while kiosks issue
 * with pauses of a millisecond or two between tickets, so the engine is stopped and started again many times, and
 * calls come just as it stops.
 */
@DisplayName("Engines stopped when idle")
class IdleStopTest {
  static final int KIOSKS = 4;
  static final int TICKETS_EACH = 50;

  @TempDir Path dir;
  Vertx vertx = Vertx.vertx();
  JdbcJournal journal;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (journal != null) journal.close();
  }

  @Test
  @DisplayName("calls that race the idle stop of their center's engine are all answered, each number once")
  void callsRacingTheIdleStopAreAnswered() throws Exception {
    journal = SqliteJournal.open(dir, batches -> {});
    Engines engines = Engines.lazy(vertx, List.of(CatchUpTest.CENTER), journal, Clock.systemUTC(),
        (center, recorded, after) -> {}, Replication.NONE, Duration.ZERO);
    vertx.setPeriodic(1, id -> engines.stopIdle());

    List<Future<List<String>>> kiosks = new ArrayList<>();
    for (int k = 0; k < KIOSKS; k++) kiosks.add(issueOneAfterAnother(engines, TICKETS_EACH, new ArrayList<>()));
    TreeSet<String> numbers = new TreeSet<>();
    for (Future<List<String>> kiosk : kiosks) {
      numbers.addAll(kiosk.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS));
    }

    TreeSet<String> expected = new TreeSet<>();
    for (int i = 1; i <= KIOSKS * TICKETS_EACH; i++) expected.add(String.format("A%03d", i));
    assertEquals(expected, numbers, "every issue answered, each number once");
  }

  /** Issues {@code left} tickets, each a moment after the one before is answered; fails on the first refusal. */
  private Future<List<String>> issueOneAfterAnother(Engines engines, int left, List<String> numbers) {
    if (left == 0) return Future.succeededFuture(numbers);
    Command issue = new Command.IssueTicket("DD", false, null, Purpose.SUBMIT, null, "K1", UUID.randomUUID().toString(),
        UUID.randomUUID().toString(), null);
    return engines.execute(CatchUpTest.CENTER.id(), issue).compose(result -> {
      numbers.add(result.ticket().number());
      Promise<Void> pause = Promise.promise();
      vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(2), id -> pause.complete());
      return pause.future().compose(v -> issueOneAfterAnother(engines, left - 1, numbers));
    });
  }
}
