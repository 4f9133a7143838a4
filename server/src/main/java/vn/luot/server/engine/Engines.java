package vn.luot.server.engine;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.command.Command;
import vn.luot.server.journal.Journal;

/** Deploys one engine per center and is how the rest of the server reaches them. */
public final class Engines {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setSendTimeout(15_000);

  private final Vertx vertx;
  /** Center ids in configured order; the values are each center's current config (settings change live). */
  private final List<String> ids = new ArrayList<>();
  private final Map<String, CenterConfig> centers = new ConcurrentHashMap<>();

  private Engines(Vertx vertx, List<CenterConfig> configs) {
    this.vertx = vertx;
    for (CenterConfig c : configs) {
      ids.add(c.id());
      centers.put(c.id(), c);
    }
  }

  /** Registers the codecs and deploys an engine for each center; completes when all are loaded and listening. */
  public static Future<Engines> deploy(Vertx vertx, List<CenterConfig> configs, Journal journal, Clock clock,
                                       EventSink sink) {
    registerCodec(vertx, EngineCall.Execute.class);
    registerCodec(vertx, EngineCall.Read.class);
    registerCodec(vertx, EngineCall.Reply.class);
    Engines engines = new Engines(vertx, configs);
    List<Future<String>> deployed = new ArrayList<>();
    for (CenterConfig c : configs) {
      deployed.add(vertx.deployVerticle(new CenterEngine(c, journal, clock, sink, engines::current),
          new DeploymentOptions()));
    }
    return Future.all(deployed).map(engines);
  }

  private static <T> void registerCodec(Vertx vertx, Class<T> type) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // a second server in the same Vert.x (tests) shares the codecs
    }
  }

  /** The engine's durable config of a center: read by any event loop, so a settings change shows everywhere. */
  private void current(CenterConfig config) {
    centers.put(config.id(), config);
  }

  /** A center's current config (its settings as of the last durable change). */
  public Optional<CenterConfig> center(String id) {
    return Optional.ofNullable(id == null ? null : centers.get(id));
  }

  public List<CenterConfig> centers() {
    return ids.stream().map(centers::get).toList();
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
    return vertx.eventBus().<EngineCall.Reply>request(CenterEngine.address(center), call, LOCAL)
        .map(m -> m.body().value())
        .recover(e -> {
          if (e instanceof ReplyException r && r.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
            return Future.failedFuture(new EngineUnavailableException("engine of " + center + " did not answer"));
          }
          return Future.failedFuture(new EngineUnavailableException(e.getMessage()));
        });
  }
}
