package vn.luot.printer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.luot.printer.layout.TicketData;
import vn.luot.printer.layout.TicketLabels;

@DisplayName("Job messages from the server")
class PrintJobTest {
  /** The example of the protocol, verbatim. */
  static final String EXAMPLE = "{\"type\":\"job\",\"jobId\":\"20261128-A012#1\",\"center\":{\"id\":\"default\","
      + "\"name\":\"Trung tâm Phục vụ Hành chính công TP Thanh Hóa\"},\"ticket\":{\"id\":\"20261128-A012\","
      + "\"number\":\"A012\",\"field\":\"DD\",\"fieldName\":\"Đất đai\",\"priority\":false,\"priorityGroup\":null,"
      + "\"issuedAt\":\"2026-11-28T14:05:09.123+07:00\",\"ahead\":3,\"estimatedWaitMinutes\":12,"
      + "\"trackToken\":\"default.xxxx\"}}";

  @Test
  @DisplayName("The protocol's example becomes a ticket whose QR link is <server>/t/<trackToken>")
  void example() throws Exception {
    PrintJob job = PrintJob.fromJson(new JsonObject(EXAMPLE));
    assertEquals("20261128-A012#1", job.jobId());
    TicketData t = job.toTicketData(URI.create("http://10.0.0.2:8080/"), new TicketLabels());
    assertEquals("Trung tâm Phục vụ Hành chính công TP Thanh Hóa", t.centerName());
    assertEquals("Đất đai", t.fieldName());
    assertEquals("A012", t.number());
    assertNull(t.priorityLabel());
    assertEquals(OffsetDateTime.parse("2026-11-28T14:05:09.123+07:00"), t.issuedAt());
    assertEquals(3, t.ahead());
    assertEquals(12, t.estimatedWaitMinutes());
    assertEquals("http://10.0.0.2:8080/t/default.xxxx", t.trackUrl());
  }

  @Test
  @DisplayName("A priority ticket prints its group: Ưu tiên — Người cao tuổi")
  void priority() throws Exception {
    JsonObject m = new JsonObject(EXAMPLE);
    m.getJsonObject("ticket").put("priority", true).put("priorityGroup", "ELDERLY");
    TicketData t = PrintJob.fromJson(m).toTicketData(URI.create("http://h"), new TicketLabels());
    assertEquals("Ưu tiên — Người cao tuổi", t.priorityLabel());
  }

  @Test
  @DisplayName("A job missing a member is refused, naming the member and keeping the job id to report")
  void missingMember() {
    JsonObject m = new JsonObject(EXAMPLE);
    m.getJsonObject("ticket").remove("trackToken");
    var e = assertThrows(PrintJob.BadJobException.class, () -> PrintJob.fromJson(m));
    assertEquals("20261128-A012#1", e.jobId());
    assertEquals("bad job 20261128-A012#1: 'trackToken' is missing", e.getMessage());

    JsonObject noId = new JsonObject(EXAMPLE);
    noId.remove("jobId");
    assertNull(assertThrows(PrintJob.BadJobException.class, () -> PrintJob.fromJson(noId)).jobId());

    JsonObject badTime = new JsonObject(EXAMPLE);
    badTime.getJsonObject("ticket").put("issuedAt", "yesterday");
    assertThrows(PrintJob.BadJobException.class, () -> PrintJob.fromJson(badTime));
  }

  @Test
  @DisplayName("The WebSocket path is /ws/centers/{center}/kiosks/{kiosk}/jobs, under the server's own path if any")
  void path() {
    assertEquals("/ws/centers/default/kiosks/K1/jobs", AgentVerticle.jobsPath(URI.create("http://h:8080"), "default", "K1"));
    assertEquals("/luot/ws/centers/c1/kiosks/K2/jobs", AgentVerticle.jobsPath(URI.create("https://h/luot/"), "c1", "K2"));
  }
}
