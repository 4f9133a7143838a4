package vn.luot.server.engine;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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

/**
 * Runs one center's queue on one Vert.x context, so its state has exactly one owner. A command is decided against
 * the state including appends still in flight (so commands pipeline), journaled, and answered only once durable;
 * then its events go to the sink in seq order. If storage fails, every command in flight fails with it and the
 * engine reloads its state from the journal before taking more.
 */
public final class CenterEngine extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(CenterEngine.class.getName());

  /** Commands decided and waiting for the journal, at most; beyond it storage is stalled and commands are refused. */
  static final int MAX_IN_FLIGHT = 4096;

  /** The center as the config file describes it; stored settings, when any, replace its settings. */
  private final CenterConfig config;
  private final Journal journal;
  private final Consumer<CenterConfig> configListener;
  private final Clock clock;
  private final EventSink sink;

  /** Includes events not yet durable: what the next command is decided against. */
  private CenterState decided;
  /** Only durable events: what anyone reading sees. */
  private CenterState durable;
  /** Completes when every append so far is durable and applied; each new one chains on it, keeping seq order. */
  private Future<Void> tail = Future.succeededFuture();
  private int inFlight;
  private boolean broken;
  private boolean reloading;
  private long rolloverTimer = -1;

  public CenterEngine(CenterConfig config, Journal journal, Clock clock, EventSink sink) {
    this(config, journal, clock, sink, c -> {});
  }

  /** @param configListener told the center's config on start and after each settings change, on the engine's context */
  public CenterEngine(CenterConfig config, Journal journal, Clock clock, EventSink sink,
                      Consumer<CenterConfig> configListener) {
    this.config = config;
    this.configListener = configListener;
    this.journal = journal;
    this.clock = clock;
    this.sink = sink;
  }

  public static String address(String center) {
    return "luot.engine." + center;
  }

  @Override
  public Future<?> start() {
    return reload()
        .compose(v -> vertx.eventBus().<EngineCall>localConsumer(address(config.id()), this::onCall).completion())
        .onSuccess(v -> scheduleRollover());
  }

  @Override
  public Future<?> stop() {
    if (rolloverTimer >= 0) vertx.cancelTimer(rolloverTimer);
    return tail.recover(e -> Future.succeededFuture());
  }

  private void onCall(Message<EngineCall> message) {
    EngineCall call = message.body();
    if (call instanceof EngineCall.Read r) {
      try {
        message.reply(new EngineCall.Reply(r.reader().apply(durable)));
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "a read of center " + config.id() + " failed", e);
        message.fail(500, "read failed");
      }
    } else if (call instanceof EngineCall.Execute x) {
      execute(x.command()).onComplete(ar -> {
        if (ar.succeeded()) message.reply(new EngineCall.Reply(ar.result()));
        else message.fail(503, ar.cause().getMessage());
      });
    }
  }

  /** Decides, journals and answers one command. Runs on the engine's context. */
  Future<CommandResult> execute(Command command) {
    if (broken || reloading) {
      reloadWhenIdle();
      return Future.failedFuture(new EngineUnavailableException("journal unavailable; reloading"));
    }
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
    Future<Void> appended = Future.fromCompletionStage(journal.append(config.id(), recorded), context);
    inFlight++;
    Future<Void> previous = tail;
    Future<Void> mine = previous.compose(v -> appended).onSuccess(v -> publish(recorded));
    tail = mine;
    return mine.transform(ar -> {
      inFlight--;
      if (ar.failed()) {
        broken = true;
        reloadWhenIdle();
        return Future.failedFuture(new EngineUnavailableException("journal unavailable: " + ar.cause().getMessage()));
      }
      return Future.succeededFuture(result(accepted, recorded.isEmpty()));
    });
  }

  /** Milliseconds are what the journal keeps, so the state decides with no finer time than it will reload. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void publish(List<Recorded> recorded) {
    for (Recorded r : recorded) {
      durable.apply(r);
      if (r.event() instanceof Event.SettingsChanged) tellConfig(durable.config());
      try {
        sink.published(config.id(), r, durable);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "event sink failed on seq " + r.seq(), e);
      }
    }
  }

  private CommandResult result(Decision.Accepted accepted, boolean replay) {
    Ticket ticket = durable.ticket(accepted.ticketId()).orElse(null);
    int ahead = ticket == null ? 0 : durable.ahead(ticket);
    return new CommandResult(null, replay, ticket, ahead, ticket == null ? 0 : durable.estimatedWaitMinutes(ticket, ahead),
        durable.counter(accepted.counter()).orElse(null));
  }

  /** After a failed append, rebuild both states from what the journal really holds, once nothing is in flight. */
  private void reloadWhenIdle() {
    if (!broken || reloading || inFlight > 0) return;
    reload().onComplete(ar -> {
      if (ar.failed()) LOG.log(Level.WARNING, "reload of center " + config.id() + " failed; will retry", ar.cause());
    });
  }

  private Future<Void> reload() {
    reloading = true;
    return vertx.executeBlocking(() -> {
          List<Recorded> events = journal.loadCurrentDay(config.id());
          // Only today is replayed: the settings it starts from are those the last change before today left.
          long first = events.isEmpty() ? Long.MAX_VALUE : events.get(0).seq();
          CenterConfig start = journal.settingsBefore(config.id(), first).map(config::withSettings).orElse(config);
          return new Loaded(start, events);
        })
        .map(loaded -> {
          decided = CenterState.replay(loaded.start(), loaded.events());
          durable = CenterState.replay(loaded.start(), loaded.events());
          tail = Future.succeededFuture();
          broken = false;
          tellConfig(durable.config());
          return (Void) null;
        })
        .onComplete(ar -> reloading = false);
  }

  private record Loaded(CenterConfig start, List<Recorded> events) {}

  private void tellConfig(CenterConfig current) {
    try {
      configListener.accept(current);
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
