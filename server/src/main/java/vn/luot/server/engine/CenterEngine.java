package vn.luot.server.engine;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.Decider;
import vn.luot.server.domain.Decision;
import vn.luot.server.domain.Ticket;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.journal.Journal;
import vn.luot.server.journal.SeqConflictException;

/**
 * Runs one center's queue on one Vert.x context, so its state has exactly one owner. A command is decided against
 * the state including appends still in flight (so commands pipeline), journaled, and answered only once durable;
 * then its events go to the sink in seq order. If storage fails, every command in flight fails with it and the
 * engine reloads its state from the journal before taking more.
 *
 * <p>In a cluster every node runs its own engine for a center it serves, all appending to one journal. An append
 * that loses the race for a seq (the journal's key refuses it) is not an error for the caller: the engine catches up
 * from the journal and decides the command again, a bounded number of times. Events other nodes appended arrive as
 * hints ({@link Replication}); one that follows on is applied at once, any other makes the engine catch up from the
 * journal. Either way the sink sees every event in seq order, so screens on every node miss nothing.
 */
public final class CenterEngine extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(CenterEngine.class.getName());

  /** Commands decided and waiting for the journal, at most; beyond it storage is stalled and commands are refused. */
  static final int MAX_IN_FLIGHT = 4096;
  /** Decisions of one command, at most, when its appends keep losing the race for a seq to other nodes. */
  static final int MAX_ATTEMPTS = 10;

  /** A command to decide (again) once the engine has caught up with the journal. */
  private record Waiting(Command command, io.vertx.core.Promise<CommandResult> answer, int attempt) {}

  /**
   * Runs a blocking journal read off the event loop and answers on the engine's context. Vert.x's worker pool may
   * answer at once: when the read has ended before a handler is attached, the handler runs right away.
   */
  interface Reads {
    <T> Future<T> run(Callable<T> read);
  }

  /** The center as the config file describes it; stored settings, when any, replace its settings. */
  private final CenterConfig config;
  private final Journal journal;
  private final ConfigListener configListener;

  /** Told the center's config, and the seq it is current as of, on start and after each settings change. */
  public interface ConfigListener {
    void seen(CenterConfig config, long seq);
  }
  private final Clock clock;
  private final EventSink sink;
  private final Replication replication;
  /** Null until deployed: then Vert.x's worker pool, unless given. */
  private Reads reads;

  /** Includes events not yet durable: what the next command is decided against. */
  private CenterState decided;
  /** Only durable events: what anyone reading sees. */
  private CenterState durable;
  /** Completes when every append so far is durable and applied; each new one chains on it, keeping seq order. */
  private Future<Void> tail = Future.succeededFuture();
  private int inFlight;
  private boolean broken;
  private boolean reloading;
  /** The journal holds events this engine has not applied: commands wait until it has caught up. */
  private boolean behind;
  /** The newest seq other nodes said they appended. */
  private long newestHinted;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  /** The durable events of the current day, from its DayOpened on: decided is rebuilt from them without a read. */
  private final List<Recorded> today = new ArrayList<>();
  /** The config in force when the current day opened: what {@link #today} is replayed from. */
  private CenterConfig todayStart;
  /** Taken anew at each (re)load: once an append fails, the journal refuses the others decided in the same epoch. */
  private long epoch = Journal.NO_EPOCH;
  private Runnable stopListening = () -> {};
  /** Whether calls are taken: from the end of the first load until stop. Only touched on the engine's context. */
  private boolean listening;
  private long rolloverTimer = -1;
  private long checkTimer = -1;
  private boolean checking;
  /** When a call or an event last reached the engine (System.currentTimeMillis), for stopping idle engines. */
  private volatile long lastActive = System.currentTimeMillis();

  public CenterEngine(CenterConfig config, Journal journal, Clock clock, EventSink sink) {
    this(config, journal, clock, sink, Replication.NONE, (c, seq) -> {});
  }

  /** @param configListener told the center's config on start and after each settings change, on the engine's context */
  public CenterEngine(CenterConfig config, Journal journal, Clock clock, EventSink sink, Replication replication,
                      ConfigListener configListener) {
    this(config, journal, clock, sink, replication, configListener, null);
  }

  /** @param reads how the blocking journal reads run; null for Vert.x's worker pool */
  CenterEngine(CenterConfig config, Journal journal, Clock clock, EventSink sink, Replication replication,
               ConfigListener configListener, Reads reads) {
    this.reads = reads;
    this.config = config;
    this.configListener = configListener;
    this.journal = journal;
    this.clock = clock;
    this.sink = sink;
    this.replication = replication;
  }

  @Override
  public Future<?> start() {
    if (reads == null) reads = vertx::executeBlocking;
    // Listen before loading, so no append of another node falls between the load and the first hint.
    return replication.listen(config.id(), this::onOthersAppended)
        .compose(stop -> {
          stopListening = stop;
          return reload();
        })
        .onSuccess(v -> {
          listening = true;
          reloadWhenIdle();
          scheduleRollover();
          long every = replication.checkJournalMillis();
          if (every > 0) checkTimer = vertx.setPeriodic(every, every, id -> checkJournal());
        });
  }

  @Override
  public Future<?> stop() {
    listening = false;
    if (rolloverTimer >= 0) vertx.cancelTimer(rolloverTimer);
    if (checkTimer >= 0) vertx.cancelTimer(checkTimer);
    stopListening.run();
    for (Waiting w; (w = waiting.poll()) != null; ) w.answer().tryFail(new EngineUnavailableException("center stopping"));
    return tail.recover(e -> Future.succeededFuture());
  }

  /** Milliseconds since the epoch when a call or event last reached this engine. */
  long lastActive() {
    return lastActive;
  }

  /**
   * Runs a call on the engine's context; {@code answer} is told there. Objects pass by reference, with no event-bus
   * message, codec, reply address or metrics per call: this is the path of every ticket issued.
   */
  void call(EngineCall call, Handler<AsyncResult<Object>> answer) {
    context.runOnContext(v -> onCall(call, answer));
  }

  private void onCall(EngineCall call, Handler<AsyncResult<Object>> answer) {
    if (!listening) {
      // Not loaded yet, or stopping (an idle engine in a cluster): as if nobody were there. Engines calls neither (it
      // stops only an engine no call holds), so this only guards against a caller that does.
      answer.handle(Future.failedFuture(
          new EngineUnavailableException("engine of " + config.id() + " did not answer")));
      return;
    }
    lastActive = System.currentTimeMillis();
    if (call instanceof EngineCall.Read r) {
      Object value;
      try {
        value = r.reader().apply(durable);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "a read of center " + config.id() + " failed", e);
        answer.handle(Future.failedFuture(new EngineUnavailableException("read failed")));
        return;
      }
      answer.handle(Future.succeededFuture(value));
    } else if (call instanceof EngineCall.Execute x) {
      execute(x.command()).onComplete(ar -> answer.handle(ar.succeeded() ? Future.succeededFuture(ar.result())
          : Future.failedFuture(new EngineUnavailableException(ar.cause().getMessage()))));
    }
  }

  /** Decides, journals and answers one command. Runs on the engine's context. */
  Future<CommandResult> execute(Command command) {
    io.vertx.core.Promise<CommandResult> answer = io.vertx.core.Promise.promise();
    attempt(command, answer, 1);
    return answer.future();
  }

  private void attempt(Command command, io.vertx.core.Promise<CommandResult> answer, int attempt) {
    if (broken || (reloading && !behind)) {
      reloadWhenIdle();
      answer.fail(new EngineUnavailableException("journal unavailable; reloading"));
      return;
    }
    if (behind) {
      // Another node appended first: this command is decided once the engine has caught up, not refused.
      if (waiting.size() >= MAX_IN_FLIGHT) {
        answer.fail(new EngineUnavailableException("center busy catching up; " + waiting.size() + " commands waiting"));
      } else {
        waiting.add(new Waiting(command, answer, attempt));
        reloadWhenIdle();
      }
      return;
    }
    decide(command, attempt).onComplete(ar -> {
      if (ar.succeeded()) {
        answer.complete(ar.result());
      } else if (!isConflict(ar.cause())) {
        answer.fail(ar.cause());
      } else {
        if (attempt < MAX_ATTEMPTS) {
          waiting.add(new Waiting(command, answer, attempt + 1));
        } else {
          answer.fail(new EngineUnavailableException("other nodes kept taking the next seq; try again"));
        }
        // Queued first, caught up after: a catch-up whose read has already ended completes at once (see Reads) and
        // decides only what waits by then. Started before the command was queued, it would leave it waiting with
        // nothing left to decide it, until the caller gave up after Engines.CALL_TIMEOUT_MS with a 503.
        reloadWhenIdle();
      }
    });
  }

  private static boolean isConflict(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof SeqConflictException;
  }

  /** One decision of a command: fails with SeqConflictException if its append (or one before it) lost its seq. */
  private Future<CommandResult> decide(Command command, int attempt) {
    if (inFlight >= MAX_IN_FLIGHT) {
      // Storage has stalled: refuse at once rather than queue without bound (nothing is decided or written).
      return Future.failedFuture(new EngineUnavailableException("journal too slow; " + inFlight + " commands waiting"));
    }
    Decision decision;
    try {
      decision = Decider.decide(decided, command, now());
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "decider failed on " + command, e);
      return Future.failedFuture(new EngineUnavailableException("internal error deciding the command"));
    }
    if (decision instanceof Decision.Rejected r) {
      return Future.succeededFuture(CommandResult.rejected(r.rejection()));
    }
    Decision.Accepted accepted = (Decision.Accepted) decision;
    List<Recorded> recorded = new ArrayList<>(accepted.events().size());
    try {
      for (Event e : accepted.events()) {
        Recorded r = new Recorded(decided.seq() + 1, e);
        decided.apply(r);
        recorded.add(r);
      }
    } catch (RuntimeException e) {
      // A fold that throws is a bug; the decided state may be half-updated, so rebuild it from the journal.
      LOG.log(Level.SEVERE, "applying the events of " + command + " failed", e);
      broken = true;
      reloadWhenIdle();
      return Future.failedFuture(new EngineUnavailableException("internal error applying the command"));
    }
    Future<Void> appended = Future.fromCompletionStage(journal.append(config.id(), recorded, epoch), context);
    inFlight++;
    Future<Void> previous = tail;
    Future<Void> mine = previous.compose(v -> appended).onSuccess(v -> {
      publish(recorded);
      replication.appended(config.id(), recorded);
    });
    tail = mine;
    return mine.transform(ar -> {
      inFlight--;
      if (ar.failed()) {
        if (isConflict(ar.cause())) {
          // decided holds the lost events; the catch-up rebuilds it. The caller queues the command to be decided
          // again and then starts the catch-up (see attempt).
          behind = true;
          return Future.failedFuture(ar.cause());
        }
        broken = true;
        reloadWhenIdle();
        return Future.failedFuture(new EngineUnavailableException("journal unavailable: " + ar.cause().getMessage()));
      }
      reloadWhenIdle();
      return Future.succeededFuture(result(accepted, recorded.isEmpty()));
    });
  }

  /** Reads what the journal holds beyond the durable state, as if it were a hint: a lost hint costs a delay only. */
  private void checkJournal() {
    if (checking || reloading || inFlight > 0) return;
    if (broken || behind) {
      // A failed load, or a hint newer than the last load: try again now, even with no command to carry it.
      reloadWhenIdle();
      return;
    }
    checking = true;
    long after = durable.seq();
    reads.run(() -> journal.loadAfter(config.id(), after)).onComplete(ar -> {
      checking = false;
      if (ar.succeeded() && durable.seq() == after) onOthersAppended(ar.result());
    });
  }

  /**
   * Events another node made durable. If they follow on and nothing of this node is in flight, they are applied at
   * once; otherwise the engine catches up from the journal when idle (its own appends in flight will lose their
   * seqs, and their commands are decided again).
   */
  private void onOthersAppended(List<Recorded> events) {
    if (events.isEmpty()) return;
    newestHinted = Math.max(newestHinted, events.get(events.size() - 1).seq());
    if (durable == null || events.get(events.size() - 1).seq() <= durable.seq()) return;
    if (!broken && !behind && !reloading && inFlight == 0 && events.get(0).seq() == durable.seq() + 1
        && decided.seq() == durable.seq()) {
      try {
        for (Recorded r : events) decided.apply(r);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "applying events of another node to " + config.id() + " failed", e);
        broken = true;
        reloadWhenIdle();
        return;
      }
      publish(events);
      return;
    }
    behind = true;
    reloadWhenIdle();
  }

  /** Milliseconds are what the journal keeps, so the state decides with no finer time than it will reload. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void publish(List<Recorded> recorded) {
    for (Recorded r : recorded) {
      durable.apply(r);
      remember(r);
      if (r.event() instanceof Event.SettingsChanged) tellConfig();
      try {
        sink.published(config.id(), r, durable);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "event sink failed on seq " + r.seq(), e);
      }
    }
    try {
      sink.appendPublished(config.id());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event sink failed at the end of an append", e);
    }
  }

  /** Keeps the current day's durable events (as loadCurrentDay gives them), to rebuild the decided state from. */
  private void remember(Recorded r) {
    if (r.event() instanceof Event.DayOpened) {
      today.clear();
      todayStart = durable.config();
    }
    today.add(r);
  }

  private CommandResult result(Decision.Accepted accepted, boolean replay) {
    Ticket ticket = durable.ticket(accepted.ticketId()).orElse(null);
    int ahead = ticket == null ? 0 : durable.ahead(ticket);
    return new CommandResult(null, replay, ticket, ahead, ticket == null ? 0 : durable.estimatedWaitMinutes(ticket, ahead),
        durable.counter(accepted.counter()).orElse(null));
  }

  /**
   * After a failed or lost append, or when other nodes' events did not follow on, rebuild the states from what the
   * journal really holds once nothing is in flight, then decide the waiting commands again, in order.
   */
  private void reloadWhenIdle() {
    if (!(broken || behind) || reloading || inFlight > 0) return;
    reload().onComplete(ar -> {
      if (ar.failed()) {
        LOG.log(Level.WARNING, "reload of center " + config.id() + " failed; will retry", ar.cause());
        broken = true;
        behind = false;
      }
      List<Waiting> again = new ArrayList<>(waiting);
      waiting.clear();
      for (Waiting w : again) attempt(w.command(), w.answer(), w.attempt());
      // Still behind (a hint came during the load) and nothing waiting to carry a reload: catch up once more soon,
      // so an engine that only feeds screens does not stay behind until the next hint.
      if (ar.succeeded() && behind && waiting.isEmpty() && inFlight == 0) {
        vertx.setTimer(100, id -> reloadWhenIdle());
      }
    });
  }

  /**
   * Catches up: the durable state moves on through the events it missed, each published in order (so screens see
   * them), and the decided state is rebuilt from the day's durable events. The first load reads the whole day.
   */
  private Future<Void> reload() {
    reloading = true;
    // The first load reads the day; a catch-up reads only what came after the durable state (an indexed range).
    Long after = durable == null ? null : durable.seq();
    return reads.run(() -> after == null ? firstLoad() : new Loaded(null, journal.loadAfter(config.id(), after)))
        .map(loaded -> {
          if (after == null) {
            todayStart = loaded.start();
            durable = CenterState.replay(todayStart, loaded.events());
            today.clear();
            today.addAll(loaded.events());
          } else {
            publish(loaded.events());
          }
          decided = CenterState.replay(todayStart, today);
          tellConfig();
          epoch = journal.newEpoch();
          tail = Future.succeededFuture();
          broken = false;
          // A hint that came in during the load may name events the load did not see yet.
          behind = newestHinted > durable.seq();
          return (Void) null;
        })
        .onComplete(ar -> reloading = false);
  }

  /** The day's events and the settings they start from: those the last change before today left. Blocking. */
  private Loaded firstLoad() {
    List<Recorded> events = journal.loadCurrentDay(config.id());
    long first = events.isEmpty() ? Long.MAX_VALUE : events.get(0).seq();
    return new Loaded(journal.settingsBefore(config.id(), first).map(config::withSettings).orElse(config), events);
  }

  private record Loaded(CenterConfig start, List<Recorded> events) {}

  private void tellConfig() {
    try {
      configListener.seen(durable.config(), durable.seq());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "config listener failed", e);
    }
  }

  /** At each midnight in the center's zone the day rolls over, so screens and numbering start afresh unasked. */
  private void scheduleRollover() {
    execute(new Command.OpenDay()).onFailure(e -> LOG.warning("rollover of " + config.id() + " failed: " + e.getMessage()));
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(config.zone()));
    ZonedDateTime next = LocalDate.from(now).plusDays(1).atStartOfDay(config.zone()).plusSeconds(1);
    long delay = Math.max(1_000, Duration.between(Instant.from(now), Instant.from(next)).toMillis());
    rolloverTimer = vertx.setTimer(delay, id -> scheduleRollover());
  }
}
