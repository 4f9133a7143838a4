package vn.luot.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;
import vn.luot.server.admin.AdminService;
import vn.luot.server.admin.AdminStore;
import vn.luot.server.admin.JdbcAdminStore;
import vn.luot.server.admin.KioskDirectory;
import vn.luot.server.admin.KioskRecord;
import vn.luot.server.auth.AuthService;
import vn.luot.server.auth.UserAccount;
import vn.luot.server.auth.PasswordHasher;
import vn.luot.server.config.ServerConfig;
import vn.luot.server.engine.EventSink;
import vn.luot.server.engine.Engines;
import vn.luot.server.http.HttpVerticle;
import vn.luot.server.http.Services;
import vn.luot.server.push.KioskRegistry;
import vn.luot.server.http.ServerMetrics;
import vn.luot.server.journal.JdbcJournal;
import vn.luot.server.journal.Journal;
import vn.luot.server.journal.SqliteJournal;
import vn.luot.server.push.BusPublisher;

/**
 * A running Lượt server: its Vert.x, journal, engines and HTTP verticles, wired in one visible place. Started by
 * {@link Main} and, in-process on port 0, by tests.
 */
public final class LuotServer {
  private static final Logger LOG = Logger.getLogger(LuotServer.class.getName());
  static final String TOKEN_SECRET_FILE = "token-secret";

  private final Vertx vertx;
  private final Journal journal;
  private final int port;
  private final List<HttpVerticle> httpVerticles;

  private LuotServer(Vertx vertx, Journal journal, int port, List<HttpVerticle> httpVerticles) {
    this.vertx = vertx;
    this.journal = journal;
    this.port = port;
    this.httpVerticles = httpVerticles;
  }

  public static Future<LuotServer> start(ServerConfig config, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
            .setJvmMetricsEnabled(true)
            .setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    ServerMetrics metrics = new ServerMetrics(registry);
    PasswordHasher hasher = new PasswordHasher();
    return vertx.executeBlocking(() -> {
          JdbcJournal journal = SqliteJournal.open(config.dataDir(), metrics::journalBatch);
          String secret = config.tokenSecret() != null ? config.tokenSecret() : tokenSecret(config.dataDir());
          AdminStore store = new JdbcAdminStore(journal);
          try {
            // The config file seeds accounts and kiosks; once stored, the stored ones win (docs/OPERATIONS.md).
            store.seedAccounts(config.users(), clock.instant()).join();
            store.seedKiosks(seedKiosks(config), clock.instant()).join();
            return new Opened(journal, store, store.accounts(), store.kiosks(), secret, concretePort(config));
          } catch (RuntimeException e) {
            journal.close();
            throw e;
          }
        })
        .compose(opened -> {
          Journal journal = opened.journal();
          AuthService auth = new AuthService(vertx, opened.tokenSecret(), config.tokenTtl(), hasher, opened.accounts());
          KioskDirectory kiosks = new KioskDirectory();
          kiosks.replace(opened.kiosks());
          AdminService admin = new AdminService(vertx, opened.store(), auth, kiosks, clock);
          BusPublisher bus = new BusPublisher(vertx.eventBus());
          EventSink sinks = (center, recorded, after) -> {
            metrics.published(center, recorded, after);
            bus.published(center, recorded, after);
          };
          return Engines.deploy(vertx, config.centers(), journal, clock, sinks)
              .compose(engines -> deployHttp(vertx, config, opened.port(), engines, journal, auth, metrics, registry,
                  clock, kiosks, admin))
              .map(https -> new LuotServer(vertx, journal, https.get(0).actualPort(), https))
              .recover(e -> {
                journal.close();
                return Future.failedFuture(e);
              });
        })
        .recover(e -> {
          vertx.close();
          return Future.failedFuture(e);
        });
  }

  /** What the blocking part of the start opens: the journal, the stored accounts and kiosks, the token secret, the port. */
  private record Opened(JdbcJournal journal, AdminStore store, List<UserAccount> accounts, List<KioskRecord> kiosks,
                        String tokenSecret, int port) {}

  /** The config file's kiosks (or the demo kiosks), as rows to store if not stored yet. */
  private static List<KioskRecord> seedKiosks(ServerConfig config) {
    List<KioskRecord> out = new ArrayList<>();
    config.kioskKeys().forEach((center, keys) -> keys.forEach((id, key) ->
        out.add(new KioskRecord(center, id, null, KioskDirectory.hash(key), false))));
    return out;
  }

  /** One HTTP verticle per core, all on one port. */
  private static Future<List<HttpVerticle>> deployHttp(Vertx vertx, ServerConfig config, int port, Engines engines,
                                                       Journal journal, AuthService auth, ServerMetrics metrics,
                                                       PrometheusMeterRegistry registry, Clock clock,
                                                       KioskDirectory kiosks, AdminService admin) {
    Services services = new Services(engines, journal, auth, metrics, PrometheusScrapingHandler.create(registry),
        clock, new KioskRegistry(clock), kiosks, admin);
    int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    List<HttpVerticle> verticles = new ArrayList<>();
    Future<?> chain = Future.succeededFuture();
    for (int i = 0; i < instances; i++) {
      HttpVerticle next = new HttpVerticle(config.host(), port, services);
      verticles.add(next);
      chain = chain.compose(id -> vertx.deployVerticle(next, new DeploymentOptions()));
    }
    // A strong reference: a gauge holds its object weakly by default, and would read NaN after a garbage collection.
    io.micrometer.core.instrument.Gauge.builder("luot_websocket_clients", verticles,
            list -> list.stream().mapToInt(HttpVerticle::subscribers).sum())
        .description("WebSocket screens, counter displays and phones connected").strongReference(true)
        .register(metrics.registry());
    return chain.map(v -> verticles);
  }

  /**
   * Port 0 asks for any free port. Vert.x shares a listening port among verticle instances only when they name
   * the same concrete port, so pick the free port first.
   */
  private static int concretePort(ServerConfig config) throws IOException {
    if (config.port() != 0) return config.port();
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(config.host()))) {
      return probe.getLocalPort();
    }
  }

  /** Reads the token secret kept in the data folder, or makes one on first start. */
  static String tokenSecret(Path dataDir) throws IOException {
    Path file = dataDir.resolve(TOKEN_SECRET_FILE);
    if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Files.writeString(file, secret, StandardCharsets.UTF_8);
    LOG.info("made a new login token secret in " + file);
    return secret;
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Future<Void> close() {
    return vertx.close().onComplete(ar -> journal.close());
  }
}
