package vn.luot.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.Counter;
import vn.luot.server.domain.Field;
import vn.luot.server.domain.Purpose;
import vn.luot.server.domain.QueuePolicy;
import vn.luot.server.domain.command.Command;
import vn.luot.server.journal.JdbcJournal;
import vn.luot.server.journal.SqliteJournal;

/**
 * An engine whose append lost its seq to another node catches up from the journal and decides the command again,
 * however soon the catch-up read ends. Vert.x runs a handler at once when the read it waits for ended before the
 * handler was attached (a quick read while the event loop thread was paused by a busy machine): that is how, rarely,
 * ClusterTest saw a ticket left unanswered for 15 s and then a 503. Here this engine's reads always end at once, so
 * the case is the rule and the test cannot pass by luck of timing.
 */
@DisplayName("Catching up after a lost race for a seq")
class CatchUpTest {
  static final CenterConfig CENTER = new CenterConfig("c1", "Trung tâm 1", ZoneId.of("Asia/Ho_Chi_Minh"),
      List.of(new Field("DD", "Đất đai", "A", 30, 15)), List.of(new Counter("1", "Quầy 1", List.of("DD"))),
      QueuePolicy.DEFAULT);

  @TempDir Path dir;
  Vertx vertx = Vertx.vertx();
  JdbcJournal journal;

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
    if (journal != null) journal.close();
  }

  @Test
  @DisplayName("the command whose seq another node took is answered with the next number, though the catch-up read ended at once")
  void lostSeqIsDecidedAgainAfterAnImmediateCatchUp() throws Exception {
    journal = SqliteJournal.open(dir, batches -> {});
    // This engine learns of the other node's ticket (seq 2) only by catching up after its own append lost seq 2.
    CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    CenterEngine here = new CenterEngine(CENTER, journal, Clock.systemUTC(), (center, recorded, after) -> {
      if (recorded.seq() == 2) caughtUp.complete(null);
    }, Replication.NONE, (config, seq) -> {}, CatchUpTest::readAtOnce);
    await(vertx.deployVerticle(here));
    // Another node's engine of the center on the same journal, whose hints never reach this one.
    CenterEngine otherNode = new CenterEngine(CENTER, journal, Clock.systemUTC(), (center, recorded, after) -> {});
    await(vertx.deployVerticle(otherNode));
    assertEquals("A001", number(await(call(otherNode, issue()))));

    Future<CommandResult> lost = call(here, issue());
    await(caughtUp);
    CommandResult next = await(call(here, issue()));

    // Answers follow seq order: the command decided again is answered before the one that came after the catch-up.
    // Left waiting instead, it would be answered by nobody, and Engines would fail it after CALL_TIMEOUT_MS (a 503).
    assertTrue(lost.isComplete(), "the command that lost its seq is answered before the next one");
    assertEquals("A002", number(lost.result()));
    assertEquals("A003", number(next));
  }

  /** A blocking read that has ended by the time the engine attaches its handler. */
  private static <T> Future<T> readAtOnce(Callable<T> read) {
    try {
      return Future.succeededFuture(read.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<CommandResult> call(CenterEngine engine, Command command) {
    Promise<Object> answer = Promise.promise();
    engine.call(new EngineCall.Execute(command), answer::handle);
    return answer.future().map(CommandResult.class::cast);
  }

  private static String number(CommandResult result) {
    assertTrue(result.rejection() == null, "a ticket, not " + result.rejection());
    return result.ticket().number();
  }

  private static Command.IssueTicket issue() {
    return new Command.IssueTicket("DD", false, null, Purpose.SUBMIT, null, "K1", UUID.randomUUID().toString(),
        UUID.randomUUID().toString(), null);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return await(future.toCompletionStage().toCompletableFuture());
  }

  /** A bound only so that a broken engine fails the test instead of hanging it; a correct one answers in milliseconds. */
  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(60, TimeUnit.SECONDS);
  }
}
