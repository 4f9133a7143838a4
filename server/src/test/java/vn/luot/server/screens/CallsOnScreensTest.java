package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.screens.Browser.screen;
import static vn.luot.server.screens.Browser.text;
import static vn.luot.server.screens.Browser.waitConnected;
import static vn.luot.server.screens.Browser.waitUntil;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

@Browser.Required
@DisplayName("Calls on the lobby and counter screens, in a real Chromium against a real server")
class CallsOnScreensTest {
  @TempDir static Path profile;
  static ChromeDriver driver;
  static Vertx vertx;
  static String firstWindow;

  @TempDir Path data;
  TestServer server;
  Api api;
  String base;

  @BeforeAll
  static void startBrowser() {
    driver = Browser.start(profile, 1280, 720);
    firstWindow = driver.getWindowHandle();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (driver != null) driver.quit();
    if (vertx != null) vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void startServer() {
    server = TestServer.start(data);
    api = server.api();
    base = "http://localhost:" + server.port();
  }

  @AfterEach
  void stopServer() {
    // Close the extra windows and leave the page, so the next test starts in the first window (the one with the
    // audio probe) and the server's close does not wait on open sockets.
    for (String handle : driver.getWindowHandles()) {
      if (handle.equals(firstWindow)) continue;
      driver.switchTo().window(handle).close();
    }
    driver.switchTo().window(firstWindow).get("about:blank");
    server.close();
  }

  @Test
  @DisplayName("A call made through the HTTP API appears on the lobby (big number and counter tile) and on the counter's "
      + "own screen, which then follows start (Đang phục vụ) and pause (Tạm dừng)")
  void callAppearsOnLobbyAndCounterScreens() {
    api.issue("DD");
    driver.get(base + "/display/");
    waitConnected(driver);
    String lobby = driver.getWindowHandle();
    driver.switchTo().newWindow(WindowType.WINDOW);
    driver.get(base + "/display/counter.html?counter=5");
    waitConnected(driver);
    String counter = driver.getWindowHandle();
    assertEquals("Quầy 5", text(driver, "counter-name"));
    assertEquals("Sẵn sàng", text(driver, "status"));

    String clerk = api.login("clerk5");
    Api.Response called = api.counter("5", "call-next", clerk);
    assertEquals(200, called.status(), called.body());
    assertEquals("A001", called.json().getString("number"));

    driver.switchTo().window(lobby);
    waitUntil(driver, d -> "A001".equals(text(d, "current-number")));
    assertEquals("Quầy 5", text(driver, "current-counter"));
    assertEquals("A001", tileNumber(driver, "5"));
    assertEquals("Quầy 5", Browser.js(driver, "return document.querySelector(`#counters .tile[data-counter='5'] .tile-name`).textContent"));

    driver.switchTo().window(counter);
    waitUntil(driver, d -> "A001".equals(text(d, "number")));
    assertEquals("Mời công dân", text(driver, "status"));
    assertEquals("CALLING", screen(driver, "data-status"));

    assertEquals(200, api.counter("5", "start", clerk).status());
    waitUntil(driver, d -> "Đang phục vụ".equals(text(d, "status")));
    assertEquals("A001", text(driver, "number"));

    assertEquals(200, api.counter("5", "finish", clerk).status());
    waitUntil(driver, d -> "Sẵn sàng".equals(text(d, "status")));
    Api.Response paused = api.post("/api/centers/default/counters/5/pause", new JsonObject().put("reason", "Nghỉ trưa").encode(), clerk);
    assertEquals(200, paused.status(), paused.body());
    waitUntil(driver, d -> "Tạm dừng".equals(text(d, "status")));
    assertTrue(!driver.findElement(By.id("number")).isDisplayed(), "a paused counter shows no number, only Tạm dừng");
    assertEquals("Nghỉ trưa", text(driver, "reason"));

    driver.switchTo().window(lobby);
    waitUntil(driver, d -> "Tạm dừng".equals(tileNumber(d, "5")));
    assertEquals("A001", text(driver, "current-number"), "the last call stays on the lobby while the counter pauses");
  }

  @Test
  @DisplayName("Three counters calling within 100 ms are all shown and all announced, in the order called, one at a time")
  void threeCallsAtOnceAreAllShownAndAnnounced() throws Exception {
    api.issue("DD"); // A001 → counter 1 (Đất đai first)
    api.issue("HT"); // B001 → counter 3 (Hộ tịch first)
    api.issue("CT"); // C001 → counter 4 (Chứng thực first)
    List<String> counters = List.of("1", "3", "4");
    List<String> tokens = counters.stream().map(c -> api.login("clerk" + c)).toList();

    driver.get(base + "/display/");
    waitConnected(driver);
    try (WsClient stream = WsClient.connect(vertx, server.port(), "/ws/centers/default")) {
      assertEquals("snapshot", stream.next().getString("type"));

      // Three clerks press "Gọi số tiếp" at the same moment: three requests sent together, each on its connection.
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < counters.size(); i++) {
        HttpRequest request = HttpRequest.newBuilder(api.uri("/api/centers/default/counters/" + counters.get(i) + "/call-next"))
            .header("Authorization", "Bearer " + tokens.get(i)).POST(HttpRequest.BodyPublishers.noBody()).build();
        calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      long spread = (System.nanoTime() - t0) / 1_000_000;
      for (CompletableFuture<HttpResponse<String>> call : calls) assertEquals(200, call.get(10, TimeUnit.SECONDS).statusCode());
      long answered = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("three call-next requests sent within " + spread + " ms, all answered after " + answered + " ms");
      assertTrue(spread < 100, "the three calls were sent within 100 ms, not " + spread + " ms");

      List<String> calledInOrder = new ArrayList<>();
      while (calledInOrder.size() < 3) {
        JsonObject m = stream.next();
        if ("called".equals(m.getString("type"))) calledInOrder.add(m.getString("number") + "@" + m.getString("counter"));
      }

      waitUntil(driver, d -> "A001".equals(tileNumber(d, "1")) && "B001".equals(tileNumber(d, "3"))
          && "C001".equals(tileNumber(d, "4")));

      JsonArray played = Browser.waitPlayed(driver, 3, Duration.ofSeconds(40));
      assertEquals(3, played.size(), "each call announced once: " + played.encodePrettily());
      List<String> announcedInOrder = new ArrayList<>();
      List<String> expectedClips = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonObject entry = played.getJsonObject(i);
        JsonObject call = entry.getJsonObject("call");
        announcedInOrder.add(call.getString("number") + "@" + call.getString("counter"));
        assertEquals(false, call.getBoolean("recall"));
        List<String> expected = CLIPS.get(calledInOrder.get(i));
        assertEquals(expected, entry.getJsonArray("clips").getList(), "clips of " + calledInOrder.get(i));
        expectedClips.addAll(expected);
      }
      assertEquals(calledInOrder, announcedInOrder, "announced in the order the server recorded the calls");

      List<Map<String, Object>> audio = Browser.audioLog(driver);
      List<String> started = audio.stream().filter(e -> "play".equals(e.get("kind"))).map(e -> (String) e.get("file")).toList();
      assertEquals(expectedClips, started, "every clip played, back to back, in order");
      assertEquals(1, Browser.maxClipsAtOnce(driver), "never two clips sounding at once");
      for (int i = 0; i < audio.size(); i++) {
        String kind = (String) audio.get(i).get("kind");
        assertEquals(i % 2 == 0 ? "play" : "ended", kind, "each clip plays to its end before the next starts: " + audio);
        if (i > 0) assertTrue(((Number) audio.get(i).get("t")).doubleValue() >= ((Number) audio.get(i - 1).get("t")).doubleValue());
      }
    }
  }

  /** What the lobby must play for each call: the chime, then the default template read from the voice pack. */
  static final Map<String, List<String>> CLIPS = Map.of(
      "A001@1", List.of("chime.wav", "mowif-coong-daan-cos-soos.wav", "a.wav", "mootj.wav", "ddeens-quaayf-soos.wav", "mootj.wav"),
      "B001@3", List.of("chime.wav", "mowif-coong-daan-cos-soos.wav", "bee.wav", "mootj.wav", "ddeens-quaayf-soos.wav", "ba.wav"),
      "C001@4", List.of("chime.wav", "mowif-coong-daan-cos-soos.wav", "xee.wav", "mootj.wav", "ddeens-quaayf-soos.wav", "boons.wav"));

  static String tileNumber(WebDriver driver, String counter) {
    return (String) Browser.js(driver, "const n = document.querySelector(`#counters .tile[data-counter='${arguments[0]}'] .tile-number`);"
        + " return n ? n.textContent : null;", counter);
  }
}
