package vn.luot.server.engine;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.journal.Journal;

/**
 * Runs one engine per center and is how the rest of the server reaches them. A single node starts every center's
 * engine at boot and keeps it; a cluster node starts a center's engine on its first use (so a node serving some of
 * many centers holds only those) and stops it once it has been idle for a while, unless screens are following it.
 */
public final class Engines {
  private static final Logger LOG = Logger.getLogger(Engines.class.getName());
  /** How long a caller waits for an engine's answer before a 503. */
  static final long CALL_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  /** Each center as the config file describes it, in configured order: what its engine starts from. */
  private final Map<String, CenterConfig> configured = new LinkedHashMap<>();
  /** Each center's current config (settings change live), as its engine, or another node's, last told it. */
  private final Map<String, CenterConfig> centers = new ConcurrentHashMap<>();
  /** The seq each current config is known as of: an older one (a stopping engine, a late hint) never wins. */
  private final Map<String, Long> knownAt = new java.util.HashMap<>();
  private final Journal journal;
  private final Clock clock;
  private final EventSink sink;
  private final Replication replication;
  /** Null: every engine runs from boot to shutdown. */
  private final Duration idleStop;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  /** Per center, the screens and kiosk agents following it on this node: their engine is kept running. */
  private final Map<String, AtomicInteger> followers = new ConcurrentHashMap<>();

  /**
   * A center's engine on this node, and the calls being made to it now. An idle engine is stopped only while no call
   * holds it, and a stopping one is never held again: a call either holds its engine until answered, or finds it
   * stopping and goes to the center's next engine. (Let a call reach an engine as it stops, or wait in it for a
   * catch-up, and it is refused with a 503.)
   */
  private static final class Running {
    private static final int STOPPING = -1;
    private final CenterEngine engine;
    private final Future<String> deployment;
    /** How many calls hold the engine, or STOPPING. */
    private final AtomicInteger calls = new AtomicInteger();

    Running(CenterEngine engine, Future<String> deployment) {
      this.engine = engine;
      this.deployment = deployment;
    }

    /** Holds the engine for one call, until {@link #release()}; false once it is stopping. */
    boolean hold() {
      for (int n = calls.get(); n != STOPPING; n = calls.get()) {
        if (calls.compareAndSet(n, n + 1)) return true;
      }
      return false;
    }

    void release() {
      calls.decrementAndGet();
    }

    /** Marks the engine stopping, if no call holds it. */
    boolean stopIfUnheld() {
      return calls.compareAndSet(0, STOPPING);
    }
  }

  private Engines(Vertx vertx, List<CenterConfig> configs, Journal journal, Clock clock, EventSink sink,
                  Replication replication, Duration idleStop) {
    this.vertx = vertx;
    for (CenterConfig c : configs) {
      configured.put(c.id(), c);
      centers.put(c.id(), c);
    }
    this.journal = journal;
    this.clock = clock;
    this.sink = sink;
    this.replication = replication;
    this.idleStop = idleStop;
  }

  /** Deploys an engine for each center; completes when all are loaded and listening. */
  public static Future<Engines> deploy(Vertx vertx, List<CenterConfig> configs, Journal journal, Clock clock,
                                       EventSink sink) {
    Engines engines = new Engines(vertx, configs, journal, clock, sink, Replication.NONE, null);
    List<Future<Running>> deployed = new ArrayList<>();
    for (CenterConfig c : configs) deployed.add(engines.started(c.id()));
    return Future.all(deployed).map(engines);
  }

  /**
   * Engines started on first use and stopped after {@code idleStop} without a call (checked a few times per period),
   * learning other nodes' appends through {@code replication}.
   */
  public static Engines lazy(Vertx vertx, List<CenterConfig> configs, Journal journal, Clock clock, EventSink sink,
                             Replication replication, Duration idleStop) {
    Engines engines = new Engines(vertx, configs, journal, clock, sink, replication, idleStop);
    // Requests are checked against a center's config before its engine runs here: follow every center's settings
    // changes, wherever they are made, so that check is never made against stale settings.
    for (CenterConfig c : configs) {
      replication.listen(c.id(), events -> {
        for (Recorded r : events) {
          if (r.event() instanceof Event.SettingsChanged changed) {
            engines.seen(c.withSettings(changed.settings()), r.seq());
          }
        }
      });
    }
    long sweep = Math.max(1_000, idleStop.toMillis() / 4);
    vertx.setPeriodic(sweep, sweep, id -> engines.stopIdle());
    return engines;
  }

  /** The center's engine, deployed now if it is not running; completes once it is loaded and listening. */
  private Future<Running> started(String center) {
    Running r = running.computeIfAbsent(center, this::deploy);
    return r.deployment.map(id -> r);
  }

  private Running deploy(String center) {
    CenterEngine engine = new CenterEngine(configured.get(center), journal, clock, sink, replication, this::seen);
    Running r = new Running(engine, vertx.deployVerticle(engine, new DeploymentOptions()));
    r.deployment.onFailure(e -> running.remove(center, r));
    return r;
  }

  /** How many centers have an engine running on this node now. */
  public int running() {
    return running.size();
  }

  /** A screen or kiosk agent on this node follows the center: keep its engine running (events reach it). */
  public void follow(String center) {
    followers.computeIfAbsent(center, c -> new AtomicInteger()).incrementAndGet();
  }

  public void unfollow(String center) {
    AtomicInteger n = followers.get(center);
    if (n != null) n.decrementAndGet();
  }

  void stopIdle() {
    long now = System.currentTimeMillis();
    for (Map.Entry<String, Running> e : running.entrySet()) {
      String center = e.getKey();
      Running r = e.getValue();
      AtomicInteger following = followers.get(center);
      if ((following != null && following.get() > 0) || !r.deployment.succeeded()
          || now - r.engine.lastActive() < idleStop.toMillis()) {
        continue;
      }
      if (r.stopIfUnheld()) {
        running.remove(center, r);
        LOG.fine("stopping the idle engine of " + center);
        vertx.undeploy(r.deployment.result());
      }
    }
  }

  /**
   * A center's config as of a seq (from its engine, another node's hint, or the stored settings at start): read by
   * any event loop, so a settings change shows everywhere.
   */
  public synchronized void seen(CenterConfig config, long seq) {
    if (seq < knownAt.getOrDefault(config.id(), Long.MIN_VALUE)) return;
    knownAt.put(config.id(), seq);
    centers.put(config.id(), config);
  }

  /** A center's current config (its settings as of the last durable change this node has seen). */
  public Optional<CenterConfig> center(String id) {
    return Optional.ofNullable(id == null ? null : centers.get(id));
  }

  /** Every center's current config, in configured order. */
  public List<CenterConfig> centers() {
    return configured.keySet().stream().map(centers::get).toList();
  }

  /** Decides and journals a command at a center; fails with {@link EngineUnavailableException} when it cannot. */
  public Future<CommandResult> execute(String center, Command command) {
    return call(center, new EngineCall.Execute(command)).map(CommandResult.class::cast);
  }

  /** Runs a reader against the center's durable state on the engine's context. */
  public <T> Future<T> read(String center, Function<CenterState, T> reader) {
    return call(center, new EngineCall.Read(reader)).map(v -> {
      @SuppressWarnings("unchecked") T t = (T) v;
      return t;
    });
  }

  private Future<Object> call(String center, EngineCall call) {
    if (idleStop == null) return request(center, running.get(center), call);
    // A lazy engine: started on first use, and held until the call is answered. One found stopping takes no more
    // calls: this one goes to the center's next engine (started for it, unless another call did first; a fresh
    // engine is not idle, so this goes round once).
    return startedOrUnavailable(center).compose(r -> {
      if (!r.hold()) {
        running.remove(center, r);
        return call(center, call);
      }
      return request(center, r, call).onComplete(ar -> r.release());
    });
  }

  /** An engine that cannot load (the database is down) is a 503 for the caller, as any engine failure is. */
  private Future<Running> startedOrUnavailable(String center) {
    return started(center).recover(e -> Future.failedFuture(e instanceof EngineUnavailableException ? e
        : new EngineUnavailableException("engine of " + center + " could not start: " + e.getMessage())));
  }

  private Future<Object> request(String center, Running r, EngineCall call) {
    if (r == null || !r.deployment.succeeded()) return Future.failedFuture(notAnswering(center));
    // The answer is handed over on the caller's context, as an event-bus reply was; a call the engine leaves
    // unanswered (storage hung) fails after CALL_TIMEOUT_MS instead of holding its request forever.
    Context caller = vertx.getOrCreateContext();
    Promise<Object> answer = Promise.promise();
    long timer = vertx.setTimer(CALL_TIMEOUT_MS, id -> answer.tryFail(notAnswering(center)));
    r.engine.call(call, ar -> caller.runOnContext(v -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) answer.tryComplete(ar.result());
      else answer.tryFail(ar.cause());
    }));
    return answer.future();
  }

  private static EngineUnavailableException notAnswering(String center) {
    return new EngineUnavailableException("engine of " + center + " did not answer");
  }
}
