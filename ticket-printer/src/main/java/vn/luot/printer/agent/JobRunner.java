package vn.luot.printer.agent;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import vn.luot.printer.device.PrintException;
import vn.luot.printer.device.PrinterConnection;
import vn.luot.printer.device.Printout;
import vn.luot.printer.escpos.PrinterStatus;
import vn.luot.printer.escpos.StatusReport;
import vn.luot.printer.layout.TicketLabels;

/**
 * Prints jobs one at a time, in the order they arrived, on its own thread (printing blocks: sockets, device files,
 * retries with waits), and reads the printer status on that same thread, so the agent never opens two connections
 * to the printer at once.
 *
 * <p>For each job: already printed (in the log) → acknowledge again, print nothing; left "printing" by a crash →
 * report failed as in doubt; otherwise log "printing", try up to {@code attempts} times with doubling waits, then log
 * and report "printed" or "failed". A job id already queued is not queued twice (the server re-sends unacknowledged
 * jobs on every connect).
 */
final class JobRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

  /** What the runner tells the agent; called on the print thread. */
  interface Listener {
    void printed(String jobId);

    void failed(String jobId, PrinterStatus reason, String detail);

    /** A status just observed (by a query or by a print attempt). */
    void observed(StatusReport status);
  }

  private final PrinterConnection printer;
  private final PrintPipeline pipeline;
  private final PrintedLog log;
  private final URI server;
  private final int attempts;
  private final Duration retryDelay;
  private final Listener listener;
  private final TicketLabels labels = new TicketLabels();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "luot-print");
    t.setDaemon(true);
    return t;
  });

  JobRunner(PrinterConnection printer, PrintPipeline pipeline, PrintedLog log, URI server, int attempts,
            Duration retryDelay, Listener listener) {
    this.printer = Objects.requireNonNull(printer, "printer");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.log = Objects.requireNonNull(log, "log");
    this.server = Objects.requireNonNull(server, "server");
    this.attempts = attempts;
    this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Queues a job unless the same job id is already waiting or printing. */
  void submit(PrintJob job) {
    if (closing) return;
    if (!queued.add(job.jobId())) {
      LOG.fine(() -> "job " + job.jobId() + " is already queued");
      return;
    }
    thread.execute(() -> {
      try {
        if (closing) return;   // stopping: queued jobs stay unacknowledged, the server re-sends them
        run(job);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "job " + job.jobId() + " broke the print thread's step", e);
        listener.failed(job.jobId(), PrinterStatus.ERROR, "agent error: " + e);
      } finally {
        queued.remove(job.jobId());
      }
    });
  }

  /** Reads the printer status on the print thread, after any job queued before. */
  CompletableFuture<StatusReport> checkStatus() {
    if (closing) return CompletableFuture.failedFuture(new IllegalStateException("the print thread is stopping"));
    return CompletableFuture.supplyAsync(printer::status, thread);
  }

  private void run(PrintJob job) {
    String id = job.jobId();
    PrintedLog.State known = log.state(id);
    if (known == PrintedLog.State.PRINTED) {
      LOG.info(() -> "job " + id + " (" + job.number() + ") was printed before; acknowledging again, not printing");
      listener.printed(id);
      return;
    }
    if (known == PrintedLog.State.PRINTING) {
      String detail = "the agent stopped while printing " + job.number() + "; the ticket may or may not have come out,"
          + " so it is not printed again (reprint it if needed)";
      LOG.warning(() -> "job " + id + ": " + detail);
      if (durably(PrintedLog.State.FAILED, id)) listener.failed(id, PrinterStatus.ERROR, detail);
      return;
    }
    Printout printout;
    try {
      printout = pipeline.prepare(id, job.toTicketData(server, labels));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "job " + id + " cannot be laid out", e);
      listener.failed(id, PrinterStatus.ERROR, "cannot lay out the ticket: " + e.getMessage());
      return;
    }
    if (!durably(PrintedLog.State.PRINTING, id)) {
      listener.failed(id, PrinterStatus.ERROR, "cannot write the printed-jobs log; not printing without it");
      return;
    }
    PrintException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        long start = System.nanoTime();
        printer.print(printout);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int tries = attempt;
        LOG.info(() -> "printed job " + id + " (" + job.number() + ", " + printout.escPos().length + " bytes) on "
            + printer.description() + " in " + ms + " ms" + (tries > 1 ? " at try " + tries : ""));
        if (durably(PrintedLog.State.PRINTED, id)) listener.printed(id);
        listener.observed(printer.status());
        return;
      } catch (PrintException e) {
        last = e;
        int tries = attempt;
        LOG.warning(() -> "job " + id + " try " + tries + "/" + attempts + " failed: " + e.reason() + " " + e.detail());
        listener.observed(StatusReport.of(e.reason(), e.detail()));
        if (attempt < attempts && !sleep(retryDelay.multipliedBy(1L << (attempt - 1)))) break;
      }
    }
    PrintException failure = last;
    LOG.warning(() -> "job " + id + " (" + job.number() + ") failed after " + attempts + " tries: " + failure.reason());
    if (durably(PrintedLog.State.FAILED, id)) {
      listener.failed(id, failure.reason().blocksPrinting() ? failure.reason() : PrinterStatus.ERROR, failure.detail());
    }
  }

  /** Records a step; false (and logged) if the disk refused, in which case the agent must not claim the step. */
  private boolean durably(PrintedLog.State state, String id) {
    try {
      log.record(state, id);
      return true;
    } catch (IOException e) {
      LOG.log(Level.SEVERE, "cannot record " + state + " " + id + " in the printed-jobs log", e);
      return false;
    }
  }

  private static boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Lets a ticket being printed finish (up to 10 s; cutting it off would leave it in doubt), skips queued ones, and
   * stops the thread. Blocks: call it off the event loop.
   */
  @Override
  public void close() {
    closing = true;
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) thread.shutdownNow();
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
