package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.screens.Browser.waitUntil;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The citizen's phone page /t/{token}, as a phone (390×844) shows it while others are called ahead.
 */
@Browser.Required
@DisplayName("The citizen's tracking page")
@PageTest.Window(width = 390, height = 844)
class TrackingPageTest extends PageTest {
  /** Records what the page asks of the phone: vibrations and beeps (oscillators started). */
  static final String PHONE_PROBE = """
      window.__vibrations = [];
      navigator.vibrate = (pattern) => { window.__vibrations.push(pattern); return true; };
      window.__beeps = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function () { window.__beeps++; return start.apply(this, arguments); };
      """;


  @BeforeAll
  static void listenLikeAPhone() {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PHONE_PROBE));
  }

  private static String ahead() {
    return Browser.text(driver, "ahead");
  }

  private static int rings(WebDriver d) {
    String r = d.findElement(By.id("track")).getAttribute("data-rings");
    return r == null || r.isEmpty() ? 0 : Integer.parseInt(r);
  }

  private static long vibrations() {
    return ((Number) Browser.js(driver, "return window.__vibrations.length;")).longValue();
  }

  private static long beeps() {
    return ((Number) Browser.js(driver, "return window.__beeps;")).longValue();
  }

  private void waitAhead(String n) {
    try {
      waitUntil(driver, d -> n.equals(ahead()));
    } catch (RuntimeException e) {
      throw new AssertionError("people ahead reads '" + ahead() + "', expected " + n, e);
    }
  }

  @Test
  @DisplayName("Six in line: the sixth sees 5 → 4 → 3 ahead, the alert (with beep and vibration) at 3, then the call to its counter")
  void positionDropsAlertAtThreeThenCalled() {
    for (int i = 0; i < 5; i++) api.issue("DD");
    JsonObject mine = api.post("/api/centers/default/tickets",
        "{\"field\":\"DD\",\"kiosk\":\"K1\",\"dossierCode\":\"HS-RIENG-0042\"}").json();
    String clerk = api.login("clerk1");

    driver.get("http://localhost:" + server.port() + "/t/" + mine.getString("trackToken"));
    waitUntil(driver, d -> "Cập nhật trực tiếp / Live".equals(Browser.text(d, "live").replace("\n", " ").trim())
        || Browser.text(d, "live").startsWith("Cập nhật trực tiếp"));
    assertEquals("A006", Browser.text(driver, "number"));
    waitAhead("5");
    assertTrue(driver.findElement(By.id("alert")).getAttribute("hidden") != null, "no alert with 5 ahead");
    assertEquals(0, rings(driver));
    driver.findElement(By.id("notify")).click(); // the citizen allows sound
    long beepsBefore = beeps();

    api.counter("1", "call-next", clerk);
    waitAhead("4");
    assertFalse(driver.findElement(By.id("alert")).isDisplayed(), "no alert with 4 ahead");
    assertEquals(0, rings(driver));

    api.counter("1", "call-next", clerk);
    waitAhead("3");
    waitUntil(driver, d -> d.findElement(By.id("alert")).isDisplayed());
    String alert = Browser.text(driver, "alert");
    assertTrue(alert.contains("Sắp đến lượt") && alert.contains("3"), alert);
    assertEquals(1, rings(driver), "one alert at three ahead");
    assertTrue(vibrations() >= 1, "the phone vibrates");
    assertTrue(beeps() > beepsBefore, "and beeps, the citizen having allowed sound");
    Browser.screenshot(driver, "track-soon");

    api.counter("1", "call-next", clerk);
    waitAhead("2");
    assertEquals(1, rings(driver), "no second alert while the count keeps dropping");

    for (int i = 0; i < 3; i++) api.counter("1", "call-next", clerk);
    waitUntil(driver, d -> "CALLED".equals(d.findElement(By.id("track")).getAttribute("data-status")));
    waitUntil(driver, d -> Browser.text(d, "alert").contains("Quầy 1"));
    assertTrue(Browser.text(driver, "status").contains("Quầy 1"), Browser.text(driver, "status"));
    assertEquals(2, rings(driver), "the call rings again");
    Browser.screenshot(driver, "track-called");

    String page = driver.findElement(By.tagName("body")).getText();
    assertFalse(page.contains("HS-RIENG-0042"), "no dossier code or other personal data on the page");
  }

  @Test
  @DisplayName("After service the phone offers the rating once; unhappy asks why; then it thanks")
  void rateFromPhone() {
    JsonObject mine = api.issue("DD");
    String clerk = api.login("clerk1");
    driver.get("http://localhost:" + server.port() + "/t/" + mine.getString("trackToken"));
    waitAhead("0");
    api.counter("1", "call-next", clerk);
    api.counter("1", "finish", clerk);
    waitUntil(driver, d -> d.findElement(By.id("rate")).isDisplayed());
    assertEquals(3, driver.findElements(By.cssSelector("#levels button")).size());
    Browser.screenshot(driver, "track-rate");
    driver.findElement(By.cssSelector("#levels button[data-score='1']")).click();
    waitUntil(driver, d -> d.findElement(By.id("reason")).isDisplayed());
    driver.findElement(By.cssSelector("#reasons button[data-reason='UNCLEAR_GUIDANCE']")).click();
    waitUntil(driver, d -> d.findElement(By.id("thanks")).isDisplayed());
    assertFalse(driver.findElement(By.id("rate")).isDisplayed());
    JsonObject ratings = api.get("/api/centers/default/stats", api.login("supervisor")).json()
        .getJsonObject("total").getJsonObject("ratings");
    assertEquals(1, ratings.getInteger("count"));
    assertEquals(1, ratings.getJsonObject("reasons").getInteger("UNCLEAR_GUIDANCE"));
    driver.navigate().refresh();
    waitUntil(driver, d -> d.findElement(By.id("thanks")).isDisplayed());
    assertFalse(driver.findElement(By.id("rate")).isDisplayed(), "rated once: not offered again");
  }
}
