package vn.luot.printer.agent;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import vn.luot.printer.device.PrintException;
import vn.luot.printer.device.PrinterConnection;
import vn.luot.printer.device.Printers;
import vn.luot.printer.escpos.StatusReport;
import vn.luot.printer.layout.TicketData;

/**
 * The kiosk print agent: {@code java -jar luot-printer.jar --server http://HOST:8080 --kiosk K1 --printer …}.
 * Reads the command line, opens the printer and the printed-jobs log, and deploys the {@link AgentVerticle};
 * or, with {@code --test-print}, prints one demo ticket and exits.
 */
public final class PrintAgent {
  private static final Logger LOG = Logger.getLogger(PrintAgent.class.getName());
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private PrintAgent() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    AgentOptions options;
    try {
      options = AgentOptions.parse(args);
    } catch (AgentOptions.HelpRequested help) {
      out.println(AgentOptions.USAGE);
      System.exit(EXIT_OK);
      return;
    } catch (AgentOptions.UsageException e) {
      err.println("luot-printer: " + e.getMessage());
      err.println("Try: java -jar luot-printer.jar --help");
      System.exit(EXIT_USAGE);
      return;
    }
    configureLogging();
    if (options.testPrint()) System.exit(testPrint(options));
    int code = run(options);   // returns once a shutdown (SIGTERM, service stop) has closed everything
    if (code != EXIT_OK) System.exit(code);
  }

  /** Prints the demo ticket on the configured printer; 0 when it printed. */
  static int testPrint(AgentOptions options) {
    PrinterConnection printer = Printers.open(options.printer());
    String name = "ticket-" + options.paper().millimetres() + "mm";
    try {
      printer.print(PrintPipeline.of(options).prepare(name, demoTicket(options)));
      StatusReport status = printer.status();
      LOG.info(() -> "test ticket printed on " + printer.description() + "; printer status " + status.status() + " ("
          + status.detail() + ")");
      return EXIT_OK;
    } catch (PrintException e) {
      LOG.severe(() -> "test ticket did not print on " + printer.description() + ": " + e.reason() + " " + e.detail());
      return EXIT_FAILED;
    }
  }

  /** A realistic ticket of the demo center, for --test-print and the README picture. */
  public static TicketData demoTicket(AgentOptions options) {
    return new TicketData("Trung tâm Phục vụ Hành chính công TP Thanh Hóa", "Đất đai", "A012", null,
        OffsetDateTime.parse("2026-11-28T14:05:09.123+07:00"), 3, 12,
        PrintJob.trackUrl(options.serverOrLocal(), "default.SUOc8yR-N0jofW53q4m2Jg"));
  }

  /** Runs until the process is stopped (SIGTERM, service stop); 1 if it cannot start. */
  static int run(AgentOptions options) {
    PrinterConnection printer = Printers.open(options.printer());
    PrintedLog log;
    try {
      log = PrintedLog.open(options.stateDir());
    } catch (IOException e) {
      LOG.severe(() -> "cannot open the state folder " + options.stateDir().toAbsolutePath() + ": " + e.getMessage());
      return EXIT_FAILED;
    }
    LOG.info(() -> "state folder " + options.stateDir().toAbsolutePath() + " (" + log.size() + " jobs remembered)");
    Vertx vertx = Vertx.vertx();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      vertx.close().toCompletionStage().toCompletableFuture().whenComplete((v, e) -> {
        try {
          log.close();
        } catch (IOException closeError) {
          LOG.log(Level.WARNING, "closing the printed-jobs log", closeError);
        }
        stopped.countDown();
      });
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "luot-printer-shutdown"));
    try {
      vertx.deployVerticle(new AgentVerticle(options, printer, log)).await();
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "cannot start the agent", e);
      return EXIT_FAILED;
    }
    try {
      stopped.await();   // until the shutdown hook has closed everything
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return EXIT_OK;
  }

  /** One line per record on stderr, with Vert.x and Netty quiet unless something is wrong. */
  static void configureLogging() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) root.removeHandler(h);
    ConsoleHandler console = new ConsoleHandler();
    console.setFormatter(new OneLineFormatter());
    console.setLevel(Level.ALL);
    try {
      console.setEncoding(StandardCharsets.UTF_8.name());
    } catch (IOException ignored) {
      // UTF-8 is always supported
    }
    root.addHandler(console);
    root.setLevel(Level.INFO);
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
    Logger.getLogger("io.vertx").setLevel(Level.WARNING);
  }
}
