package vn.luot.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Saves the logs of server processes when a test fails, before JUnit deletes the temporary folder they were written
 * to: every {@code *.log} in the folder is copied to {@code target/failed-logs/<class>/<test>-<time>/}, and the last
 * lines of each are printed with the copy's place. Register it as a static field:
 * {@code @RegisterExtension static final KeepLogsOnFailure LOGS = new KeepLogsOnFailure(() -> dir);}
 */
public final class KeepLogsOnFailure implements TestWatcher, LifecycleMethodExecutionExceptionHandler {
  /** Where the copies go; Surefire runs in the module folder, so by default under its target/. */
  static final Path SAVED = Path.of(System.getProperty("luot.failedLogs", "target/failed-logs"));
  private static final int TAIL_LINES = 60;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Supplier<Path> folder;

  /** @param folder the folder the logs are in, asked only once a test has failed (a @TempDir is set by then) */
  public KeepLogsOnFailure(Supplier<Path> folder) {
    this.folder = folder;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    save(context, context.getRequiredTestMethod().getName());
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    save(context, "beforeAll");
    throw failure;
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    save(context, "afterAll");
    throw failure;
  }

  private void save(ExtensionContext context, String test) {
    Path from = folder.get();
    if (from == null || !Files.isDirectory(from)) return;
    Path to = SAVED.resolve(context.getRequiredTestClass().getSimpleName())
        .resolve(test + "-" + LocalDateTime.now().format(STAMP));
    try (Stream<Path> files = Files.list(from)) {
      List<Path> logs = files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
      if (logs.isEmpty()) return;
      Files.createDirectories(to);
      StringBuilder report = new StringBuilder("\n==== logs of " + context.getDisplayName() + " saved in "
          + to.toAbsolutePath() + " ====\n");
      for (Path log : logs) {
        Path copy = Files.copy(log, to.resolve(log.getFileName()));
        report.append("---- last lines of ").append(copy.toAbsolutePath()).append(" ----\n").append(tail(copy));
      }
      System.err.println(report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the logs of " + from, e);
    }
  }

  private static String tail(Path log) throws IOException {
    // Decoded leniently: a process killed mid-write may leave a broken character at the end.
    List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    StringBuilder out = new StringBuilder();
    for (String line : lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) out.append(line).append('\n');
    return out.toString();
  }
}
