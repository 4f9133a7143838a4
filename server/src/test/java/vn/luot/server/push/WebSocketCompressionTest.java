package vn.luot.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.TestServer;

/**
 * A browser offers permessage-deflate on every WebSocket; the server declines it (each compressing socket would keep
 * ~90 KB of zlib state, docs/BENCHMARKS.md), and the stream still opens and starts with its snapshot.
 */
class WebSocketCompressionTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anOfferOfDeflateIsAnsweredWithPlainFrames() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      // What Chromium sends when a page opens new WebSocket(url).
      out.write(("GET /ws/centers/default HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      List<String> head = new ArrayList<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) head.add(line);
      assertTrue(head.get(0).startsWith("HTTP/1.1 101"), "upgrade answered " + head);
      assertFalse(head.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("sec-websocket-extensions")),
          "the answer names an extension: " + head);
      // The first frame: a text frame (0x81), not compressed (RSV1 clear), holding the snapshot.
      int first = in.read();
      assertEquals(0x81, first, "first frame's header byte");
      int length = in.read() & 0x7f;
      if (length == 126) length = (in.read() << 8) | in.read();
      char[] start = new char[Math.min(length, 40)];
      assertEquals(start.length, in.read(start));
      assertTrue(new String(start).startsWith("{\"type\":\"snapshot\""), new String(start));
    }
  }
}
