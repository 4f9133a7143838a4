package vn.luot.server.push;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;

/**
 * One screen, counter display or phone on a center's stream. Holds the last seq it was brought up to; events are
 * held back while its snapshot is on the way, and skipped while its socket is too slow to take them.
 */
final class Subscriber {
  /** Events held while a snapshot is on the way; past this the subscriber simply gets another snapshot. */
  static final int MAX_HELD = 256;

  final ServerWebSocket socket;
  /**
   * Where stream messages enter the socket's Netty pipeline: a handler of ours at its front, so ready-made frames
   * (TextFrames) go from there straight to the transport, past Vert.x's HTTP and WebSocket encoders, which have
   * nothing to add to them. Each message is one write of whole frames, so nothing Vert.x writes itself (pings,
   * pongs, the close) lands inside one.
   */
  private final ChannelHandlerContext front;
  /** The socket's JDK channel, written directly while Netty has nothing queued (DirectWrites), or null. */
  private final java.nio.channels.SocketChannel direct;
  /** Only this counter's events (others' are skipped), or null for all. */
  final String counter;
  /** The ticket followed, or null for a screen. */
  final String trackToken;
  String trackField;
  long lastSeq = -1;
  boolean awaitingSnapshot;
  boolean stale;
  /** Closes the socket should it stay stale too long (PushHub.StallPolicy); -1 while none is set. */
  long stallTimer = -1;
  boolean overflow;
  boolean refreshing;
  boolean refreshAgain;
  /** Run once when the channel can take writes again, or null. */
  private Runnable whenWritable;
  final ArrayDeque<Envelope> held = new ArrayDeque<>();

  Subscriber(ServerWebSocket socket, Channel channel, String counter, String trackToken) {
    this.socket = socket;
    this.counter = counter;
    this.trackToken = trackToken;
    // Vert.x's drain handler sees only its own write queue, not writes made here, so the channel's writability
    // event is watched instead, and passed on.
    ChannelInboundHandlerAdapter watch = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Runnable task = whenWritable;
        if (task != null && ctx.channel().isWritable()) {
          whenWritable = null;
          task.run();
        }
        ctx.fireChannelWritabilityChanged();
      }
    };
    channel.pipeline().addFirst(watch);
    this.front = channel.pipeline().context(watch);
    this.direct = DirectWrites.of(channel);
  }

  /** Whether the socket has room to queue more (see PushHub#WRITE_QUEUE_BYTES); what is not flushed counts too. */
  boolean writable() {
    return front.channel().isWritable();
  }

  /** Sends whole frames; the socket's reference to {@code frames} is taken over. */
  void writeAndFlush(ByteBuf frames) {
    if (direct != null && DirectWrites.write(front.channel(), direct, frames)) return;
    front.writeAndFlush(frames);
  }

  /**
   * Ends the TCP connection at once, dropping whatever is queued for it. Vert.x closes a WebSocket, or a channel
   * through its pipeline, only after what is queued before is sent, which for a client that does not read is never.
   * From the front of the pipeline the close goes straight to the transport; the close handlers run as usual.
   */
  void cutOff() {
    front.close();
  }

  /** Runs {@code task} once the socket has drained enough to take writes again; null forgets an earlier one. */
  void whenWritable(Runnable task) {
    whenWritable = task;
  }

  boolean tracksTicket() {
    return trackToken != null;
  }
}
