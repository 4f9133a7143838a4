package vn.luot.server.http;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import vn.luot.server.support.HttpHead;

/**
 * HTTP/1.1 written by hand on a socket, for what a polite client library refuses to send: bad %-escapes, bytes that
 * are not UTF-8, oversized request lines and headers, stream paths without an upgrade. One request per connection.
 */
final class RawHttp {
  private RawHttp() {}

  /** What came back: status, headers by lower-case name, and the body as UTF-8 text. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  static Response exchange(int port, String method, String target, Map<String, String> headers, byte[] body) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      StringBuilder head = new StringBuilder()
          .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: localhost:").append(port).append("\r\n")
          .append("Connection: close\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      try {
        // Header values may carry UTF-8 on purpose (a non-ASCII Idempotency-Key), so write bytes as given.
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) out.write(body);
        out.flush();
      } catch (IOException refusedMidway) {
        // A server may answer and close before a too-large body is all written; its answer is still to be read.
      }
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException("no answer to " + method + " " + abbreviate(target), e);
    }
  }

  /** Sends the bytes as they are (a whole request, head and body) and reads the answer until the server closes. */
  static Response raw(int port, String request) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException("no answer to " + abbreviate(request), e);
    }
  }

  /** Reads the head, then the body by its Content-Length (so a kept-alive connection need not close), else to the end. */
  private static Response read(InputStream in) throws IOException {
    String head = HttpHead.read(in);
    int status = HttpHead.status(head);
    Map<String, String> headers = HttpHead.headers(head);
    String length = headers.get("content-length");
    byte[] rest = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) rest = dechunk(rest);
    return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < chunked.length) {
      int lineEnd = indexOf(java.util.Arrays.copyOfRange(chunked, i, chunked.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
      int size = Integer.parseInt(new String(chunked, i, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
      if (size == 0) break;
      out.write(chunked, i + lineEnd + 2, size);
      i += lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "…";
  }
}
