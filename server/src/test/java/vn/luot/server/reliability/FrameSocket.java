package vn.luot.server.reliability;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import vn.luot.server.support.HttpHead;
import vn.luot.server.support.ServerMessages;

/**
 * A WebSocket client on a bare socket that sends any frame at all, well-formed or not (unmasked, reserved opcodes,
 * wrong lengths, bytes that are not UTF-8), and reads what the server sends back one message at a time.
 */
final class FrameSocket implements AutoCloseable {
  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CLOSE = 8;
  static final int PING = 9;

  private final Socket socket;
  private final DataInputStream in;
  private final SplittableRandom random;
  final int status;
  /** The refusal's body (a JSON error) when the upgrade was refused; empty after a 101. */
  final String body;

  /** What the server sent: a text message, a close (with its code), or the end of the connection. */
  record Received(String text, int closeCode, boolean ended) {
    boolean closed() {
      return ended || closeCode != 0;
    }
  }

  private FrameSocket(Socket socket, DataInputStream in, SplittableRandom random, int status, String body) {
    this.socket = socket;
    this.in = in;
    this.random = random;
    this.status = status;
    this.body = body;
  }

  /** Sends the upgrade request with the extra headers given (a bad version, a kiosk key) and reads the answer. */
  static FrameSocket open(int port, String path, Map<String, String> headers, SplittableRandom random) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("localhost", port), 5_000);
    socket.setSoTimeout(15_000);
    byte[] nonce = new byte[16];
    for (int i = 0; i < 16; i++) nonce[i] = (byte) random.nextInt(256);
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", "localhost:" + port);
    all.put("Upgrade", "websocket");
    all.put("Connection", "Upgrade");
    all.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
    all.put("Sec-WebSocket-Version", "13");
    all.putAll(headers);
    StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
    all.forEach((k, v) -> {
      if (v != null) request.append(k).append(": ").append(v).append("\r\n");
    });
    request.append("\r\n");
    socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    String head;
    try {
      head = HttpHead.read(in);
    } catch (EOFException closed) {
      return new FrameSocket(socket, in, random, 0, "");
    }
    int status = HttpHead.status(head);
    Map<String, String> answer = HttpHead.headers(head);
    String body = "";
    if (status != 101 && answer.containsKey("content-length")) {
      body = new String(in.readNBytes(Integer.parseInt(answer.get("content-length"))), StandardCharsets.UTF_8);
    }
    return new FrameSocket(socket, in, random, status, body);
  }

  void text(String text) throws IOException {
    frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /**
   * Writes one frame as given. A write to a connection the server has already closed is not an error here: what the
   * server did about the frame is read afterwards.
   */
  void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0x0F));
    int mask = masked ? 0x80 : 0;
    if (payload.length < 126) {
      f.write(mask | payload.length);
    } else if (payload.length < 65_536) {
      f.write(mask | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length & 0xFF);
    } else {
      f.write(mask | 127);
      for (int i = 7; i >= 0; i--) f.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
    }
    byte[] key = new byte[4];
    if (masked) {
      for (int i = 0; i < 4; i++) key[i] = (byte) random.nextInt(256);
      f.write(key);
    }
    for (int i = 0; i < payload.length; i++) f.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
    try {
      OutputStream out = socket.getOutputStream();
      out.write(f.toByteArray());
      out.flush();
    } catch (SocketException closedByServer) {
      // read() will tell
    }
  }

  /** The next text message or close; pings and binary frames are skipped. */
  Received read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    try {
      ServerMessages.ServerMessage m = ServerMessages.next(in);
      return m.isClose() ? new Received(null, m.closeCode(), false) : new Received(m.text(), 0, false);
    } catch (SocketTimeoutException quiet) {
      return null;
    } catch (EOFException | SocketException ended) {
      return new Received(null, 0, true);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
