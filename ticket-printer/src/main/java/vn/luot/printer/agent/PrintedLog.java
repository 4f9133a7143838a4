package vn.luot.printer.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The agent's durable memory of jobs, so no job prints twice: one line per step, {@code printing <jobId>} before the
 * bytes go out, {@code printed <jobId>} or {@code failed <jobId>} after, each forced to disk ({@code fsync}) before
 * the agent acts on it: "printed" is on disk before the server hears it.
 *
 * <p>A job whose last line is {@code printing} was cut off by a crash or power loss while printing: the paper may or
 * may not have come out. Printing it again could give two citizens the same number, so it is reported failed instead
 * ("in doubt"), and a clerk reprints it if needed (a reprint has a new job id).
 *
 * <p>Only the print thread uses it. A lock file keeps a second agent off the same folder. The file is compacted at
 * start when it grows large; only the newest jobs are kept, since the server only sends today's.
 */
final class PrintedLog implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PrintedLog.class.getName());
  static final String FILE = "printed-jobs.log";
  static final String LOCK = "agent.lock";
  /** Compact when more jobs than this are remembered… */
  static final int COMPACT_ABOVE = 5000;
  /** …keeping this many, the newest: several busy days of one kiosk. */
  static final int KEEP = 2000;

  /** The last recorded step of a job. */
  enum State {
    PRINTING, PRINTED, FAILED;

    String word() { return name().toLowerCase(java.util.Locale.ROOT); }

    static State ofWord(String word) {
      for (State s : values()) if (s.word().equals(word)) return s;
      return null;
    }
  }

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, State> states;
  private FileChannel appender;

  private PrintedLog(Path file, FileChannel lockChannel, FileLock lock, Map<String, State> states) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.states = states;
  }

  /** Opens (creating) the log in {@code dir}; fails if another agent holds the folder. */
  static PrintedLog open(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      lock = null;
    } catch (IOException e) {
      lockChannel.close();
      throw e;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException("another print agent is using " + dir.toAbsolutePath() + " (one agent per state folder)");
    }
    Path file = dir.resolve(FILE);
    Map<String, State> states = read(file);
    PrintedLog log = new PrintedLog(file, lockChannel, lock, states);
    if (states.size() > COMPACT_ABOVE) log.compact();
    log.appender = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    syncDirectory(dir);
    return log;
  }

  State state(String jobId) {
    return states.get(jobId);
  }

  /** Appends one step and forces it to disk before returning. */
  void record(State state, String jobId) throws IOException {
    ByteBuffer line = ByteBuffer.wrap((state.word() + " " + jobId + "\n").getBytes(StandardCharsets.UTF_8));
    while (line.hasRemaining()) appender.write(line);
    appender.force(true);
    states.remove(jobId);   // re-inserting keeps the map in order of last use, for compaction
    states.put(jobId, state);
  }

  int size() {
    return states.size();
  }

  @Override
  public void close() throws IOException {
    try {
      if (appender != null) appender.close();
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }

  /** Reads every complete line; a torn last line (power cut during a write) is dropped and cut off the file. */
  private static Map<String, State> read(Path file) throws IOException {
    Map<String, State> states = new LinkedHashMap<>();
    if (!Files.exists(file)) return states;
    byte[] content = Files.readAllBytes(file);
    int end = content.length;
    while (end > 0 && content[end - 1] != '\n') end--;
    if (end < content.length) {
      int torn = content.length - end;
      LOG.warning(() -> "dropping an unfinished last line of " + file + " (" + torn + " bytes)");
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(end);
        ch.force(true);
      }
    }
    String text = new String(content, 0, end, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      if (space < 1) continue;
      State state = State.ofWord(line.substring(0, space));
      if (state == null) continue;
      String jobId = line.substring(space + 1);
      states.remove(jobId);
      states.put(jobId, state);
    }
    return states;
  }

  /** Rewrites the file with the newest {@link #KEEP} jobs: temporary file, fsync, atomic rename. */
  private void compact() throws IOException {
    List<Map.Entry<String, State>> all = new ArrayList<>(states.entrySet());
    List<Map.Entry<String, State>> kept = all.subList(all.size() - KEEP, all.size());
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, State> e : kept) text.append(e.getValue().word()).append(' ').append(e.getKey()).append('\n');
    Path temporary = file.resolveSibling(FILE + ".compacting");
    try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) ch.write(bytes);
      ch.force(true);
    }
    try {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
    int before = states.size();
    Map<String, State> newest = new LinkedHashMap<>();
    for (Map.Entry<String, State> e : kept) newest.put(e.getKey(), e.getValue());
    states.clear();
    states.putAll(newest);
    LOG.info(() -> "compacted " + file + ": kept the newest " + KEEP + " of " + before + " jobs");
  }

  /** Makes a new file's directory entry durable too (Linux, macOS); Windows cannot open a folder and needs not. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException notOnThisSystem) {
      // best effort: some systems cannot open or force a directory
    }
  }
}
