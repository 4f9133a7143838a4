package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.screens.Browser.screen;
import static vn.luot.server.screens.Browser.text;
import static vn.luot.server.screens.Browser.waitConnected;
import static vn.luot.server.screens.Browser.waitUntil;

import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.luot.server.config.ConfigLoader;
import vn.luot.server.config.ServerConfig;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

@Browser.Required
@DisplayName("A lobby screen through a server restart")
class ScreenReconnectTest {
  @TempDir static Path profile;
  @TempDir Path data;
  static ChromeDriver driver;

  @BeforeAll
  static void startBrowser() {
    driver = Browser.start(profile, 1280, 720);
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) driver.quit();
  }

  @Test
  @DisplayName("When the server stops, the lobby shows \"Mất kết nối — đang kết nối lại\" and keeps its calls; when it "
      + "starts again on the same port and data, the lobby reconnects by itself and shows the calls made since")
  void recoversAfterRestart() {
    ServerConfig config = ConfigLoader.load(null, Map.of(ServerConfig.ENV_DEMO_PASSWORD, TestServer.PASSWORD))
        .withPort(0).withDataDir(data);
    TestServer first = TestServer.start(config, Clock.systemUTC());
    int port = first.port();
    Api api = first.api();
    for (int i = 0; i < 3; i++) api.issue("DD"); // A001, A002, A003
    assertEquals(200, api.counter("1", "call-next", api.login("clerk1")).status());

    // voice=off: the lobby still records each announcement (with no clips) without spending seconds on sound.
    driver.get("http://localhost:" + port + "/display/?voice=off");
    waitConnected(driver);
    assertEquals("A001", text(driver, "current-number"));
    assertTrue(!driver.findElement(By.id("offline")).isDisplayed(), "no banner while connected");

    TestServer second;
    try {
      first.close();
      waitUntil(driver, d -> d.findElement(By.id("offline")).isDisplayed());
      assertTrue(text(driver, "offline").startsWith("Mất kết nối — đang kết nối lại"), text(driver, "offline"));
      assertTrue(List.of("offline", "reconnecting").contains(screen(driver, "data-connection")));
      assertEquals("A001", text(driver, "current-number"), "the last state stays on screen while offline");
    } finally {
      second = TestServer.start(config.withPort(port), Clock.systemUTC());
    }
    try {
      Api again = second.api();
      // Made at once after the restart, most likely before the screen is back: it arrives in the new snapshot.
      assertEquals("A002", again.counter("2", "call-next", again.login("clerk2")).json().getString("number"));

      waitUntil(driver, Duration.ofSeconds(20), d -> "open".equals(screen(d, "data-connection")));
      waitUntil(driver, d -> "A002".equals(text(d, "current-number")));
      assertTrue(!driver.findElement(By.id("offline")).isDisplayed(), "the banner goes once the stream is back");

      // And the live stream works again.
      assertEquals("A003", again.counter("5", "call-next", again.login("clerk5")).json().getString("number"));
      waitUntil(driver, d -> "A003".equals(text(d, "current-number")));
      assertEquals("Quầy 5", text(driver, "current-counter"));
      assertEquals("A002", CallsOnScreensTest.tileNumber(driver, "2"));
      assertEquals("A001", CallsOnScreensTest.tileNumber(driver, "1"));

      // Both calls made after the restart are announced, the one caught up from the snapshot included.
      JsonArray played = Browser.waitPlayed(driver, 2, Browser.WAIT);
      List<String> announced = new ArrayList<>();
      for (int i = 0; i < played.size(); i++) announced.add(played.getJsonObject(i).getJsonObject("call").getString("number"));
      assertEquals(List.of("A002", "A003"), announced);
    } finally {
      driver.get("about:blank");
      second.close();
    }
  }
}
