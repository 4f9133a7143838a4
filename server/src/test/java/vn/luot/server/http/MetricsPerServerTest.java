package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

@DisplayName("GET /metrics: two servers in one JVM count their own HTTP requests, before and after the other stops")
class MetricsPerServerTest {

  @Test
  void eachServerHasItsOwnVertxMeters(@TempDir Path first, @TempDir Path second) {
    TestServer a = TestServer.start(first);
    try (TestServer b = TestServer.start(second)) {
      for (int i = 0; i < 5; i++) assertEquals(404, b.api().get("/no-such-page").status());
      assertEquals(5.0, notFound(b.api()), "B's own five requests are on B's /metrics");
      assertEquals(0.0, notFound(a.api()), "and none of them on A's");

      a.close();
      assertEquals(404, b.api().get("/no-such-page").status());
      assertEquals(6.0, notFound(b.api()), "A's stop leaves B's meters counting");
    } finally {
      a.close();
    }
  }

  /** Answered GETs with 404, as Vert.x's own vertx_http_server_requests_total counts them. */
  private static double notFound(Api api) {
    double sum = 0;
    boolean seen = false;
    for (String line : api.get("/metrics").body().split("\n")) {
      if (line.startsWith("vertx_http_server_")) seen = true;
      if (line.startsWith("vertx_http_server_requests_total{") && line.contains("code=\"404\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    assertTrue(seen, "Vert.x HTTP server meters are on this server's /metrics");
    return sum;
  }
}
