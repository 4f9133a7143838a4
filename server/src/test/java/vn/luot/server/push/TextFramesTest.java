package vn.luot.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frames written to screens, read back by Netty's own client-side decoder (the one Vert.x clients use). */
@DisplayName("Stream messages as ready-made WebSocket frames")
class TextFramesTest {
  @ParameterizedTest(name = "{0} bytes of UTF-8")
  @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 65_537, 200_000})
  void decodesToTheSameText(int bytes) {
    String text = text(bytes);
    assertEquals(bytes, text.getBytes(StandardCharsets.UTF_8).length);
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
    ByteBuf frames = TextFrames.encode(text);
    try {
      client.writeInbound(frames.retainedDuplicate());
      ByteBuf payload = io.netty.buffer.Unpooled.buffer();
      int count = 0;
      WebSocketFrame f;
      boolean last = false;
      while ((f = client.readInbound()) != null) {
        if (count == 0) assertInstanceOf(TextWebSocketFrame.class, f, "the first frame is a text frame");
        else assertInstanceOf(ContinuationWebSocketFrame.class, f, "the rest are continuations");
        assertFalse(last, "nothing after the final frame");
        assertTrue(f.content().readableBytes() <= TextFrames.MAX_FRAME_PAYLOAD);
        last = f.isFinalFragment();
        payload.writeBytes(f.content());
        f.release();
        count++;
      }
      String got = payload.toString(StandardCharsets.UTF_8);
      payload.release();
      assertTrue(last, "the last frame is final");
      assertEquals(Math.max(1, (bytes + TextFrames.MAX_FRAME_PAYLOAD - 1) / TextFrames.MAX_FRAME_PAYLOAD), count);
      assertEquals(text, got);
      assertNull(client.readInbound());
      assertEquals(1, frames.refCnt(), "the duplicate written was released; the encoder's reference is left");
    } finally {
      frames.release();
      client.finishAndReleaseAll();
    }
  }

  @ParameterizedTest(name = "header of a {0}-byte message")
  @ValueSource(ints = {5, 300, 70_000})
  void serverFramesAreUnmasked(int bytes) {
    ByteBuf frames = TextFrames.encode(text(bytes));
    try {
      int expected = bytes > TextFrames.MAX_FRAME_PAYLOAD ? 0x01 : 0x81; // text, final unless fragmented
      assertEquals(expected, frames.getUnsignedByte(0), ByteBufUtil.hexDump(frames, 0, 2));
      assertEquals(0, frames.getUnsignedByte(1) & 0x80, "mask bit clear");
    } finally {
      frames.release();
    }
  }

  /** Vietnamese text of exactly {@code bytes} UTF-8 bytes: "ố" takes 3, ASCII pads the rest. */
  private static String text(int bytes) {
    StringBuilder b = new StringBuilder();
    while (bytes >= 3) {
      b.append('ố');
      bytes -= 3;
    }
    return b.append("x".repeat(bytes)).toString();
  }
}
