package vn.luot.server.bench;

import io.vertx.core.Future;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import vn.luot.server.support.ServerProcess;

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

  /** What to measure on a fresh server with this many subscribers and clients. */
  @FunctionalInterface
  private interface Measurement<T> {
    /** @param serverCpu redis-server's CPU seconds so far */
    T on(List<RedisConnection> subscribers, List<RedisConnection> clients, DoubleSupplier serverCpu) throws Exception;
  }

  /** The closed loop: {@code --clients} connections each INCR + PUBLISH back to back, {@code --listeners} subscribed. */
  Baselines.Result run(String appendfsync) throws Exception {
    AtomicReference<Baselines.Window> window = new AtomicReference<>();
    return withServer(appendfsync, options.listeners(), options.clients(), (sent, now) -> window.get().notified(sent, now),
        (subscribers, clients, serverCpu) -> {
      // The window starts once everyone is connected (nothing is published before).
      Baselines.Window w = new Baselines.Window(options);
      window.set(w);
      for (RedisConnection c : clients) next(c, w);
      w.sleepUntilEnd();
      Thread.sleep(500); // the last answers and messages in flight
      return w.result("Redis INCR + PUBLISH (appendfsync " + appendfsync + ")");
    });
  }

  /**
   * The open loop: {@code rate} INCR + PUBLISH per second over {@code connections} connections, one in flight on each
   * (a request waits for a free connection, its latency counted from its intended time), and {@code listeners}
   * connections on SUBSCRIBE.
   */
  Baselines.Open open(String appendfsync, double rate, int connections, int listeners) throws Exception {
    return open(appendfsync, rate, connections, listeners, Message.STAMP);
  }

  /** What each publish carries to the subscribers. */
  enum Message {
    /** {@code "<number>:<send time>"}: the least a subscriber can be sent. */
    STAMP,
    /**
     * What a Lượt lobby screen gets for one call-next: the {@code finished} of the ticket served before and the
     * {@code called} of the next, as the same JSON (about 170 bytes each, the waiting counts of six fields
     * included), published together after one {@code INCRBY 2} for their seqs. The send time travels in the
     * {@code called} message.
     */
    SCREEN
  }

  Baselines.Open open(String appendfsync, double rate, int connections, int listeners, Message message) throws Exception {
    AtomicReference<OpenLoop> started = new AtomicReference<>();
    return withServer(appendfsync, listeners, connections, (sent, now) -> started.get().delivered(sent),
        (subscribers, clients, serverCpu) -> {
      OpenLoop loop = new OpenLoop(rate, options.warmupSeconds(), options.seconds(), serverCpu);
      started.set(loop);
      FreeConnections free = new FreeConnections(clients, loop, message);
      loop.run(free::submit);
      loop.awaitDeliveries(listeners);
      return Baselines.Open.of(message == Message.STAMP ? "Redis INCR + PUBLISH (appendfsync " + appendfsync + ")"
          : "Redis INCRBY + 2 PUBLISH of a screen's messages (appendfsync " + appendfsync + ")", loop, listeners);
    });
  }

  /** Open-loop dispatch: each request goes to a connection with nothing in flight, or waits for one in order. */
  private static final class FreeConnections {
    private final ArrayDeque<RedisConnection> free;
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private final OpenLoop loop;
    private final Message message;

    FreeConnections(List<RedisConnection> connections, OpenLoop loop, Message message) {
      this.free = new ArrayDeque<>(connections);
      this.loop = loop;
      this.message = message;
    }

    synchronized void submit(long intended) {
      waiting.add(intended);
      pump();
    }

    private synchronized void release(RedisConnection c) {
      free.add(c);
      pump();
    }

    private void pump() {
      while (!free.isEmpty() && !waiting.isEmpty()) {
        RedisConnection c = free.poll();
        long intended = waiting.poll();
        (message == Message.SCREEN ? publishScreenMessages(c, intended) : incrementAndPublish(c, intended)).onComplete(ar -> {
          loop.answered(intended, ar.succeeded());
          release(c);
        });
      }
    }
  }

  private <T> T withServer(String appendfsync, int listeners, int clientCount,
                           BiConsumer<Long, Long> delivered, Measurement<T> measurement) throws Exception {
    Path dir = Files.createTempDirectory("luot-redis-baseline-");
    int port = Baselines.freeLoopbackPort();
    Process server = new ProcessBuilder(binary().toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", appendfsync, "--save", "",
        "--daemonize", "no", "--maxclients", String.valueOf(clientCount + listeners + 32))
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    Vertx vertx = Vertx.vertx();
    try {
      awaitPort(port, server, dir);
      Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port)
          .setMaxPoolSize(clientCount + listeners + 4).setMaxPoolWaiting(listeners + clientCount + 1024));
      List<RedisConnection> subscribers = new ArrayList<>();
      for (int i = 0; i < listeners; i++) subscribers.add(redis.connect().await(10, TimeUnit.SECONDS));
      List<Future<?>> subscribed = new ArrayList<>();
      for (RedisConnection sub : subscribers) {
        sub.handler(m -> {
          // ["message", channel, payload]; the subscribe confirmation is ["subscribe", channel, count].
          if ((m.type() == ResponseType.PUSH || m.type() == ResponseType.MULTI) && m.size() == 3
              && "message".equals(m.get(0).toString())) {
            long now = System.nanoTime();
            String payload = m.get(2).toString();
            if (!payload.startsWith("{")) {
              delivered.accept(Long.parseLong(payload.substring(payload.indexOf(':') + 1)), now);
            } else if (payload.startsWith(CALLED)) {
              // Read as ScreenFanout's screens read Lượt's messages: by position, without a JSON parse.
              int from = payload.indexOf(SENT) + SENT.length();
              delivered.accept(Long.parseLong(payload.substring(from, payload.indexOf(',', from))), now);
            }
          }
        });
        subscribed.add(sub.send(Request.cmd(Command.SUBSCRIBE).arg("tickets")));
      }
      Future.all(subscribed).await(30, TimeUnit.SECONDS);
      List<RedisConnection> clients = new ArrayList<>();
      for (int i = 0; i < clientCount; i++) clients.add(redis.connect().await(10, TimeUnit.SECONDS));
      T result = measurement.on(subscribers, clients, () -> ServerProcess.cpuSeconds(server.pid()));
      for (RedisConnection c : clients) c.close();
      for (RedisConnection c : subscribers) c.close();
      redis.close();
      return result;
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
      IssueLoad.deleteTree(dir);
    }
  }

  /** One ticket: INCR, then PUBLISH the number with the send time. */
  private static Future<?> incrementAndPublish(RedisConnection c, long sentNanos) {
    return c.send(Request.cmd(Command.INCR).arg("ticket:default"))
        .compose(n -> c.send(Request.cmd(Command.PUBLISH).arg("tickets").arg(n.toLong() + ":" + sentNanos)));
  }

  private static final String CALLED = "{\"type\":\"called\"";
  private static final String SENT = "\"sent\":";
  private static final String WAITING =
      "\"waiting\":{\"DD\":41,\"HT\":39,\"CT\":40,\"KD\":40,\"XD\":39,\"LD\":40}}";

  /** One call as {@link Message#SCREEN}: INCRBY 2, then both messages in one write. */
  private static Future<?> publishScreenMessages(RedisConnection c, long sentNanos) {
    return c.send(Request.cmd(Command.INCRBY).arg("ticket:default").arg(2)).compose(n -> {
      long seq = n.toLong();
      String at = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(7)).toString();
      String finished = "{\"type\":\"finished\",\"number\":\"A" + (seq - 1) % 1000 + "\",\"field\":\"DD\","
          + "\"counter\":\"1\",\"outcome\":\"COMPLETED\",\"seq\":" + (seq - 1) + ",\"at\":\"" + at + "\"," + WAITING;
      String called = CALLED + ",\"number\":\"A" + seq % 1000 + "\",\"field\":\"DD\",\"counter\":\"1\","
          + "\"recall\":false,\"seq\":" + seq + "," + SENT + sentNanos + ",\"at\":\"" + at + "\"," + WAITING;
      return c.batch(List.of(Request.cmd(Command.PUBLISH).arg("tickets").arg(finished),
          Request.cmd(Command.PUBLISH).arg("tickets").arg(called)));
    });
  }

  /** The closed loop: INCR, then PUBLISH the number with the send time, then the next ticket. */
  private static void next(RedisConnection c, Baselines.Window w) {
    long t0 = System.nanoTime();
    if (!w.open(t0)) return;
    incrementAndPublish(c, t0).onComplete(ar -> {
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
