package vn.luot.server.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A WebSocket client written on a bare socket: the RFC 6455 handshake by hand, then frames read only when the test
 * says so. A screen on a stalled network looks like this from the server: it connects, and then does not read.
 */
public final class RawWebSocket implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  public final int status;
  public final Map<String, String> headers;
  /** The body of a refused handshake (an error in JSON), empty after a 101. */
  public final String body;
  /** The status code of the server's close frame, once one was read; -1 before. */
  public int closeCode = -1;
  /** Whether the stream has ended: a close frame or the end of the connection was read. */
  public boolean ended;

  private RawWebSocket(Socket socket, DataInputStream in, int status, Map<String, String> headers, String body) {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /**
   * Sends the upgrade request and reads the answer's head (and body, if refused), and not one byte more.
   *
   * @param receiveBuffer the socket's receive buffer in bytes, small to make a stalled reader stall sooner; 0 keeps
   *                      the system's default
   */
  public static RawWebSocket open(int port, String path, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress("localhost", port), 5_000);
    socket.setSoTimeout(10_000);
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    socket.getOutputStream().write(upgradeRequest(port, path, Base64.getEncoder().encodeToString(nonce)));
    socket.getOutputStream().flush();

    DataInputStream in = new DataInputStream(socket.getInputStream());
    String head = HttpHead.read(in);
    int status = HttpHead.status(head);
    Map<String, String> headers = HttpHead.headers(head);
    String body = "";
    if (status != 101 && headers.containsKey("content-length")) {
      byte[] b = new byte[Integer.parseInt(headers.get("content-length"))];
      in.readFully(b);
      body = new String(b, StandardCharsets.UTF_8);
    }
    return new RawWebSocket(socket, in, status, headers, body);
  }

  /** The request that asks the server at {@code port} to upgrade {@code path} to a WebSocket, with this key. */
  static byte[] upgradeRequest(int port, String path, String key64) {
    return ("GET " + path + " HTTP/1.1\r\n"
        + "Host: localhost:" + port + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key64 + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The next text message, joined from its frames; pings and pongs are skipped. Null when the server closed the
   * connection or nothing came within the timeout.
   */
  public JsonObject next(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    try {
      ServerMessages.ServerMessage m = ServerMessages.next(in);
      if (!m.isClose()) return new JsonObject(m.text());
      closeCode = m.closeCode();
      ended = true;
      return null;
    } catch (EOFException end) {
      ended = true;
      return null;
    } catch (SocketTimeoutException nothingYet) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
