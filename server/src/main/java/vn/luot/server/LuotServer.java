package vn.luot.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import vn.luot.server.admin.AdminService;
import vn.luot.server.admin.AdminStore;
import vn.luot.server.admin.JdbcAdminStore;
import vn.luot.server.admin.KioskDirectory;
import vn.luot.server.admin.KioskRecord;
import vn.luot.server.auth.AuthService;
import vn.luot.server.auth.UserAccount;
import vn.luot.server.auth.PasswordHasher;
import vn.luot.server.config.DemoAccounts;
import vn.luot.server.config.ServerConfig;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.CenterSettings;
import vn.luot.server.engine.EventSink;
import vn.luot.server.engine.Engines;
import vn.luot.server.http.HttpVerticle;
import vn.luot.server.http.Services;
import vn.luot.server.push.KioskRegistry;
import vn.luot.server.http.ServerMetrics;
import vn.luot.server.cluster.BusReplication;
import vn.luot.server.cluster.ClusterNode;
import vn.luot.server.config.ClusterSettings;
import vn.luot.server.journal.JdbcJournal;
import vn.luot.server.journal.Journal;
import vn.luot.server.journal.PostgresJournal;
import vn.luot.server.journal.SqliteJournal;
import vn.luot.server.push.BusPublisher;

/**
 * A running Lượt server: its Vert.x, journal, engines and HTTP verticles, wired in one visible place. Started by
 * {@link Main} and, in-process on port 0, by tests.
 */
public final class LuotServer {
  private static final Logger LOG = Logger.getLogger(LuotServer.class.getName());
  private static final AtomicInteger REGISTRY_NAMES = new AtomicInteger();
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
    ServerMetrics metrics = new ServerMetrics(registry);
    PasswordHasher hasher = new PasswordHasher();
    int port;
    try {
      port = concretePort(config);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    // The journal opens (schema migrations and all) on a thread of its own while Vert.x is built: the two are
    // independent, and on two cores the start is shorter by about the time Vert.x takes (docs/BENCHMARKS.md).
    CompletableFuture<Opened> opening = new CompletableFuture<>();
    Thread opener = new Thread(() -> {
      try {
        opening.complete(open(config, clock, metrics, hasher));
      } catch (Throwable e) {
        opening.completeExceptionally(e);
      }
    }, "luot-start-journal");
    opener.start(); // not a daemon: until Vert.x has work on its threads, this thread keeps the JVM running
    ClusterSettings cluster = config.cluster();
    // vertx-micrometer keeps its backends in a static map by registry name: under the shared default name, a second
    // server in the same JVM (tests, benchmarks, an embedding) would count its Vert.x meters into the first's
    // registry, and the first one's close would drop them. A name of its own keeps each server's meters in its own.
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setRegistryName("luot-" + REGISTRY_NAMES.incrementAndGet())
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setEnabled(true));
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
    if (!cluster.enabled()) {
      return start(builder.with(options).build(), null, config, port, clock, registry, metrics, hasher, opening);
    }
    ClusterNode node = new ClusterNode(cluster);
    return builder.with(ClusterNode.withEventBus(options, cluster)).withClusterManager(node.manager()).buildClustered()
        .onFailure(e -> opening.thenAccept(opened -> opened.journal().close()))
        .compose(vertx -> start(vertx, node, config, port, clock, registry, metrics, hasher, opening));
  }

  /**
   * Opens the journal and reads what the start needs from it: the stored accounts, kiosks and settings, the token
   * secret. Blocking; closes the journal again if any of it fails.
   */
  private static Opened open(ServerConfig config, Clock clock, ServerMetrics metrics, PasswordHasher hasher)
      throws IOException {
    ClusterSettings cluster = config.cluster();
    JdbcJournal journal = cluster.onPostgres()
        ? PostgresJournal.open(cluster.postgres(), metrics::journalBatch)
        : SqliteJournal.open(config.dataDir(), metrics::journalBatch);
    AdminStore store = new JdbcAdminStore(journal);
    try {
      // Every node of a cluster must sign and check tokens with one secret: the configured one, else the one
      // the first node stored in the shared database.
      String secret = config.tokenSecret() != null ? config.tokenSecret()
          : cluster.onPostgres() ? journal.sharedSecret(TOKEN_SECRET_FILE, LuotServer::newSecret)
          : tokenSecret(config.dataDir());
      // The config file seeds accounts and kiosks; once stored, the stored ones win (docs/OPERATIONS.md).
      seed(() -> store.seedAccounts(accountSeeds(config, store, hasher), clock.instant()));
      seed(() -> store.seedKiosks(seedKiosks(config), clock.instant()));
      // What admins stored last for each center, so requests are checked against it before its engine runs.
      Map<String, CenterSettings> stored = new HashMap<>();
      for (CenterConfig c : config.centers()) {
        journal.settingsBefore(c.id(), Long.MAX_VALUE).ifPresent(settings -> stored.put(c.id(), settings));
      }
      return new Opened(journal, store, store.accounts(), store.kiosks(), stored, secret);
    } catch (IOException | RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /** The config file's accounts, or the demo accounts not stored yet (on a restart none: no Argon2 hash to make). */
  private static List<UserAccount> accountSeeds(ServerConfig config, AdminStore store, PasswordHasher hasher) {
    if (!config.demoAccounts()) return config.users();
    Set<String> stored = store.accounts().stream().map(UserAccount::username).collect(Collectors.toSet());
    return DemoAccounts.missing(config.centers().get(0), name -> !stored.contains(name),
        () -> hasher.hash(config.demoPassword()));
  }

  /**
   * Opens the port at once, and makes ready behind it what the requests need: a request that comes meanwhile waits
   * (HttpVerticle#start). Completes once both are done.
   *
   * @param node    this node's cluster membership, or null for a single node
   * @param opening the journal opening on its own thread (see {@link #open})
   */
  private static Future<LuotServer> start(Vertx vertx, ClusterNode node, ServerConfig config, int port, Clock clock,
                                          PrometheusMeterRegistry registry, ServerMetrics metrics,
                                          PasswordHasher hasher, CompletableFuture<Opened> opening) {
    ClusterSettings cluster = config.cluster();
    Promise<Services> services = Promise.promise();
    Future<List<HttpVerticle>> listening = listen(vertx, config, port, services.future(), metrics);
    Future<Journal> ready = Future.fromCompletionStage(opening, vertx.getOrCreateContext())
        .compose(opened -> {
          Journal journal = opened.journal();
          AuthService auth = new AuthService(vertx, opened.tokenSecret(), config.tokenTtl(), hasher, opened.accounts());
          KioskDirectory kiosks = new KioskDirectory();
          kiosks.replace(opened.kiosks());
          AdminService admin = new AdminService(vertx, opened.store(), auth, kiosks, clock);
          BusPublisher bus = new BusPublisher(vertx.eventBus());
          EventSink sinks = EventSink.all(List.of(metrics, bus));
          Future<Engines> deployed = node == null
              ? Engines.deploy(vertx, config.centers(), journal, clock, sinks)
              : Future.succeededFuture(Engines.lazy(vertx, config.centers(), journal, clock, sinks,
                  new BusReplication(vertx, node.manager().getNodeId()), cluster.engineIdle()));
          Supplier<JsonObject> nodeStatus = node == null
              ? () -> new JsonObject().put("mode", "single").put("journal", cluster.onPostgres() ? "postgresql" : "sqlite")
              : () -> node.describe().put("journal", "postgresql");
          return deployed
              .onSuccess(engines -> opened.storedSettings().forEach((id, settings) ->
                  engines.center(id).ifPresent(c -> engines.seen(c.withSettings(settings), -1))))
              .map(engines -> {
                services.complete(new Services(engines, journal, auth, metrics, PrometheusScrapingHandler.create(registry),
                    clock, new KioskRegistry(clock), kiosks, admin, nodeStatus,
                    new vn.luot.server.http.AbuseGuard(config.limits(), System::nanoTime)));
                return journal;
              })
              .onFailure(e -> journal.close());
        })
        .onFailure(services::tryFail);
    // Both, whichever ends first: a journal opened for a port that could not be had is closed again.
    return Future.join(listening, ready)
        .map(v -> new LuotServer(vertx, ready.result(), listening.result().get(0).actualPort(), listening.result()))
        .recover(e -> {
          if (ready.succeeded()) ready.result().close();
          vertx.close();
          return Future.failedFuture(e);
        });
  }

  /** What the blocking part of the start opens: the journal, the stored accounts and kiosks, the token secret. */
  private record Opened(JdbcJournal journal, AdminStore store, List<UserAccount> accounts, List<KioskRecord> kiosks,
                        Map<String, CenterSettings> storedSettings, String tokenSecret) {}

  /**
   * Runs a seeding, twice if need be: nodes of a cluster starting together may race to insert the same rows, and the
   * loser (refused by the key, nothing written) finds the winner's rows on its second try. Blocking.
   */
  private static void seed(Supplier<java.util.concurrent.CompletableFuture<Void>> seeding) {
    try {
      seeding.get().join();
    } catch (java.util.concurrent.CompletionException lostRace) {
      seeding.get().join();
    }
  }

  /** The config file's kiosks (or the demo kiosks), as rows to store if not stored yet. */
  private static List<KioskRecord> seedKiosks(ServerConfig config) {
    List<KioskRecord> out = new ArrayList<>();
    config.kioskKeys().forEach((center, keys) -> keys.forEach((id, key) ->
        out.add(new KioskRecord(center, id, null, KioskDirectory.hash(key), false))));
    return out;
  }

  /** One HTTP verticle per core, all on one port, listening before {@code services} are ready. */
  private static Future<List<HttpVerticle>> listen(Vertx vertx, ServerConfig config, int port, Future<Services> services,
                                                   ServerMetrics metrics) {
    int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    List<HttpVerticle> verticles = new ArrayList<>();
    Future<?> chain = Future.succeededFuture();
    for (int i = 0; i < instances; i++) {
      HttpVerticle next = new HttpVerticle(config.host(), port, config.limits(), services);
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

  /**
   * Reads the token secret kept in the data folder, or makes one on first start. A file left empty (a crash or a
   * disk error before its bytes reached the disk) is replaced: nothing valid was signed with a secret nobody kept,
   * and signed-in staff only have to sign in again.
   */
  static String tokenSecret(Path dataDir) throws IOException {
    Path file = dataDir.resolve(TOKEN_SECRET_FILE);
    if (Files.exists(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!kept.isEmpty()) return kept;
      LOG.warning("the login token secret in " + file + " is empty (lost in a crash or disk error); making a new one,"
          + " so staff must sign in again");
    }
    String secret = newSecret();
    writeDurably(file, secret);
    LOG.info("made a new login token secret in " + file);
    return secret;
  }

  /** Writes a small file so that after a crash it holds either nothing or all of it: temp file, fsync, rename. */
  private static void writeDurably(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      folder.force(true); // the rename itself is durable only once the folder is
    }
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
