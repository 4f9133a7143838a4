package vn.luot.server.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The head of an HTTP answer read from a bare socket, for the tests' hand-written clients. */
public final class HttpHead {
  private HttpHead() {}

  /**
   * Byte by byte up to the blank line, so nothing that follows (a body, WebSocket frames) is swallowed by a buffer.
   * Returns the head without its blank line; EOFException if the connection ends first.
   */
  public static String read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) throw new EOFException("connection closed after " + head.size() + " bytes of a response head");
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String s = head.toString(StandardCharsets.ISO_8859_1);
    return s.substring(0, s.length() - 4);
  }

  /** The status code of a head. */
  public static int status(String head) {
    return Integer.parseInt(head.split("\r\n", 2)[0].split(" ")[1]);
  }

  /** The header fields of a head, by lower-case name. */
  public static Map<String, String> headers(String head) {
    String[] lines = head.split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    return headers;
  }
}
