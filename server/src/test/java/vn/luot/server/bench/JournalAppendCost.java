package vn.luot.server.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Decider;
import vn.luot.server.domain.Decision;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.journal.JdbcJournal;
import vn.luot.server.journal.Journal;
import vn.luot.server.journal.SqliteJournal;

/**
 * The SQLite journal writer's CPU per ticket issued, with no HTTP and no engine: batches of {@code --batch} appends
 * (as group commit makes them under load), each a TicketIssued with its ticket row, on a real file with
 * synchronous=FULL. It reads the writer thread's CPU time, not wall time, so a busy machine moves it less than it
 * moves issues per second. The second half of the tickets is measured (the first warms the JIT).
 *
 * <pre>{@code --tickets 60000 --batch 20}</pre>
 */
public final class JournalAppendCost {
  private static final List<String> FIELDS = List.of("DD", "HT", "CT", "KD", "XD", "LD");

  private JournalAppendCost() {}

  public static void main(String[] args) throws Exception {
    int tickets = 60_000;
    int batch = 20;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--tickets" -> tickets = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --tickets N --batch N)");
      }
    }
    Path dir = Files.createTempDirectory("luot-journal-cost-");
    JdbcJournal journal = SqliteJournal.open(dir, n -> {});
    try {
      CenterConfig center = ConfigLoader.load(null, Map.of()).centers().get(0);
      CenterState state = new CenterState(center);
      Instant now = Instant.parse("2026-11-28T01:00:00Z");
      append(journal, state, Decider.decide(state, new Command.OpenDay(), now)).join();
      long writer = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("luot-journal-writer")).findFirst().orElseThrow().getId();
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      long cpuFrom = 0;
      long measuredFrom = 0;
      for (int issued = 0; issued < tickets; ) {
        if (cpuFrom == 0 && issued >= tickets / 2) {
          cpuFrom = cpu.getThreadCpuTime(writer);
          measuredFrom = issued;
        }
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (int k = 0; k < batch; k++, issued++) {
          now = now.plusMillis(1);
          Command.IssueTicket issue = new Command.IssueTicket(FIELDS.get(issued % FIELDS.size()), false, null, null,
              null, "BENCH", null, "default.t" + issued, null);
          appends.add(append(journal, state, Decider.decide(state, issue, now)));
        }
        appends.forEach(CompletableFuture::join);
      }
      double micros = (cpu.getThreadCpuTime(writer) - cpuFrom) / 1e3 / (tickets - measuredFrom);
      System.out.printf(Locale.ROOT, "JournalAppendCost: %,d tickets in batches of %d: journal writer CPU %.1f µs "
          + "per ticket (second half); load average %.1f%n", tickets, batch, micros,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      journal.close();
      IssueLoad.deleteTree(dir);
    }
  }

  /** Applies the decision's events to the state, as the engine does, and appends them. */
  private static CompletableFuture<Void> append(JdbcJournal journal, CenterState state, Decision decision) {
    List<Recorded> recorded = new ArrayList<>();
    for (Event e : ((Decision.Accepted) decision).events()) {
      Recorded r = new Recorded(state.seq() + 1, e);
      state.apply(r);
      recorded.add(r);
    }
    return journal.append("default", recorded, Journal.NO_EPOCH);
  }
}
