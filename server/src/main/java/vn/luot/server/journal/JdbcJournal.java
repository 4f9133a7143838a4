package vn.luot.server.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import vn.luot.server.domain.CenterSettings;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;

/**
 * The journal on a JDBC database. One writer thread owns the write connection and commits every append waiting in
 * its queue in one transaction (group commit): under load many appends share one fsync, idle a single append is
 * committed at once. Each append sits in its own savepoint, so one that loses the race for a seq fails alone.
 *
 * <p>Several journals (cluster nodes) may write one database: the key (center, seq) lets only one of two appends at
 * the same seq in. When an append of a center fails, the later appends of that center in the same epoch fail too
 * (see {@link Journal#append(String, List, long)}): they were decided on top of it, and another writer may since
 * have filled its seq, so they must not go in.
 */
public final class JdbcJournal implements Journal {
  private static final Logger LOG = Logger.getLogger(JdbcJournal.class.getName());
  /** The most appends one transaction takes; more wait for the next. */
  static final int MAX_BATCH = 512;

  /** Opens connections; SQLite and PostgreSQL differ only in how. */
  public interface ConnectionFactory {
    Connection open() throws SQLException;

    /** Releases what the factory holds (a pool); called once when the journal closes. */
    default void close() {}
  }

  /** What the writer thread is asked to do: append events, or run other writes in the same transactions. */
  private sealed interface Job permits Append, Work {
    CompletableFuture<?> done();
  }

  private record Append(long epoch, String center, List<Recorded> events, CompletableFuture<Void> done)
      implements Job {}

  private record Work<T>(SqlWork<T> work, CompletableFuture<T> done) implements Job {
    /** Runs on the writer thread; the result is handed over only once committed. */
    T run(Connection c) throws SQLException {
      return work.run(c);
    }
  }

  /** A unit of SQL on one connection. */
  public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Appends by center, then seq (a stable sort keeps each center's own order); other writes after them. */
  private static final java.util.Comparator<Job> BATCH_ORDER =
      java.util.Comparator.comparing((Job j) -> j instanceof Append a ? a.center() : "\uffff");

  private final ConnectionFactory connections;
  private final EventCodec codec = new EventCodec();
  private final TicketProjection projection = new TicketProjection();
  private final SettingsProjection settingsProjection = new SettingsProjection(codec);
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  /** The last seq known committed per center, so an append that does not follow on is refused before any SQL. */
  private final Map<String, Long> lastSeq = new HashMap<>();
  /** Per center, the newest epoch in which one of its appends failed: appends of it or older are refused. */
  private final Map<String, Long> fencedEpoch = new HashMap<>();
  private final java.util.concurrent.atomic.AtomicLong epochs = new java.util.concurrent.atomic.AtomicLong();
  private final Thread writer;
  private final Consumer<Integer> batchObserver;
  private volatile boolean closed;
  /** Why the last write transaction failed (disk full, read-only, database gone); null once one commits again. */
  private volatile StorageFailure writeFailure;
  private Connection writeConnection;
  /** The write connection's reusable statements; replaced with the connection. */
  private Statements statements;
  private final Object readLock = new Object();
  private Connection readConnection;

  /**
   * @param batchObserver told the size of each committed batch (for metrics)
   */
  public JdbcJournal(ConnectionFactory connections, Consumer<Integer> batchObserver) {
    this.connections = connections;
    this.batchObserver = batchObserver;
    this.writer = new Thread(this::writeLoop, "luot-journal-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public long newEpoch() {
    return epochs.incrementAndGet();
  }

  @Override
  public CompletableFuture<Void> append(String center, List<Recorded> events, long epoch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new JournalUnavailableException("journal closed", null));
    } else if (events.isEmpty()) {
      done.complete(null);
    } else {
      queue.add(new Append(epoch, center, List.copyOf(events), done));
    }
    return done;
  }

  /**
   * Runs other writes (accounts, kiosks, the audit log) on the one write connection, in the writer's next
   * transaction: SQLite has a single writer, and a change and its audit row commit together or not at all.
   * Completes with the work's result once committed; a failing work fails alone (its savepoint is rolled back).
   */
  public <T> CompletableFuture<T> write(SqlWork<T> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    if (closed) done.completeExceptionally(new JournalUnavailableException("journal closed", null));
    else queue.add(new Work<>(work, done));
    return done;
  }

  private void writeLoop() {
    List<Job> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Job first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Throwable e) {
        // Even an Error (out of memory) must not end the writer silently: fail this batch and carry on.
        noteWriteFailure("journal writer failed on a batch of " + batch.size(), e);
        rollbackQuietly();
        for (Job j : batch) {
          if (!j.done().isDone()) fail(j, new JournalUnavailableException("storage failed: " + e, e));
        }
      } finally {
        batch.clear();
      }
    }
    for (Job left; (left = queue.poll()) != null; ) {
      left.done().completeExceptionally(new JournalUnavailableException("journal closed", null));
    }
  }

  /** Transactions the database aborted to break a deadlock (or a serialization failure) are tried again this often. */
  static final int MAX_TRANSACTION_ATTEMPTS = 3;

  private void commit(List<Job> batch) {
    // Every writer inserts the centers of a batch in the same order (a stable sort keeps each center's own order),
    // so two nodes' transactions do not wait on each other's keys in a cycle.
    batch.sort(BATCH_ORDER);
    for (int attempt = 1; ; attempt++) {
      try {
        tryCommit(batch);
        return;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        if (isTransactionAborted(e) && attempt < MAX_TRANSACTION_ATTEMPTS) {
          // Nothing of the transaction was written: the appends not yet refused go again.
          LOG.log(Level.FINE, "journal transaction aborted by the database; trying again", e);
          continue;
        }
        noteWriteFailure("journal append failed; the batch of " + batch.size() + " appends rolled back", e);
        JournalUnavailableException failure = new JournalUnavailableException("storage failed: " + e.getMessage(), e);
        // Every append of the batch that was not already refused fails: those written so far were rolled back, and
        // the one that hit the error and those after it were never written. None may be left waiting (its engine
        // would wait forever).
        for (Job j : batch) {
          if (!j.done().isDone()) fail(j, failure);
        }
        return;
      }
    }
  }

  private void tryCommit(List<Job> batch) throws SQLException {
    List<Append> written = new ArrayList<>(batch.size());
    List<Runnable> worked = new ArrayList<>();
    Map<String, Long> committedSeq = new HashMap<>();
    Connection c = writeConnection();
    for (Job job : batch) {
      if (job.done().isDone()) continue; // refused in an attempt before
      if (job instanceof Work<?> w) {
        work(c, w).ifPresent(worked::add);
        continue;
      }
      Append a = (Append) job;
      if (a.epoch() != NO_EPOCH && a.epoch() <= fencedEpoch.getOrDefault(a.center(), NO_EPOCH)) {
        fail(a, new SeqConflictException("center " + a.center() + ": decided after an append that failed"));
        continue;
      }
      long first = a.events().get(0).seq();
      Long inBatch = committedSeq.get(a.center());
      long expected = (inBatch != null ? inBatch : lastSeq(c, a.center())) + 1;
      if (first > expected && inBatch == null) {
        // The cache only lags: another writer (cluster node) may have appended since. Ask the database.
        lastSeq.remove(a.center());
        expected = lastSeq(c, a.center()) + 1;
      }
      if (first != expected) {
        fail(a, new SeqConflictException(
            "center " + a.center() + ": append at seq " + first + " but next is " + expected));
        continue;
      }
      Savepoint sp = c.setSavepoint();
      try {
        insert(c, a);
        c.releaseSavepoint(sp);
        committedSeq.put(a.center(), a.events().get(a.events().size() - 1).seq());
        written.add(a);
      } catch (SQLException e) {
        c.rollback(sp);
        statements.clear();  // a statement that failed is not reused
        if (!isConstraintViolation(e)) throw e;
        fail(a, new SeqConflictException("center " + a.center() + ": " + e.getMessage()));
      }
    }
    c.commit();
    if (writeFailure != null) {
      LOG.info("journal writes work again (they failed with " + writeFailure + ")");
      writeFailure = null;
    }
    // Durable now: nothing after this line may turn these appends into failures (the observer cannot throw).
    lastSeq.putAll(committedSeq);
    observe(written.size());
    for (Append a : written) a.done().complete(null);
    for (Runnable r : worked) r.run();
  }

  /**
   * Remembers why writes fail, for /health. The first failure is logged with its stack trace; while writes keep
   * failing (a full disk refuses every retry of every kiosk) each further one is a single line, so the log does not
   * flood a disk that has no room.
   */
  private void noteWriteFailure(String what, Throwable e) {
    StorageFailure kind = StorageFailure.of(e);
    if (writeFailure == null) {
      LOG.log(Level.SEVERE, what + " (" + kind + "); until a write succeeds, further failures take one line each", e);
    } else {
      LOG.warning(what + " (" + kind + "): " + e.getMessage());
    }
    writeFailure = kind;
  }

  /** Deadlock detected (40P01) or serialization failure (40001), anywhere in the exception's chain. */
  private static boolean isTransactionAborted(Throwable e) {
    return sqlStates(e).anyMatch(state -> state.equals("40P01") || state.equals("40001"));
  }

  /** The SQLStates of an exception, its causes and (for a JDBC batch) its next exceptions. */
  private static java.util.stream.Stream<String> sqlStates(Throwable e) {
    List<String> states = new ArrayList<>();
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.ArrayDeque<Throwable> pending = new java.util.ArrayDeque<>(List.of(e));
    while (!pending.isEmpty()) {
      Throwable t = pending.poll();
      if (!seen.add(t)) continue;
      if (t instanceof SQLException sql) {
        if (sql.getSQLState() != null) states.add(sql.getSQLState());
        if (sql.getNextException() != null) pending.add(sql.getNextException());
      }
      if (t.getCause() != null) pending.add(t.getCause());
    }
    return states.stream();
  }

  /** Fails a job; for an append, also the later appends of its center in its epoch (decided on top of it). */
  private void fail(Job job, RuntimeException why) {
    if (job instanceof Append a) {
      lastSeq.remove(a.center());
      if (a.epoch() != NO_EPOCH) fencedEpoch.merge(a.center(), a.epoch(), Math::max);
    }
    job.done().completeExceptionally(why);
  }

  /**
   * Runs one work in its own savepoint; its completion waits for the commit. A refused work fails alone; any other
   * database error (a transaction the database aborted, so the whole one is tried again) is thrown on.
   */
  private <T> Optional<Runnable> work(Connection c, Work<T> w) throws SQLException {
    Savepoint sp = c.setSavepoint();
    try {
      T result = w.run(c);
      c.releaseSavepoint(sp);
      return Optional.of(() -> w.done().complete(result));
    } catch (SQLException | RuntimeException e) {
      c.rollback(sp);
      if (e instanceof SQLException sql && !isConstraintViolation(sql)) throw sql;
      w.done().completeExceptionally(e);
      return Optional.empty();
    }
  }

  private void observe(int appends) {
    try {
      batchObserver.accept(appends);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "batch observer failed", e);
    }
  }

  private static final String INSERT_EVENT =
      "INSERT INTO events (center, seq, at_ms, type, payload) VALUES (?, ?, ?, ?, ?)";

  private void insert(Connection c, Append a) throws SQLException {
    PreparedStatement ps = statements.get(INSERT_EVENT);
    for (Recorded r : a.events()) {
      ps.setString(1, a.center());
      ps.setLong(2, r.seq());
      ps.setLong(3, r.event().at().toEpochMilli());
      ps.setString(4, codec.typeOf(r.event()));
      ps.setString(5, codec.encode(r.event()));
      ps.addBatch();
    }
    ps.executeBatch();
    for (Recorded r : a.events()) {
      projection.apply(statements, a.center(), r);
      settingsProjection.apply(c, a.center(), r);
    }
  }

  private long lastSeq(Connection c, String center) throws SQLException {
    Long known = lastSeq.get(center);
    if (known != null) return known;
    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM events WHERE center = ?")) {
      ps.setString(1, center);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long seq = rs.getLong(1);
        lastSeq.put(center, seq);
        return seq;
      }
    }
  }

  private static boolean isConstraintViolation(SQLException e) {
    // 23xxx is integrity constraint violation (PostgreSQL, standard; in a JDBC batch it may sit in the next
    // exception); SQLite's driver reports error code 19.
    return sqlStates(e).anyMatch(state -> state.startsWith("23")) || e.getErrorCode() == 19
        || String.valueOf(e.getMessage()).contains("SQLITE_CONSTRAINT");
  }

  private Connection writeConnection() throws SQLException {
    if (writeConnection == null || writeConnection.isClosed()) {
      if (statements != null) statements.clear();
      writeConnection = connections.open();
      writeConnection.setAutoCommit(false);
      statements = new Statements(writeConnection);
    }
    return writeConnection;
  }

  private void rollbackQuietly() {
    try {
      if (writeConnection != null) writeConnection.rollback();
    } catch (SQLException e) {
      // SQLite rolls a transaction back itself on SQLITE_FULL or SQLITE_IOERR ("no transaction is active"); a fresh
      // connection is the safe state either way.
      LOG.warning("rollback failed (" + e.getMessage() + "); reopening the connection");
      if (statements != null) statements.clear();
      closeQuietly(writeConnection);
      writeConnection = null;
    }
  }

  // ---- reads ----

  @Override
  public List<Recorded> loadCurrentDay(String center) {
    return read(c -> {
      long from = 0;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COALESCE(MAX(seq), 1) FROM events WHERE center = ? AND type = 'DayOpened'")) {
        ps.setString(1, center);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          from = rs.getLong(1) - 1;
        }
      }
      return events(c, center, from);
    });
  }

  @Override
  public List<Recorded> loadAfter(String center, long seq) {
    return read(c -> events(c, center, seq));
  }

  private List<Recorded> events(Connection c, String center, long afterSeq) throws SQLException {
    List<Recorded> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, type, payload FROM events WHERE center = ? AND seq > ? ORDER BY seq")) {
      ps.setString(1, center);
      ps.setLong(2, afterSeq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Event e = codec.decode(rs.getString(2), rs.getString(3));
          out.add(new Recorded(rs.getLong(1), e));
        }
      }
    }
    return out;
  }

  private static final String ROW_COLUMNS = """
      id, day, number, field, priority, priority_group, purpose, status, issued_at, called_at, counter, clerk,
      outcome, transferred_from, rating, wait_ms, service_ms, rating_reason""";

  @Override
  public List<TicketRow> tickets(String center, LocalDate from, LocalDate to) {
    return read(c -> {
      List<TicketRow> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS
          + " FROM tickets WHERE center = ? AND day >= ? AND day <= ? ORDER BY issued_at, id")) {
        ps.setString(1, center);
        ps.setString(2, from.toString());
        ps.setString(3, to.toString());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) rows.add(row(rs));
        }
      }
      return rows;
    });
  }

  @Override
  public Optional<TicketRow> ticketByTrackToken(String center, String trackToken) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS
          + " FROM tickets WHERE track_token = ? AND center = ? ORDER BY last_seq DESC LIMIT 1")) {
        ps.setString(1, trackToken);
        ps.setString(2, center);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
      }
    });
  }

  private static TicketRow row(ResultSet rs) throws SQLException {
    return new TicketRow(rs.getString(1), LocalDate.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
        rs.getInt(5) == 1, rs.getString(6), rs.getString(7), rs.getString(8),
        Instant.ofEpochMilli(rs.getLong(9)), instant(rs, 10), rs.getString(11), rs.getString(12),
        rs.getString(13), rs.getString(14), integer(rs, 15), longOrNull(rs, 16), longOrNull(rs, 17),
        rs.getString(18));
  }

  @Override
  public boolean healthy() {
    try {
      return read(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      });
    } catch (JournalUnavailableException e) {
      return false;
    }
  }

  @Override
  public Optional<StorageFailure> writeFailure() {
    return Optional.ofNullable(writeFailure);
  }

  /**
   * The secret shared by every writer of this database under that name: the one stored, or else the one offered,
   * stored now (the first node to ask wins; the others read its). Blocking.
   */
  public String sharedSecret(String name, java.util.function.Supplier<String> offer) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO cluster_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
        ps.setString(1, name);
        ps.setString(2, offer.get());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT value FROM cluster_secrets WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
  }

  @Override
  public Optional<CenterSettings> settingsBefore(String center, long seq) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT body FROM center_settings WHERE center = ? AND seq < ? ORDER BY seq DESC LIMIT 1")) {
        ps.setString(1, center);
        ps.setLong(2, seq);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(codec.decodeSettings(rs.getString(1))) : Optional.empty();
        }
      }
    });
  }

  /** Runs a read on the read connection (one at a time), once more on a fresh connection if it was lost. Blocking. */
  public <T> T read(SqlWork<T> read) {
    synchronized (readLock) {
      for (int attempt = 1; ; attempt++) {
        try {
          if (readConnection == null || readConnection.isClosed()) readConnection = connections.open();
          return read.run(readConnection);
        } catch (SQLException e) {
          boolean lost = isConnectionLost(e);
          closeQuietly(readConnection);
          readConnection = null;
          // A connection the database dropped (restart, failover, idle cut) is worth one more try on a fresh one.
          if (!lost || attempt >= 2) throw new JournalUnavailableException("read failed: " + e.getMessage(), e);
        }
      }
    }
  }

  /** SQLState class 08 is a connection exception (standard; PostgreSQL reports 08006, 08003, 08001…). */
  private static boolean isConnectionLost(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static Long longOrNull(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  private static Integer integer(ResultSet rs, int col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (statements != null) statements.clear();
    closeQuietly(writeConnection);
    synchronized (readLock) {
      closeQuietly(readConnection);
    }
    connections.close();
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection: nothing more to do
    }
  }
}
