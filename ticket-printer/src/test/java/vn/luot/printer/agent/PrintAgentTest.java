package vn.luot.printer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.printer.testing.FakeJobServer.about;
import static vn.luot.printer.testing.FakeJobServer.job;
import static vn.luot.printer.testing.FakeJobServer.type;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.printer.device.Printers;
import vn.luot.printer.testing.EscPosStream;
import vn.luot.printer.testing.FakeJobServer;
import vn.luot.printer.testing.FakePrinter;
import vn.luot.printer.testing.Images;

/**
 * The print agent end to end: a real WebSocket server speaking the job protocol (fake server), the agent verticle,
 * and a real TCP printer (fake printer). Timings are shortened through the options; nothing sleeps for a fixed time,
 * every wait is for a message or a job with a deadline.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The print agent prints its kiosk's jobs once each, reports status and failures, and reconnects")
class PrintAgentTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration SHORT = Duration.ofMillis(400);

  @TempDir
  Path state;

  private Vertx vertx;
  private FakePrinter printer;
  private FakeJobServer server;
  private PrintedLog log;
  private String deployment;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    printer = FakePrinter.start(vertx);
    server = FakeJobServer.start(vertx, "default", "K1");
  }

  @AfterEach
  void stop() throws Exception {
    stopAgent();
    server.close();
    printer.close();
  }

  private AgentOptions options() throws Exception {
    return AgentOptions.parse("--server", server.url(), "--kiosk", "K1", "--printer", printer.spec(),
        "--state", state.toString())
        .withTimings(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(400));
  }

  private void startAgent(AgentOptions options) throws Exception {
    log = PrintedLog.open(options.stateDir());
    deployment = vertx.deployVerticle(new AgentVerticle(options, Printers.open(options.printer()), log))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void stopAgent() throws Exception {
    if (deployment != null) {
      vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      deployment = null;
    }
    if (log != null) {
      log.close();
      log = null;
    }
  }

  private JsonObject expect(java.util.function.Predicate<JsonObject> wanted, String what) throws InterruptedException {
    JsonObject m = server.await(wanted, WAIT);
    assertNotNull(m, "the server never got " + what);
    return m;
  }

  private String qrOf(byte[] job) throws Exception {
    return Images.decodeQr(EscPosStream.parse(job).image());
  }

  @Test
  @DisplayName("Jobs are printed one by one in arrival order and acknowledged; status OK is sent on connect")
  void printsAndAcknowledgesInOrder() throws Exception {
    startAgent(options());
    JsonObject status = expect(type("status"), "a status on connect");
    assertEquals("OK", status.getString("printer"));

    server.issue(job("20261128-A012#1", "A012", "Đất đai", "default.token12"));
    server.issue(job("20261128-A013#1", "A013", "Đất đai", "default.token13"));

    byte[] first = printer.awaitJob(WAIT);
    byte[] second = printer.awaitJob(WAIT);
    assertNotNull(second, "two jobs printed");
    assertEquals(server.url() + "/t/default.token12", qrOf(first));
    assertEquals(server.url() + "/t/default.token13", qrOf(second));
    JsonObject ack = expect(type("printed"), "printed A012");
    assertEquals("20261128-A012#1", ack.getString("jobId"));
    assertEquals("20261128-A013#1", expect(type("printed"), "printed A013").getString("jobId"));
    assertEquals(List.of("printing 20261128-A012#1", "printed 20261128-A012#1", "printing 20261128-A013#1",
        "printed 20261128-A013#1"), Files.readAllLines(state.resolve(PrintedLog.FILE)));
  }

  @Test
  @DisplayName("A printer that is down is tried 3 times with waits, then the job is reported failed: OFFLINE")
  void printerDownRetriesThenFails() throws Exception {
    printer.behave(FakePrinter.Behaviour.HANG_UP);
    startAgent(options());
    assertEquals("OFFLINE", expect(type("status"), "a status on connect").getString("printer"));
    long start = System.nanoTime();
    server.issue(job("20261128-A012#1", "A012", "Đất đai", "default.t"));
    JsonObject failed = expect(about("failed", "20261128-A012#1"), "failed");
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals("OFFLINE", failed.getString("reason"));
    assertTrue(failed.getString("detail").contains("printer closed the connection"), failed.getString("detail"));
    assertEquals(1 + 3, printer.connections(), "one status check, then three tries");
    assertTrue(elapsedMs >= 300, "waits of 100 ms and 200 ms between tries, took " + elapsedMs + " ms");
    assertTrue(printer.jobs().isEmpty());
  }

  @Test
  @DisplayName("Out of paper: status PAPER_OUT is reported, the job fails with PAPER_OUT and nothing prints")
  void paperOut() throws Exception {
    printer.answer(0x1A, 0x32, 0x7E);
    startAgent(options());
    JsonObject status = expect(type("status"), "a status on connect");
    assertEquals("PAPER_OUT", status.getString("printer"));
    assertEquals("paper end; offline", status.getString("detail"));
    server.issue(job("20261128-A012#1", "A012", "Đất đai", "default.t"));
    assertEquals("PAPER_OUT", expect(about("failed", "20261128-A012#1"), "failed").getString("reason"));
    assertTrue(printer.jobs().isEmpty());

    printer.answer(0x12, 0x12, 0x12);   // someone put in a new roll; the clerk reprints
    server.issue(job("20261128-A012#2", "A012", "Đất đai", "default.t"));
    expect(about("printed", "20261128-A012#2"), "printed reprint");
    assertEquals(1, printer.jobs().size());
  }

  @Test
  @DisplayName("Status is sent again every interval, and a change (paper low) shows in the next one")
  void periodicStatus() throws Exception {
    startAgent(options().withTimings(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(50),
        Duration.ofMillis(400)));
    assertEquals("OK", expect(type("status"), "a status").getString("printer"));
    expect(type("status"), "a second status");
    printer.answer(0x12, 0x12, 0x1E);
    JsonObject low = expect(m -> "status".equals(m.getString("type")) && "PAPER_LOW".equals(m.getString("printer")),
        "PAPER_LOW");
    assertEquals("paper near end", low.getString("detail"));
  }

  @Test
  @DisplayName("After the server restarts the agent reconnects by itself and prints what is issued next")
  void reconnectsAfterServerRestart() throws Exception {
    startAgent(options());
    expect(type("status"), "a status on connect");
    server.stop();
    server.restart();
    expect(type("status"), "a status on reconnect");
    assertEquals(2, server.connections());
    server.issue(job("20261128-A014#1", "A014", "Hộ tịch", "default.t14"));
    expect(about("printed", "20261128-A014#1"), "printed after reconnect");
    assertEquals(server.url() + "/t/default.t14", qrOf(printer.awaitJob(WAIT)));
  }

  @Test
  @DisplayName("A job re-sent after a reconnect (the ack was lost) is acknowledged again but not printed twice, "
      + "even by a restarted agent")
  void resentJobNotPrintedTwice() throws Exception {
    server.loseAcknowledgements(true);
    startAgent(options());
    server.issue(job("20261128-A012#1", "A012", "Đất đai", "default.t"));
    expect(about("printed", "20261128-A012#1"), "printed");
    assertNotNull(printer.awaitJob(WAIT));

    server.stop();
    server.restart();   // the server never saw the ack, so it sends the job again on connect
    expect(about("printed", "20261128-A012#1"), "printed again, from the log");

    stopAgent();        // and the same after the agent itself restarts
    startAgent(options());
    expect(about("printed", "20261128-A012#1"), "printed again by the restarted agent");
    assertNull(printer.awaitJob(SHORT));
    assertEquals(1, printer.jobs().size(), "printed exactly once");
  }

  @Test
  @DisplayName("A reprint (#2 of the same ticket) is a new job and prints")
  void reprintPrints() throws Exception {
    startAgent(options());
    server.issue(job("20261128-A012#1", "A012", "Đất đai", "default.t"));
    expect(about("printed", "20261128-A012#1"), "printed #1");
    server.issue(job("20261128-A012#2", "A012", "Đất đai", "default.t"));
    expect(about("printed", "20261128-A012#2"), "printed #2");
    List<byte[]> jobs = printer.jobs();
    assertEquals(2, jobs.size());
    assertEquals(qrOf(jobs.get(0)), qrOf(jobs.get(1)));
  }

  @Test
  @DisplayName("A job the agent was printing when it died is in doubt: reported failed, not printed again")
  void inDoubtJobIsNotReprinted() throws Exception {
    Files.writeString(state.resolve(PrintedLog.FILE), "printing 20261128-A012#1\n");
    startAgent(options());
    server.issue(job("20261128-A012#1", "A012", "Đất đai", "default.t"));
    JsonObject failed = expect(about("failed", "20261128-A012#1"), "failed");
    assertEquals("ERROR", failed.getString("reason"));
    assertTrue(failed.getString("detail").contains("may or may not have come out"), failed.getString("detail"));
    assertNull(printer.awaitJob(SHORT));
  }

  @Test
  @DisplayName("A job message missing a member is reported failed with the reason, and the agent goes on")
  void badJob() throws Exception {
    startAgent(options());
    JsonObject bad = job("20261128-A012#1", "A012", "Đất đai", "default.t");
    bad.getJsonObject("ticket").remove("number");
    server.issue(bad);
    JsonObject failed = expect(about("failed", "20261128-A012#1"), "failed");
    assertEquals("ERROR", failed.getString("reason"));
    assertEquals("bad job 20261128-A012#1: 'number' is missing", failed.getString("detail"));
    server.issue(job("20261128-A013#1", "A013", "Đất đai", "default.t"));
    expect(about("printed", "20261128-A013#1"), "the next job printed");
  }
}
