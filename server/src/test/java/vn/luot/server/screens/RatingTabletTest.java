package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.screens.Browser.waitUntil;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

@Browser.Required
@DisplayName("The rating tablet at a counter (10-inch, 1280×800)")
@PageTest.Window(width = 1280, height = 800)
class RatingTabletTest extends PageTest {
  String clerk;

  @BeforeEach
  void openTablet() {
    clerk = api.login("clerk1");
    driver.get("http://localhost:" + server.port() + "/rate/?counter=1");
    waitUntil(driver, d -> "open".equals(tablet(d, "data-connection")));
  }

  private static String tablet(WebDriver d, String attribute) {
    return d.findElement(By.id("tablet")).getAttribute(attribute);
  }

  private static void waitView(String view) {
    waitUntil(driver, d -> view.equals(tablet(d, "data-view")));
  }

  /** Every answer button lies wholly inside the viewport, so nothing needs scrolling on the tablet. */
  private static void assertFitsOnScreen() {
    Object off = Browser.js(driver, """
        return [...document.querySelectorAll('#levels button')].map(b => b.getBoundingClientRect())
          .filter(r => r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth).length;""");
    assertEquals(0L, ((Number) off).longValue(), "answer buttons outside the screen");
  }

  private JsonObject ratings() {
    return api.get("/api/centers/default/stats", api.login("supervisor")).json().getJsonObject("total").getJsonObject("ratings");
  }

  /** Issues a ticket, calls it at counter 1 and finishes it. */
  private JsonObject serveOne() {
    JsonObject issued = api.issue("DD");
    assertEquals(200, api.counter("1", "call-next", clerk).status());
    assertEquals(200, api.counter("1", "finish", clerk).status());
    return issued;
  }

  @Test
  @DisplayName("Idle, then asks about the ticket just finished; a double tap is one rating; thanks, then idle again")
  void oneRatingThenIdle() {
    waitView("idle");
    assertTrue(Browser.text(driver, "idle").contains("Cảm ơn quý công dân"));
    assertEquals("Trung tâm Phục vụ Hành chính công TP Thanh Hóa", Browser.text(driver, "center-name"));
    assertEquals("Quầy 1", Browser.text(driver, "counter-name"));

    api.issue("DD");
    api.counter("1", "call-next", clerk);
    assertEquals("idle", tablet(driver, "data-view"), "nothing to rate while the citizen is still at the counter");
    api.counter("1", "finish", clerk);
    waitView("ask");
    assertTrue(Browser.text(driver, "ask").contains("Đánh giá mức độ hài lòng"));
    assertEquals("A001", Browser.text(driver, "ask-number"));
    List<String> levels = driver.findElements(By.cssSelector("#levels button")).stream()
        .map(e -> e.getText().split("\n")[0]).toList();
    assertEquals(List.of("Rất hài lòng", "Hài lòng", "Không hài lòng"), levels);
    Browser.screenshot(driver, "rate");
    assertFitsOnScreen();
    Browser.viewport(driver, 800, 1280); // the same tablet held upright
    try {
      Browser.screenshot(driver, "rate-portrait");
      assertFitsOnScreen();
    } finally {
      Browser.viewport(driver, 1280, 800);
    }

    WebElement happy = driver.findElement(By.cssSelector("#levels button[data-score='3']"));
    Browser.js(driver, "arguments[0].click(); arguments[0].click(); arguments[1].click();", happy,
        driver.findElement(By.cssSelector("#levels button[data-score='1']")));
    waitView("thanks");
    assertTrue(Browser.text(driver, "thanks").contains("Cảm ơn quý công dân đã đánh giá"));
    assertEquals("", Browser.text(driver, "thanks-note"), "the rating went through");
    JsonObject ratings = ratings();
    assertEquals(1, ratings.getInteger("count"), "three taps, one rating");
    assertEquals(1, ratings.getJsonObject("byScore").getInteger("3"));

    waitView("idle");
    Browser.js(driver, "location.reload()");
    waitUntil(driver, d -> "open".equals(tablet(d, "data-connection")));
    waitView("idle");
    assertEquals("idle", tablet(driver, "data-view"), "a rated ticket is not asked about again after a reload");
  }

  @Test
  @DisplayName("Unhappy: the tablet offers the reasons; the chosen one is stored and counted")
  void unhappyWithReason() {
    serveOne();
    waitView("ask");
    driver.findElement(By.cssSelector("#levels button[data-score='1']")).click();
    waitView("reason");
    List<String> reasons = driver.findElements(By.cssSelector("#reasons button")).stream()
        .map(e -> e.getText().split("\n")[0]).toList();
    assertEquals(List.of("Chờ lâu", "Thái độ", "Hướng dẫn chưa rõ", "Khác"), reasons);
    Browser.screenshot(driver, "rate-reason");
    driver.findElement(By.cssSelector("#reasons button[data-reason='LONG_WAIT']")).click();
    waitView("thanks");
    JsonObject ratings = ratings();
    assertEquals(1, ratings.getJsonObject("byScore").getInteger("1"));
    assertEquals(1, ratings.getJsonObject("reasons").getInteger("LONG_WAIT"));
  }

  @Test
  @DisplayName("Rated from the phone first: the tablet's question goes away by itself")
  void ratedFromPhone() {
    JsonObject done = serveOne();
    waitView("ask");
    assertEquals(204, api.post("/api/track/" + done.getString("trackToken") + "/rating", "{\"score\":2}").status());
    waitView("idle");
    assertEquals(1, ratings().getInteger("count"));
  }

  @Test
  @DisplayName("Call-next after a finish asks about the finished ticket, not the one just called")
  void callNextFinishes() {
    api.issue("DD");
    api.issue("DD");
    api.counter("1", "call-next", clerk);
    api.counter("1", "call-next", clerk); // finishes A001, calls A002
    waitView("ask");
    assertEquals("A001", Browser.text(driver, "ask-number"));
  }
}
