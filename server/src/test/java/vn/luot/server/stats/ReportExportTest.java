package vn.luot.server.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.luot.server.support.Api;
import vn.luot.server.support.KnownMorning;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;

/**
 * The CSV export and the live dashboard, read over HTTP from a real server after {@link KnownMorning}, so every figure
 * below is worked out by hand.
 */
@DisplayName("CSV export and live dashboard over HTTP")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportExportTest {
  static final String CENTER = "/api/centers/default";
  static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir static Path data;
  static MutableClock clock = new MutableClock(Instant.parse("2026-11-27T01:00:00Z"));
  static TestServer server;
  static Api api;
  static String supervisor;

  @BeforeAll
  static void aMorning() {
    server = TestServer.start(data, clock);
    api = server.api();
    supervisor = api.login("supervisor");
    KnownMorning.play(api, clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void at(String localTime) {
    clock.set(KnownMorning.at(localTime));
  }

  private static void ok(Api.Response r) {
    assertEquals(200, r.status(), r.body());
  }

  /** Downloads a CSV as raw bytes, as a browser would save it. */
  private static HttpResponse<byte[]> download(String query) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(api.uri(CENTER + "/reports.csv" + query))
        .header("Authorization", "Bearer " + supervisor).GET().build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static List<String> lines(byte[] body) {
    assertArrayEquals(BOM, Arrays.copyOf(body, 3), "starts with the UTF-8 byte-order mark Excel needs");
    String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\r\n"), "CRLF line ends");
    return List.of(text.split("\r\n"));
  }

  @Test
  @DisplayName("by field (the default): BOM, Vietnamese headers, ';' between cells, ',' as the decimal mark, exact figures")
  void byField() throws Exception {
    HttpResponse<byte[]> r = download("?from=2026-11-27&to=2026-11-27");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("text/csv; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("attachment; filename=\"luot-default-2026-11-27_2026-11-27-linh-vuc.csv\"",
        r.headers().firstValue("Content-Disposition").orElseThrow());
    List<String> lines = lines(r.body());
    assertEquals("Mã lĩnh vực;Lĩnh vực;Chỉ tiêu chờ (phút);Số phiếu cấp;Đã phục vụ;Vắng mặt;Đã hủy;"
        + "Hết hạn (không được gọi);Chuyển lĩnh vực;Chờ trung bình (giây);Chờ trung vị (giây);Chờ P90 (giây);"
        + "Chờ lâu nhất (giây);Phục vụ trung bình (giây);Phục vụ trung vị (giây);Phục vụ P90 (giây);"
        + "Phục vụ lâu nhất (giây);Tỉ lệ chờ trong chỉ tiêu (%);Số lượt đánh giá;Điểm hài lòng trung bình (1–3);"
        + "Rất hài lòng;Hài lòng;Không hài lòng;Đã giải quyết / tiếp nhận;Thiếu hồ sơ;Hướng dẫn nơi khác;Kết quả khác",
        lines.get(0));
    // DD: issued 3 (A001, A002, A003), served 2; waits 600, 885: mean 742.5, median 742.5, p90 rank 2 -> 885;
    // services 300, 255: mean 277.5, median 277.5, p90 300; both within 30 min: 100 %; one rating (3);
    // outcomes: A002 COMPLETED, A001 MISSING_DOCUMENTS.
    assertEquals("DD;Đất đai;30;3;2;0;0;0;0;742,5;742,5;885;885;277,5;277,5;300;300;100;1;3;1;0;0;1;1;0;0",
        lines.get(1));
    // HT: B001 waited 240 s (<= 20 min), then no-show: no service time, no outcome.
    assertEquals("HT;Hộ tịch;20;1;0;1;0;0;0;240;240;240;240;;;;;100;0;;0;0;0;0;0;0;0", lines.get(2));
    assertEquals("CT;Chứng thực;15;0;0;0;0;0;0;;;;;;;;;;0;;0;0;0;0;0;0;0", lines.get(3));
    assertEquals(1 + 6 + 1, lines.size(), "header, the six fields, the total");
    // Total: waits 240, 600, 885: mean 575, median 600, p90 rank ceil(2.7) = 3 -> 885; 3 of 3 within target.
    assertEquals("Tổng cộng;;;4;2;1;0;0;0;575;600;885;885;277,5;277,5;300;300;100;1;3;1;0;0;1;1;0;0",
        lines.get(lines.size() - 1));
  }

  @Test
  @DisplayName("by counter with sep=comma: ',' between cells and '.' as the decimal mark")
  void byCounterWithCommas() throws Exception {
    HttpResponse<byte[]> r = download("?from=2026-11-27&to=2026-11-27&by=counter&sep=comma");
    assertEquals("attachment; filename=\"luot-default-2026-11-27_2026-11-27-quay.csv\"",
        r.headers().firstValue("Content-Disposition").orElseThrow());
    List<String> lines = lines(r.body());
    assertTrue(lines.get(0).startsWith("Mã quầy,Quầy,Số phiếu cấp,Đã phục vụ,"), lines.get(0));
    // Counter 1 served A001 and A002 (a counter's "issued" counts the original tickets it handled).
    assertEquals("1,Quầy 1,2,2,0,0,0,0,742.5,742.5,885,885,277.5,277.5,300,300,100,1,3,1,0,0,1,1,0,0", lines.get(1));
    assertEquals("3,Quầy 3,1,0,1,0,0,0,240,240,240,240,,,,,100,0,,0,0,0,0,0,0,0", lines.get(3));
  }

  @ParameterizedTest(name = "by={0}")
  @CsvSource({
      "clerk, can-bo, Cán bộ;Số phiếu cấp, clerk1;2;2;0;0;0;0;742,5",
      "hour, gio, Giờ cấp số;Số phiếu cấp, 08:00;4;2;1;0;0;0;575;600;885;885",
  })
  @DisplayName("by clerk and by hour of issue")
  void byClerkAndHour(String by, String slug, String headerStart, String firstRowStart) throws Exception {
    HttpResponse<byte[]> r = download("?from=2026-11-27&to=2026-11-27&by=" + by);
    assertEquals("attachment; filename=\"luot-default-2026-11-27_2026-11-27-" + slug + ".csv\"",
        r.headers().firstValue("Content-Disposition").orElseThrow());
    List<String> lines = lines(r.body());
    assertTrue(lines.get(0).startsWith(headerStart), lines.get(0));
    assertTrue(lines.get(1).startsWith(firstRowStart), lines.get(1));
  }

  @Test
  @DisplayName("by ticket: one row per ticket with local times and Vietnamese statuses and outcomes")
  void byTicket() throws Exception {
    List<String> lines = lines(download("?from=2026-11-27&to=2026-11-27&by=tickets").body());
    assertEquals("Ngày;Số thứ tự;Mã lĩnh vực;Lĩnh vực;Ưu tiên;Đối tượng ưu tiên;Trạng thái;Giờ cấp số;Giờ gọi;"
        + "Mã quầy;Cán bộ;Kết quả;Chuyển từ vé;Đánh giá (1–3);Thời gian chờ (giây);Thời gian phục vụ (giây)", lines.get(0));
    assertTrue(lines.contains("2026-11-27;A001;DD;Đất đai;Không;;Đã phục vụ;2026-11-27 08:00:00;2026-11-27 08:10:00;"
        + "1;clerk1;Thiếu hồ sơ;;3;600;300"), String.join("\n", lines));
    assertTrue(lines.contains("2026-11-27;B001;HT;Hộ tịch;Không;;Vắng mặt;2026-11-27 08:05:00;2026-11-27 08:09:00;"
        + "3;clerk3;;;;240;"), String.join("\n", lines));
    assertTrue(lines.contains("2026-11-27;A003;DD;Đất đai;Không;;Đang chờ;2026-11-27 08:25:00;;;;;;;;"),
        String.join("\n", lines));
    assertEquals(5, lines.size());
  }

  @Test
  @DisplayName("lang=en gives English headers")
  void english() throws Exception {
    List<String> lines = lines(download("?from=2026-11-27&to=2026-11-27&lang=en&sep=comma").body());
    assertTrue(lines.get(0).startsWith("Field code,Field,Target wait (min),Issued,Served,No-show,"), lines.get(0));
    assertEquals("Total", lines.get(lines.size() - 1).split(",")[0]);
  }

  @ParameterizedTest(name = "{0} → 400 {1}")
  @CsvSource(delimiter = '|', value = {
      "/reports.csv?by=week|INVALID_PARAMETER|by",
      "/reports.csv?sep=tab|INVALID_PARAMETER|sep",
      "/reports.csv?from=27-11-2026|INVALID_PARAMETER|from",
      "/reports.csv?from=2026-11-28&to=2026-11-27|INVALID_PARAMETER|to",
      "/reports.csv?from=2025-01-01&to=2026-11-27|INVALID_PARAMETER|to",
      "/stats?to=2026-02-30|INVALID_PARAMETER|to",
  })
  @DisplayName("bad parameters are a 400 JSON error naming the parameter, in Vietnamese")
  void badParameters(String route, String code, String name) {
    Api.Response r = api.get(CENTER + route, supervisor);
    assertEquals(400, r.status(), r.body());
    assertEquals(code, r.errorCode());
    String message = r.json().getJsonObject("error").getString("message");
    assertTrue(message.startsWith("Tham số \"" + name + "\" không hợp lệ"), message);
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it calls A003, which the CSV figures above expect still waiting
  @DisplayName("dashboard: waiting now, the longest current wait against the target, served today, counters and clerks")
  void dashboard() {
    at("08:55:00");
    JsonObject d = api.get(CENTER + "/dashboard", supervisor).json();
    assertEquals("2026-11-27", d.getString("day"));
    assertEquals("2026-11-27T08:55:00+07:00", d.getString("now"));
    assertEquals(1, d.getInteger("waiting"));
    assertEquals(4, d.getInteger("issuedToday"));
    assertEquals(2, d.getInteger("servedToday"));
    JsonObject dd = field(d, "DD");
    // A003 waits since 08:25: 30 min = 1800 s, not yet past the 30-min target.
    assertEquals(1, dd.getInteger("waiting"));
    assertEquals("2026-11-27T08:25:00+07:00", dd.getString("oldestWaitingSince"));
    assertEquals(1800, dd.getLong("longestWaitSeconds"));
    assertFalse(dd.getBoolean("overTarget"));
    assertEquals(2, dd.getInteger("servedToday"));
    assertEquals(3, dd.getInteger("issuedToday"));
    JsonObject ht = field(d, "HT");
    assertEquals(0, ht.getInteger("waiting"));
    assertNull(ht.getValue("longestWaitSeconds"));
    assertFalse(ht.getBoolean("overTarget"));

    at("08:55:01");
    dd = field(api.get(CENTER + "/dashboard", supervisor).json(), "DD");
    assertEquals(1801, dd.getLong("longestWaitSeconds"));
    assertTrue(dd.getBoolean("overTarget"), "one second past the target");

    // Counter 1 is idle after A002; its clerk is the one who last called there. Counter 2 never opened.
    JsonObject c1 = counter(d, "1");
    assertEquals("IDLE", c1.getString("status"));
    assertEquals("clerk1", c1.getString("clerk"));
    assertEquals(2, c1.getInteger("servedToday"));
    assertNull(c1.getValue("ticket"));
    assertNull(counter(d, "2").getValue("clerk"));

    String clerk1 = api.login("clerk1");
    at("08:56:00");
    ok(api.counter("1", "call-next", clerk1));
    JsonObject after = api.get(CENTER + "/dashboard", supervisor).json();
    c1 = counter(after, "1");
    assertEquals("CALLING", c1.getString("status"));
    assertEquals("A003", c1.getJsonObject("ticket").getString("number"));
    assertEquals("Đất đai", c1.getJsonObject("ticket").getString("fieldName"));
    assertEquals("clerk1", c1.getString("clerk"));
    assertEquals(0, field(after, "DD").getInteger("waiting"));
    assertFalse(field(after, "DD").getBoolean("overTarget"), "nobody waits any more");
  }

  private static JsonObject field(JsonObject dashboard, String code) {
    return find(dashboard.getJsonArray("fields"), "code", code);
  }

  private static JsonObject counter(JsonObject dashboard, String id) {
    return find(dashboard.getJsonArray("counters"), "id", id);
  }

  private static JsonObject find(JsonArray list, String key, String value) {
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.getJsonObject(i).getString(key))) return list.getJsonObject(i);
    }
    throw new AssertionError("no " + key + " = " + value + " in " + list.encodePrettily());
  }
}
