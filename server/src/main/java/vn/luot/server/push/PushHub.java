package vn.luot.server.push;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.HashMap;
import java.util.Map;
import vn.luot.server.engine.Engines;

/**
 * The WebSocket side of one event loop: a feed per center, created when its first screen connects. Each HTTP
 * verticle instance has its own hub, so no socket is touched from two threads.
 */
public final class PushHub {
  /** How often every socket gets a WebSocket ping. */
  public static final long PING_INTERVAL_MS = 30_000;
  /**
   * Bytes a socket may have queued before it counts as too slow (it then gets a snapshot when it catches up). Tens
   * of messages: a screen on a working network never has that much unsent. It is what each stalled socket costs
   * in direct memory until the stall limit, so it is kept small: at 256 KB, a thousand sockets stalling at once
   * exhausted a 256 MB server's direct memory (StalledClientsTest, full size). It is set as the channel's high water
   * mark ({@code setWriteQueueMaxSize}), which {@link Subscriber#writable} reads.
   */
  public static final int WRITE_QUEUE_BYTES = 64 * 1024;

  /**
   * What becomes of a socket too slow to write to: it has {@code limitMs} to drain (then it gets a fresh snapshot),
   * or its connection is closed, so a screen whose network died holds its write queue for a bounded time only.
   *
   * @param closed told of each socket closed this way (a metric)
   */
  public record StallPolicy(long limitMs, Runnable closed) {}

  private final Vertx vertx;
  private final Engines engines;
  private final TicketArchive archive;
  private final StallPolicy stall;
  private final Map<String, CenterFeed> feeds = new HashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger connected = new java.util.concurrent.atomic.AtomicInteger();
  private final long pingTimer;

  public PushHub(Vertx vertx, Engines engines, TicketArchive archive, StallPolicy stall) {
    this.vertx = vertx;
    this.engines = engines;
    this.archive = archive;
    this.stall = stall;
    this.pingTimer = vertx.setPeriodic(PING_INTERVAL_MS, id -> feeds.values().forEach(CenterFeed::ping));
  }

  /**
   * A lobby screen (counter null) or a counter screen on a center's stream.
   *
   * @param connection the HTTP connection the socket was upgraded from (see {@link #subscriber})
   */
  public void subscribeCenter(ServerWebSocket socket, HttpConnection connection, String center, String counter) {
    connected.incrementAndGet();
    feed(center).add(subscriber(socket, connection, counter, null), connected::decrementAndGet);
  }

  /** A citizen's phone following one ticket. */
  public void subscribeTicket(ServerWebSocket socket, HttpConnection connection, String center, String trackToken) {
    connected.incrementAndGet();
    feed(center).add(subscriber(socket, connection, null, trackToken), connected::decrementAndGet);
  }

  /** Safe to read from any thread (the metrics scrape runs on whichever event loop serves it). */
  public int subscribers() {
    return connected.get();
  }

  public void close() {
    vertx.cancelTimer(pingTimer);
  }

  /**
   * A subscriber on the socket's Netty channel. Vert.x's HTTP/1.1 connections are all ConnectionBase, whose channel is
   * public (vertx-core internals: this is the one place that reaches them, and the WebSocket tests fail if an upgrade
   * changes them). Vert.x has no public way to cut a connection short, nor to write without a flush per message.
   */
  private static Subscriber subscriber(ServerWebSocket socket, HttpConnection connection, String counter, String trackToken) {
    if (!(connection instanceof ConnectionBase base)) {
      throw new IllegalStateException("not a Vert.x ConnectionBase: " + connection.getClass() + "; see PushHub#subscriber");
    }
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    return new Subscriber(socket, base.channel(), counter, trackToken);
  }

  private CenterFeed feed(String center) {
    return feeds.computeIfAbsent(center, c -> new CenterFeed(vertx, engines, archive, stall, c));
  }
}
