package vn.luot.server.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 on a bare socket, kept alive between requests so a hundred thousand of them do not need as many
 * connections. It writes whatever {@link FuzzRequest} holds, byte for byte, and reads exactly one answer back.
 * Requests that may leave the connection in an unknown state (broken syntax, hand-set framing) get a socket of
 * their own, closed after the answer.
 */
final class WireClient implements AutoCloseable {
  private static final int READ_TIMEOUT_MS = 30_000;
  private final int port;
  private Socket socket;
  private InputStream in;
  /** The last request sent on the kept-alive connection and its status, for a failure's story. */
  private String previous = "nothing";
  private long lastAnswer = System.nanoTime();

  /** An answer; status 0 means the server closed the connection without one. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  WireClient(int port) {
    this.port = port;
  }

  Answer send(FuzzRequest request) throws IOException {
    boolean alone = request.closesConnection();
    if (alone) {
      try (Socket s = connect()) {
        return exchange(s, new BufferedInputStream(s.getInputStream()), request, false);
      }
    }
    if (socket == null || socket.isClosed()) {
      socket = connect();
      in = new BufferedInputStream(socket.getInputStream());
      previous = "nothing (a new connection)";
    }
    try {
      long idle = System.nanoTime() - lastAnswer;
      Answer a = exchange(socket, in, request, true);
      lastAnswer = System.nanoTime();
      if (a.status() == 0) {
        closeSocket();
        return new Answer(0, Map.of("previous", previous + "\n(idle " + idle / 1_000_000 + " ms)"), a.body());
      }
      previous = request.replay() + "\n→ " + a.status() + " " + a.headers();
      if ("close".equalsIgnoreCase(a.header("connection"))) closeSocket();
      return a;
    } catch (IOException e) {
      closeSocket();
      throw e;
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("localhost", port), 5_000);
    s.setSoTimeout(READ_TIMEOUT_MS);
    s.setTcpNoDelay(true);
    return s;
  }

  private Answer exchange(Socket s, InputStream in, FuzzRequest request, boolean keepAlive) throws IOException {
    try {
      s.getOutputStream().write(request.bytes(port, !keepAlive && request.raw() == null));
      s.getOutputStream().flush();
    } catch (IOException refusedMidway) {
      // The server may answer (413, 431) and close before a large request is all written; read that answer.
    }
    int status;
    Map<String, String> headers = new LinkedHashMap<>();
    do { // an interim 100 Continue comes before the answer
      String statusLine = line(in);
      if (statusLine == null) return new Answer(0, Map.of(), new byte[0]);
      status = Integer.parseInt(statusLine.split(" ")[1]);
      headers.clear();
      for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    } while (status == 100);
    if (status == 101) headers.put("connection", "close"); // the socket now speaks WebSocket: done with it
    byte[] body;
    if (request.method().equals("HEAD") || status == 204 || status == 304 || status < 200) {
      body = new byte[0];
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunks(in);
    } else {
      body = in.readAllBytes();
      headers.put("connection", "close");
    }
    return new Answer(status, headers, body);
  }

  private static byte[] chunks(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
      out.write(in.readNBytes(size));
      line(in);
    }
    for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) { }
    return out.toByteArray();
  }

  private static int chunkSize(InputStream in) throws IOException {
    String l = line(in);
    if (l == null) throw new EOFException("connection closed inside a chunked body");
    return Integer.parseInt(l.split(";")[0].trim(), 16);
  }

  /** One line without its CRLF, read as ISO-8859-1; null at the end of the stream before any byte. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') break;
      if (c != '\r') b.write(c);
    }
    if (c < 0 && b.size() == 0) return null;
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private void closeSocket() {
    if (socket == null) return;
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
    socket = null;
  }

  @Override
  public void close() {
    closeSocket();
  }
}
