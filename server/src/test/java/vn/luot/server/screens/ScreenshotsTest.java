package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.screens.Browser.text;
import static vn.luot.server.screens.Browser.waitConnected;
import static vn.luot.server.screens.Browser.waitUntil;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

/**
 * The screens as a hall would see them mid-morning, photographed into server/target/screenshots/ at the sizes the
 * issue names, and checked for text that spills out of its box or off the screen.
 */
@Browser.Required
@DisplayName("The screens at 1366×768, 1920×1080 and 3840×2160")
class ScreenshotsTest {
  @TempDir static Path profile;
  @TempDir static Path data;
  static ChromeDriver driver;
  static TestServer server;
  static String base;

  /**
   * Everything on the page that spills: an element outside the viewport, or wider/taller than an ancestor that clips
   * it. The scrolling notice moves through its box by design and is left out.
   */
  static final String OVERFLOW = """
      const vw = innerWidth, vh = innerHeight, out = [];
      const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
      for (const el of document.querySelectorAll('#screen *')) {
        if (el.closest('[hidden]') || el.closest('.notice')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) {
          out.push(name(el) + ' off screen ' + JSON.stringify([r.left, r.top, r.right, r.bottom].map(Math.round)));
          continue;
        }
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
          out.push(name(el) + ' clips its text (' + el.scrollWidth + ' > ' + el.clientWidth + '): ' + el.textContent.trim().slice(0, 60));
        }
        for (let p = el.parentElement; p && p.id !== 'screen'; p = p.parentElement) {
          if (getComputedStyle(p).overflow === 'visible') continue;
          const q = p.getBoundingClientRect();
          if (r.right > q.right + 1 || r.bottom > q.bottom + 1 || r.left < q.left - 1 || r.top < q.top - 1) {
            out.push(name(el) + ' cut off by ' + name(p));
          }
          break;
        }
      }
      return out;
      """;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    base = "http://localhost:" + server.port();
    driver = Browser.start(profile, 1920, 1080);
    morningAtTheCenter(server.api());
  }

  @AfterAll
  static void stop() {
    if (driver != null) driver.quit();
    if (server != null) server.close();
  }

  /** A realistic hall: queues in every field, seven counters busy, one paused for lunch, recent calls to show. */
  static void morningAtTheCenter(Api api) {
    int[] tickets = {23, 11, 9, 5, 6, 4}; // DD, HT, CT, KD, XD, LD
    String[] fields = {"DD", "HT", "CT", "KD", "XD", "LD"};
    for (int f = 0; f < fields.length; f++) for (int i = 0; i < tickets[f]; i++) api.issue(fields[f]);
    String[][] work = {
        {"1", "call-next", "start", "finish", "call-next", "start"},
        {"2", "call-next", "start", "finish", "call-next"},
        {"3", "call-next", "start"},
        {"4", "call-next", "start", "finish", "call-next", "start", "finish", "call-next"},
        {"5", "call-next", "start", "finish", "call-next", "start"},
        {"6", "call-next", "start"},
        {"7", "call-next", "start", "finish", "call-next"},
        {"8", "call-next", "start", "finish"},
    };
    for (String[] counter : work) {
      String token = api.login("clerk" + counter[0]);
      for (int i = 1; i < counter.length; i++) {
        Api.Response r = api.counter(counter[0], counter[i], token);
        assertTrue(r.status() == 200, counter[i] + " at " + counter[0] + ": " + r.body());
      }
    }
    String clerk8 = api.login("clerk8");
    Api.Response paused = api.post("/api/centers/default/counters/8/pause", new JsonObject().put("reason", "Nghỉ giữa giờ").encode(), clerk8);
    assertEquals(200, paused.status(), paused.body());
    // The newest call, still highlighted when the picture is taken.
    String clerk3 = api.login("clerk3");
    api.counter("3", "finish", clerk3);
    assertEquals(200, api.counter("3", "call-next", clerk3).status());
  }

  static void open(String path, int width, int height) {
    Browser.viewport(driver, width, height);
    driver.get(base + path);
    waitConnected(driver);
    waitUntil(driver, d -> Boolean.TRUE.equals(Browser.async(d, "document.fonts.ready.then(() => done(document.fonts.status === 'loaded'));")));
  }

  @SuppressWarnings("unchecked")
  static List<String> overflow() {
    return (List<String>) Browser.js(driver, OVERFLOW);
  }

  @ParameterizedTest(name = "lobby at {0}×{1}")
  @DisplayName("The lobby fits the screen with nothing cut off, and is photographed")
  @CsvSource({"1920, 1080", "1366, 768", "3840, 2160"})
  void lobby(int width, int height) {
    open("/display/?voice=off", width, height);
    waitUntil(driver, d -> text(d, "current-number").startsWith("B") || text(d, "current-number").startsWith("C"));
    assertEquals("Tạm dừng", CallsOnScreensTest.tileNumber(driver, "8"));
    assertEquals(8, ((Number) Browser.js(driver, "return document.querySelectorAll('#counters .tile').length")).intValue());
    // The notice scrolls in from the right edge; photograph it part-way through, as a passer-by would see it.
    Browser.js(driver, "document.querySelector('.ticker').getAnimations().forEach((a) => { a.currentTime = 6000; });");
    Browser.screenshot(driver, "lobby-" + width + "x" + height);
    assertEquals(List.of(), overflow(), "lobby at " + width + "×" + height);
  }

  @ParameterizedTest(name = "counter screen at {0}×{1}")
  @DisplayName("The counter screen fits the screen with nothing cut off, and is photographed")
  @CsvSource({"1920, 1080", "1366, 768", "3840, 2160"})
  void counter(int width, int height) {
    open("/display/counter.html?counter=3", width, height);
    waitUntil(driver, d -> "Mời công dân".equals(text(d, "status")));
    Browser.screenshot(driver, "counter-" + width + "x" + height);
    assertEquals(List.of(), overflow(), "counter screen at " + width + "×" + height);
  }

  @Test
  @DisplayName("A paused counter's screen says Tạm dừng with the reason, and fits")
  void pausedCounter() {
    open("/display/counter.html?counter=8", 1920, 1080);
    assertEquals("Tạm dừng", text(driver, "status"));
    assertEquals("Nghỉ giữa giờ", text(driver, "reason"));
    Browser.screenshot(driver, "counter-paused-1920x1080");
    assertEquals(List.of(), overflow());
  }
}
