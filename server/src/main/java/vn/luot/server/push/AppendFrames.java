package vn.luot.server.push;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The WebSocket frames of one append's messages, for each selection of them that some socket gets, joined into one
 * buffer: a lobby screen is sent a call-next's "finished" and "called" as one write of one buffer. Each message is
 * encoded once and each selection joined once, however many sockets take it; a selection is a bit mask over the
 * messages, so at most {@link #MAX} of them. Used on one event loop, for one append, then released.
 */
final class AppendFrames {
  static final int MAX = Long.SIZE;

  private final JsonObject[] messages;
  private final ByteBuf[] single;
  private final Map<Long, ByteBuf> joined = new HashMap<>();
  /** The selection asked for last, and its frames: nearly every socket of a feed asks for the same one. */
  private long lastMask;
  private ByteBuf lastFrames;

  AppendFrames(JsonObject[] messages) {
    if (messages.length > MAX) throw new IllegalArgumentException(messages.length + " messages, at most " + MAX);
    this.messages = messages;
    this.single = new ByteBuf[messages.length];
  }

  /** The frames of the messages whose bits are set in {@code mask}, in order; the caller writes a duplicate. */
  ByteBuf frames(long mask) {
    if (mask == lastMask && lastFrames != null) return lastFrames;
    ByteBuf frames;
    if (Long.bitCount(mask) == 1) {
      frames = single(Long.numberOfTrailingZeros(mask));
    } else {
      frames = joined.get(mask);
      if (frames == null) {
        frames = join(mask);
        joined.put(mask, frames);
      }
    }
    lastMask = mask;
    lastFrames = frames;
    return frames;
  }

  private ByteBuf single(int i) {
    if (single[i] == null) single[i] = TextFrames.encode(messages[i].encode());
    return single[i];
  }

  private ByteBuf join(long mask) {
    int length = 0;
    for (long m = mask; m != 0; m &= m - 1) length += single(Long.numberOfTrailingZeros(m)).readableBytes();
    ByteBuf out = Unpooled.directBuffer(length);
    for (long m = mask; m != 0; m &= m - 1) {
      ByteBuf part = single(Long.numberOfTrailingZeros(m));
      out.writeBytes(part, part.readerIndex(), part.readableBytes());
    }
    return out;
  }

  /** Gives up this object's references; sockets that were written a duplicate keep theirs until it is sent. */
  void release() {
    for (ByteBuf b : single) {
      if (b != null) b.release();
    }
    joined.values().forEach(ByteBuf::release);
    joined.clear();
    lastFrames = null;
  }
}
