package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.luot.server.screens.Browser.waitUntil;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;

/** The clerk's own figures for today on the workstation, photographed as docs/screenshots/clerk.png. */
@Browser.Required
@DisplayName("The clerk workstation shows the clerk's figures for today")
class ClerkTodayPageTest {
  @TempDir static Path profile;
  @TempDir static Path data;
  static ChromeDriver driver;
  static TestServer server;
  static MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  @BeforeAll
  static void start() {
    server = TestServer.start(data, clock);
    driver = Browser.start(profile, 1366, 768);
  }

  @AfterAll
  static void stop() {
    if (driver != null) driver.quit();
    if (server != null) server.close();
  }

  private static void key(String k) {
    driver.findElement(By.tagName("body")).sendKeys(k);
  }

  private static void waitFigure(String id, String value) {
    try {
      waitUntil(driver, d -> value.equals(d.findElement(By.id(id)).getText()));
    } catch (RuntimeException e) {
      throw new AssertionError(id + " reads '" + Browser.text(driver, id) + "', expected " + value, e);
    }
  }

  @Test
  @DisplayName("A morning at counter 1: served, no-show, transferred, medians and ratings; a finish in the page updates them")
  void figuresToday() {
    Api api = server.api();
    String clerk = api.login("clerk1");
    for (int i = 0; i < 5; i++) api.issue("DD");
    api.issue("XD");
    clock.advance(Duration.ofMinutes(4));
    api.counter("1", "call-next", clerk); // A001 waited 4 min
    clock.advance(Duration.ofMinutes(6));
    api.counter("1", "finish", clerk); // served 6 min
    String first = api.get("/api/centers/default/counters/1/rating").json().getJsonObject("pending").getString("ticket");
    api.post("/api/centers/default/counters/1/rating", new JsonObject().put("ticket", first).put("score", 3).encode());
    api.counter("1", "call-next", clerk); // A002 waited 10 min
    clock.advance(Duration.ofMinutes(10));
    api.counter("1", "call-next", clerk); // finishes A002 after 10 min, calls A003 (waited 20)
    api.counter("1", "no-show", clerk);
    api.counter("1", "call-next", clerk); // A004
    clock.advance(Duration.ofMinutes(2));
    api.post("/api/centers/default/counters/1/transfer", "{\"field\":\"HT\"}", clerk);

    Browser.signIn(driver, "http://localhost:" + server.port() + "/clerk/", "clerk1", TestServer.PASSWORD);
    waitFigure("today-served", "2");
    assertEquals("1", Browser.text(driver, "today-no-show"));
    assertEquals("1", Browser.text(driver, "today-transferred"));
    assertEquals("6 phút", Browser.text(driver, "today-service"), "median of 6, 10 and 2 (before the transfer) minutes");
    assertEquals("15 phút", Browser.text(driver, "today-wait"), "median of 4, 10, 20 and 20 minutes");
    assertEquals("1 · TB 3", Browser.text(driver, "today-ratings"));

    key("n"); // A005
    waitUntil(driver, d -> "A005".equals(Browser.text(d, "number")));
    clock.advance(Duration.ofMinutes(8));
    key("f");
    driver.findElement(By.cssSelector("#finish-dialog button[value=ok]")).click();
    waitFigure("today-served", "3");
    waitFigure("today-service", "7 phút");

    key("n"); // E001, the Xây dựng ticket
    waitUntil(driver, d -> "E001".equals(Browser.text(d, "number")));
    Browser.screenshot(driver, "clerk");
  }
}
