package vn.luot.server.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request of the fuzzing run, exactly as it goes on the wire: method, target, headers and body bytes, plus
 * the route it aims at (so an accepted command can be matched with its journal event) and whether it was meant as a
 * valid step of the day. {@link #replay()} prints it so a failure can be sent again by hand.
 *
 * @param route the route template aimed at ("POST /api/centers/:center/counters/:counter/call-next"), or null
 * @param raw   when non-null, bytes sent as they are instead of a request built from the other parts (broken syntax)
 */
record FuzzRequest(String method, String target, List<Map.Entry<String, String>> headers, byte[] body, String route,
                   boolean valid, byte[] raw) {

  static FuzzRequest raw(String what, byte[] bytes) {
    return new FuzzRequest("RAW", what, List.of(), null, null, false, bytes);
  }

  /** The request's head and body as bytes; a body is sent with its Content-Length unless a header says otherwise. */
  byte[] bytes(int port, boolean close) {
    if (raw != null) return raw;
    StringBuilder head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: localhost:").append(port).append("\r\n");
    boolean framed = false;
    for (Map.Entry<String, String> h : headers) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      framed |= h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Transfer-Encoding");
    }
    if (body != null && !framed) head.append("Content-Length: ").append(body.length).append("\r\n");
    if (close) head.append("Connection: close\r\n");
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) return h;
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /**
   * Whether the request may leave its connection in an unknown state: broken syntax, framing set by hand, an upgrade, or a size
   * the server refuses (and closes on) before reading it all. Such a request gets a connection of its own.
   */
  boolean closesConnection() {
    long size = target.length() + (body == null ? 0 : body.length)
        + headers.stream().mapToLong(h -> h.getKey().length() + h.getValue().length()).sum();
    return raw != null || size > 4_000 || headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding")
        || h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Upgrade"));
  }

  /** The request printed for a person: long values shortened, bytes that are not printable ASCII escaped. */
  String replay() {
    List<String> lines = new ArrayList<>();
    lines.add((valid ? "[valid] " : "") + method + " " + printable(target.getBytes(StandardCharsets.UTF_8)));
    for (Map.Entry<String, String> h : headers) lines.add("  " + h.getKey() + ": " + printable(h.getValue().getBytes(StandardCharsets.UTF_8)));
    if (body != null) lines.add("  body (" + body.length + " B): " + printable(body));
    if (raw != null) lines.add("  raw (" + raw.length + " B): " + printable(raw));
    return String.join("\n", lines);
  }

  static String printable(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    int shown = Math.min(bytes.length, 400);
    for (int i = 0; i < shown; i++) {
      int b = bytes[i] & 0xFF;
      if (b >= 0x20 && b < 0x7F && b != '\\') s.append((char) b);
      else s.append(String.format("\\x%02X", b));
    }
    if (bytes.length > shown) s.append("… (").append(bytes.length - shown).append(" B more)");
    return s.toString();
  }
}
