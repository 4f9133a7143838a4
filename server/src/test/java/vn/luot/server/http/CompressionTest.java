package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.TestServer;

/**
 * A browser asks for gzip on every call. Pages are worth compressing; a ticket's answer of a few hundred bytes is
 * not, and compressing it would cost a compressor per ticket issued.
 */
@DisplayName("Compression: pages and large answers are gzipped on request, small API answers are sent as they are")
class CompressionTest {
  @TempDir static Path data;
  static TestServer server;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("A ticket issued by a browser kiosk comes back plain, and is the JSON it should be")
  void smallAnswerIsPlain() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/api/centers/default/tickets"))
        .header("Content-Type", "application/json").header("Accept-Encoding", "gzip, deflate")
        .POST(HttpRequest.BodyPublishers.ofString("{\"field\":\"DD\",\"kiosk\":\"K1\"}")));
    assertEquals(201, r.statusCode());
    assertEquals(Optional.empty(), r.headers().firstValue("Content-Encoding"), "no Content-Encoding, not even identity");
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertTrue(body.length() < HttpApi.COMPRESS_FROM_CHARS && body.contains("\"number\":\"A"), body);
  }

  @Test
  @DisplayName("A large JSON answer (the center) is still gzipped for a browser")
  void largeAnswerIsGzipped() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/api/centers/default")).header("Accept-Encoding", "gzip"));
    assertEquals(200, r.statusCode());
    assertEquals(Optional.of("gzip"), r.headers().firstValue("Content-Encoding"));
    String center = gunzip(r.body());
    assertTrue(center.length() >= HttpApi.COMPRESS_FROM_CHARS && center.startsWith("{"), center);
  }

  @Test
  @DisplayName("A kiosk page asked for with gzip comes back gzipped, and unpacks to the page")
  void pageIsGzipped() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/kiosk/index.html")).header("Accept-Encoding", "gzip"));
    assertEquals(200, r.statusCode());
    assertEquals(Optional.of("gzip"), r.headers().firstValue("Content-Encoding"));
    String page = gunzip(r.body());
    assertTrue(page.contains("<html"), page);
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
