package vn.luot.server.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads what a WebSocket server sends, on a bare socket: whole text messages and the close, RFC 6455 framing. */
public final class ServerMessages {
  private static final int OP_CONTINUATION = 0;
  private static final int OP_TEXT = 1;
  private static final int OP_CLOSE = 8;

  /** One text message (joined from its frames), or the server's close frame with its status code (1005 if none). */
  public record ServerMessage(String text, int closeCode) {
    public boolean isClose() {
      return text == null;
    }
  }

  private ServerMessages() {}

  /**
   * The next text message or close; pings, pongs and binary frames are skipped. Throws what the socket throws: a
   * {@link java.net.SocketTimeoutException} when nothing came in time, an {@link java.io.EOFException} at the end.
   */
  public static ServerMessage next(DataInputStream in) throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    while (true) {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      int opcode = b0 & 0x0F;
      long length = b1 & 0x7F;
      if (length == 126) length = in.readUnsignedShort();
      else if (length == 127) length = in.readLong();
      if ((b1 & 0x80) != 0) throw new IOException("a server must not mask its frames");
      byte[] payload = in.readNBytes((int) length);
      if (payload.length < length) throw new java.io.EOFException("the connection ended inside a frame");
      if (opcode == OP_CLOSE) {
        return new ServerMessage(null, payload.length >= 2 ? (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF) : 1005);
      }
      if (opcode != OP_TEXT && opcode != OP_CONTINUATION) continue;
      message.write(payload);
      if ((b0 & 0x80) != 0) return new ServerMessage(message.toString(StandardCharsets.UTF_8), 0);
    }
  }
}
