package vn.luot.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An append's messages as one buffer per selection, read back by Netty's client-side frame decoder. */
@DisplayName("The frames of one append, joined per selection of its messages")
class AppendFramesTest {
  private static final JsonObject FINISHED = new JsonObject().put("type", "finished").put("seq", 7).put("number", "A001");
  private static final JsonObject CALLED = new JsonObject().put("type", "called").put("seq", 8).put("number", "A002")
      .put("counterName", "Quầy 1");
  private static final JsonObject THIRD = new JsonObject().put("type", "issued").put("seq", 9).put("number", "A003");

  @Test
  @DisplayName("Each selection decodes to its messages in order; a selection asked again is the same buffer")
  void selections() {
    AppendFrames frames = new AppendFrames(new JsonObject[] {FINISHED, CALLED, THIRD});
    try {
      assertEquals(List.of(FINISHED, CALLED), decode(frames.frames(0b011)));
      assertEquals(List.of(CALLED), decode(frames.frames(0b010)));
      assertEquals(List.of(FINISHED, THIRD), decode(frames.frames(0b101)));
      assertEquals(List.of(FINISHED, CALLED, THIRD), decode(frames.frames(0b111)));
      assertSame(frames.frames(0b011), frames.frames(0b011));
      ByteBuf joined = frames.frames(0b011);
      frames.frames(0b100);
      assertSame(joined, frames.frames(0b011), "kept after another selection");
    } finally {
      frames.release();
    }
  }

  @Test
  @DisplayName("Released, its buffers live on only in the duplicates written to sockets")
  void release() {
    AppendFrames frames = new AppendFrames(new JsonObject[] {FINISHED, CALLED});
    ByteBuf both = frames.frames(0b11);
    ByteBuf one = frames.frames(0b01);
    ByteBuf written = both.retainedDuplicate();
    frames.release();
    assertEquals(0, one.refCnt());
    assertEquals(1, both.refCnt(), "the socket's duplicate holds it");
    assertEquals(List.of(FINISHED, CALLED), decode(written));
    written.release();
    assertEquals(0, both.refCnt(), "nothing else held it");
  }

  @Test
  @DisplayName("More than 64 messages do not fit a selection mask")
  void tooMany() {
    assertThrows(IllegalArgumentException.class, () -> new AppendFrames(new JsonObject[AppendFrames.MAX + 1]));
  }

  /** The messages {@code frames} carries, read from a duplicate (the caller's reference is left as it was). */
  private static List<JsonObject> decode(ByteBuf frames) {
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
    try {
      client.writeInbound(frames.retainedDuplicate());
      List<JsonObject> messages = new ArrayList<>();
      for (Object f; (f = client.readInbound()) != null; ) {
        TextWebSocketFrame text = (TextWebSocketFrame) f;
        messages.add(new JsonObject(text.text()));
        text.release();
      }
      return messages;
    } finally {
      client.finishAndReleaseAll();
    }
  }
}
