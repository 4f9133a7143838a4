package vn.luot.server.push;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A text message as the bytes of its WebSocket frames (RFC 6455 §5.2; server to client, so unmasked), encoded once
 * and written to every socket as a duplicate of the same buffer. An event goes to every screen of a center: through
 * {@code ServerWebSocket.writeTextMessage} each screen cost a UTF-8 encoding, two frame objects and an encoder run,
 * about half the event loop's time in a thousand-screen fan-out (docs/BENCHMARKS.md, "Fan-out").
 */
final class TextFrames {
  /** The largest frame payload sent; longer messages are fragmented. A Vert.x client takes 65,536 by default. */
  static final int MAX_FRAME_PAYLOAD = 65_536;

  private TextFrames() {}

  /** The frames of {@code text}, in a direct buffer (what the socket write takes without another copy). */
  static ByteBuf encode(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int frames = Math.max(1, (payload.length + MAX_FRAME_PAYLOAD - 1) / MAX_FRAME_PAYLOAD);
    ByteBuf out = Unpooled.directBuffer(payload.length + frames * 10);
    int offset = 0;
    do {
      int length = Math.min(MAX_FRAME_PAYLOAD, payload.length - offset);
      boolean last = offset + length == payload.length;
      int opcode = offset == 0 ? 0x1 : 0x0; // text, then continuation
      out.writeByte((last ? 0x80 : 0) | opcode);
      if (length < 126) {
        out.writeByte(length);
      } else if (length <= 0xFFFF) {
        out.writeByte(126).writeShort(length);
      } else {
        out.writeByte(127).writeLong(length);
      }
      out.writeBytes(payload, offset, length);
      offset += length;
    } while (offset < payload.length);
    return out;
  }
}
