package vn.luot.server.bench;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.ResponseType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Redis {@code INCR} + {@code PUBLISH}: a throwaway redis-server on a loopback port with its own folder and
 * {@code appendonly yes}; K clients each on their own connection in a loop {@code INCR} then {@code PUBLISH tickets
 * "<number>:<send time>"}, S subscribers on {@code SUBSCRIBE tickets}. With {@code appendfsync always} Redis fsyncs the
 * AOF before it answers (durable, comparable with Lượt); {@code everysec} may lose the last second on power loss.
 */
final class RedisBaseline {
  private static final String PACKAGE_HINT = "install the Debian package redis-server (apt-get install -y redis-server)";
  private final Baselines.Options options;

  RedisBaseline(Baselines.Options options) {
    this.options = options;
  }

  void checkInstalled() {
    if (binary() == null) throw new IllegalStateException("redis-server is not on the PATH: " + PACKAGE_HINT);
  }

  private static Path binary() {
    return Stream.concat(Stream.of("/usr/bin"), Stream.of(System.getenv().getOrDefault("PATH", "").split(":")))
        .map(d -> Path.of(d, "redis-server")).filter(Files::isExecutable).findFirst().orElse(null);
  }

  Baselines.Result run(String appendfsync) throws Exception {
    Path dir = Files.createTempDirectory("luot-redis-baseline-");
    int port = Baselines.freeLoopbackPort();
    Process server = new ProcessBuilder(binary().toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", appendfsync, "--save", "",
        "--daemonize", "no", "--maxclients", String.valueOf(options.clients() + options.listeners() + 32))
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    Vertx vertx = Vertx.vertx();
    try {
      awaitPort(port, server, dir);
      Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port)
          .setMaxPoolSize(options.clients() + options.listeners() + 4).setMaxPoolWaiting(1024));
      List<RedisConnection> connections = new ArrayList<>();
      for (int i = 0; i < options.listeners(); i++) connections.add(redis.connect().await(10, TimeUnit.SECONDS));
      Baselines.Window w = new Baselines.Window(options);
      for (RedisConnection sub : connections) {
        sub.handler(m -> {
          // ["message", channel, payload]; the subscribe confirmation is ["subscribe", channel, count].
          if ((m.type() == ResponseType.PUSH || m.type() == ResponseType.MULTI) && m.size() == 3
              && "message".equals(m.get(0).toString())) {
            String payload = m.get(2).toString();
            w.notified(Long.parseLong(payload.substring(payload.indexOf(':') + 1)), System.nanoTime());
          }
        });
        sub.send(Request.cmd(Command.SUBSCRIBE).arg("tickets")).await(10, TimeUnit.SECONDS);
      }
      List<RedisConnection> clients = new ArrayList<>();
      for (int i = 0; i < options.clients(); i++) clients.add(redis.connect().await(10, TimeUnit.SECONDS));
      for (RedisConnection c : clients) next(c, w);
      w.sleepUntilEnd();
      Thread.sleep(500); // the last answers and messages in flight
      for (RedisConnection c : clients) c.close();
      for (RedisConnection c : connections) c.close();
      redis.close();
      return w.result("Redis INCR + PUBLISH (appendfsync " + appendfsync + ")");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
      IssueLoad.deleteTree(dir);
    }
  }

  /** The closed loop: INCR, then PUBLISH the number with the send time, then the next ticket. */
  private static void next(RedisConnection c, Baselines.Window w) {
    long t0 = System.nanoTime();
    if (!w.open(t0)) return;
    c.send(Request.cmd(Command.INCR).arg("ticket:default"))
        .compose(n -> c.send(Request.cmd(Command.PUBLISH).arg("tickets").arg(n.toLong() + ":" + t0)))
        .onComplete(ar -> {
          long t1 = System.nanoTime();
          if (ar.succeeded()) w.issued(t0, t1);
          else w.failed(t1);
          next(c, w);
        });
  }

  private static void awaitPort(int port, Process server, Path dir) throws IOException, InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < until) {
      if (!server.isAlive()) throw new IllegalStateException("redis-server stopped:\n" + Files.readString(dir.resolve("redis.log")));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not open port " + port);
  }
}
