package vn.luot.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

@DisplayName("Who granted a priority ticket: staff issuing one are recorded; the day's list shows group and granter")
class PriorityTicketsTest {
  @TempDir Path data;

  @Test
  @DisplayName("A clerk grants a priority ticket at the desk, a citizen takes one at a kiosk; both are listed with who granted them")
  void grantedBy() {
    try (TestServer server = TestServer.start(data)) {
      Api api = server.api();
      String clerk = api.login("clerk2");
      Api.Response granted = api.post("/api/centers/default/tickets",
          "{\"field\":\"DD\",\"priority\":true,\"priorityGroup\":\"MERIT\"}", clerk);
      assertEquals(201, granted.status(), granted.body());
      api.post("/api/centers/default/tickets", "{\"field\":\"HT\",\"priority\":true,\"priorityGroup\":\"ELDERLY\",\"kiosk\":\"K2\"}");
      api.issue("CT");
      Api.Response badToken = api.post("/api/centers/default/tickets", "{\"field\":\"DD\",\"priority\":true}", "forged");
      assertEquals(401, badToken.status(), "a bad token is refused, not ignored");

      JsonObject list = api.get("/api/centers/default/priority-tickets", api.login("supervisor")).json();
      JsonArray tickets = list.getJsonArray("tickets");
      assertEquals(2, tickets.size(), tickets.encode());
      JsonObject first = tickets.getJsonObject(0);
      assertEquals(granted.json().getString("number"), first.getString("number"));
      assertEquals("MERIT", first.getString("priorityGroup"));
      assertEquals("clerk2", first.getString("grantedBy"));
      assertEquals("Đất đai", first.getString("fieldName"));
      JsonObject second = tickets.getJsonObject(1);
      assertNull(second.getString("grantedBy"));
      assertEquals("K2", second.getString("kiosk"));
      assertEquals(0, api.get("/api/centers/default/priority-tickets?day=2020-01-01", api.login("admin")).json()
          .getJsonArray("tickets").size());
    }
  }
}
