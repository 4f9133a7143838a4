package vn.luot.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.Postgres;
import vn.luot.server.support.ServerProcess;
import vn.luot.server.support.TestServer;

/**
 * A node whose PostgreSQL goes away refuses commands with a clear 503 (and says so on /health) instead of answering
 * from what it last knew; once the database is back it takes fresh connections and numbers on where it left off.
 */
@DisplayName("A node that loses its database")
class DatabaseLossTest {
  @TempDir Path dir;

  @Test
  @DisplayName("answers 503 SERVICE_UNAVAILABLE and /health DOWN while PostgreSQL is down, and carries on after")
  void refusesWhileDownAndRecovers() throws Exception {
    int port = ServerProcess.freePort();
    Path pgData = dir.resolve("pg");
    Postgres postgres = Postgres.start(pgData, port);
    String url = postgres.url(postgres.newDatabase());
    try (TestServer server = TestServer.startOnPostgres(url, dir.resolve("node"))) {
      Api api = server.api();
      assertEquals("A001", api.issue("DD").getString("number"));
      assertEquals("A002", api.issue("DD").getString("number"));

      postgres.close();
      Api.Response refused = issueDd(api);
      assertEquals(503, refused.status(), refused.body());
      assertEquals("SERVICE_UNAVAILABLE", refused.errorCode());
      Api.Response health = api.get("/health");
      assertEquals(503, health.status(), health.body());
      assertEquals("DOWN", health.json().getString("journal"));
      Api.Response stillRefused = issueDd(api);
      assertEquals(503, stillRefused.status(), "no answer from a stale state: " + stillRefused.body());

      postgres = Postgres.start(pgData, port);
      // The pool takes a fresh connection; the engine reloads on the first command after the database is back.
      Api.Response next = api.issueOnceStorageIsBack("DD", Duration.ofSeconds(30));
      assertEquals(201, next.status(), "an issue is accepted once the database is back: " + next.body());
      assertEquals("A003", next.json().getString("number"), "numbering carries on from the journal");
      assertEquals(200, api.get("/health").status());
    } finally {
      postgres.close();
    }
  }

  private static Api.Response issueDd(Api api) {
    return api.post("/api/centers/default/tickets", new JsonObject().put("field", "DD").put("kiosk", "K1").encode());
  }
}
