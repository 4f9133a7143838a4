package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.screens.Browser.waitUntil;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.luot.server.support.Api;
import vn.luot.server.support.KnownMorning;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;

/**
 * The live dashboard and the reports page in headless Chromium against a real server whose clock the test moves:
 * a field's card turns red when its longest wait passes the target, the report shows hand-checked figures with
 * charts, the printed summary is one A4 page, and both pages are photographed on a busy morning.
 */
@Browser.Required
@DisplayName("Dashboard and reports pages")
class ReportPagesTest {
  static final String DAY = KnownMorning.DAY;
  @TempDir static Path profile;
  static ChromeDriver driver;

  @TempDir Path data;
  @TempDir Path downloads;
  MutableClock clock = new MutableClock(at("07:30:00"));
  TestServer server;
  Api api;

  @BeforeAll
  static void startBrowser() {
    driver = Browser.start(profile, 1366, 768);
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) driver.quit();
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private void startServer() {
    server = TestServer.start(data, clock);
    api = server.api();
  }

  static Instant at(String localTime) {
    return KnownMorning.at(localTime);
  }

  private String url(String path) {
    return "http://localhost:" + server.port() + path;
  }

  /** Opens a page already signed in: the token where the admin shell keeps it. */
  private void openSignedIn(String path, String username) {
    String token = api.login(username);
    driver.get(url("/admin/reports.html")); // any page of the origin, to reach its sessionStorage
    Browser.js(driver, "sessionStorage.setItem('luot.admin.token', arguments[0])", token);
    driver.get(url(path));
  }

  /** The page redraws its cards on every read of the dashboard, so each probe reads the live DOM in one step. */
  private static String over(String field) {
    return (String) Browser.js(driver, "const c = document.getElementById('field-' + arguments[0]);"
        + " return c ? c.dataset.over : null;", field);
  }

  private static String cardText(String field) {
    return (String) Browser.js(driver, "const c = document.getElementById('field-' + arguments[0]);"
        + " return c ? c.innerText : '';", field);
  }

  private static String rowText(String counter) {
    return (String) Browser.js(driver, "const r = document.getElementById('counter-' + arguments[0]);"
        + " return r ? r.innerText : '';", counter);
  }

  /** Everything that reaches past the right edge of the viewport, for a clear failure message. */
  private static Object widerThanScreen() {
    return Browser.js(driver, "return [...document.querySelectorAll('body *')].filter((e) => !e.closest('.table-wrap')"
        + " && e.getBoundingClientRect().right > innerWidth + 1).map((e) => e.tagName + '#' + e.id + '.' + e.className)");
  }

  private static int updates() {
    return Integer.parseInt(driver.findElement(By.id("screen")).getAttribute("data-updates"));
  }

  @Test
  @DisplayName("dashboard: a supervisor signs in; Đất đai turns red once A001 has waited past 30 minutes, live")
  void fieldTurnsRed() {
    startServer();
    clock.set(at("08:00:00"));
    api.issue("DD");
    api.issue("HT");
    clock.set(at("08:02:00"));
    assertEquals(200, api.counter("3", "call-next", api.login("clerk3")).status());

    driver.get(url("/admin/dashboard.html"));
    Browser.js(driver, "sessionStorage.clear()");
    driver.navigate().refresh();
    driver.findElement(By.id("username")).sendKeys("supervisor");
    driver.findElement(By.id("password")).sendKeys(TestServer.PASSWORD);
    driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    Browser.waitConnected(driver);
    waitUntil(driver, d -> updates() >= 1 && cardText("DD").contains("1"));
    assertEquals("false", over("DD"), "2 minutes of 30: not red");
    assertTrue(cardText("DD").contains("Chỉ tiêu 30 phút"), cardText("DD"));
    String counter3 = rowText("3");
    assertTrue(counter3.contains("Đang mời"), counter3);
    assertTrue(counter3.contains("B001"), counter3);
    assertTrue(counter3.contains("clerk3"), counter3);
    assertEquals("1", driver.findElement(By.id("waiting")).getText());

    // 08:30:01: A001 has waited 30 min 1 s. Another citizen takes a number; the stream tells the page, which reads
    // the dashboard again and colours the card.
    clock.set(at("08:30:01"));
    int before = updates();
    api.issue("CT");
    // A read already in flight when the clock moved can colour the card before C001 is counted: wait for both.
    waitUntil(driver, d -> updates() > before && "true".equals(over("DD"))
        && "2".equals(d.findElement(By.id("waiting")).getText()));
    assertEquals("rgb(253, 236, 234)", Browser.js(driver,
        "return getComputedStyle(document.getElementById('field-DD')).backgroundColor"), "the red ground");
    assertEquals("false", over("CT"), "C001 has only just arrived");
    assertEquals("false", over("HT"), "nobody waits in HT");
    assertEquals("1", driver.findElement(By.id("over")).getText());
    assertEquals("2", driver.findElement(By.id("waiting")).getText());

    // A clerk calls A001: nobody waits in DD any more and the card is calm again.
    clock.set(at("08:31:00"));
    int again = updates();
    assertEquals(200, api.counter("1", "call-next", api.login("clerk1")).status());
    waitUntil(driver, d -> updates() > again && "false".equals(over("DD")));
    assertTrue(rowText("1").contains("A001"), rowText("1"));
  }

  @Test
  @DisplayName("a clerk's account is refused by the pages' sign-in form")
  void clerkIsRefused() {
    startServer();
    driver.get(url("/admin/reports.html"));
    Browser.js(driver, "sessionStorage.clear()");
    driver.navigate().refresh();
    driver.findElement(By.id("username")).sendKeys("clerk1");
    driver.findElement(By.id("password")).sendKeys(TestServer.PASSWORD);
    driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    waitUntil(driver, d -> d.findElement(By.id("signin-error")).getText().contains("không xem được báo cáo"));
    assertFalse(driver.findElement(By.id("app")).isDisplayed());
  }

  @Test
  @DisplayName("report for a known morning: figures by field as worked out by hand, charts drawn, one A4 page to print")
  void reportOfAKnownMorning() {
    startServer();
    KnownMorning.play(api, clock);
    openSignedIn("/admin/reports.html?from=" + DAY + "&to=" + DAY, "supervisor");
    waitUntil(driver, d -> "ready".equals(d.findElement(By.id("report")).getAttribute("data-state")));

    // The figures of KnownMorning. DD: issued 3, served 2, no-show 0; waits 600 and 885 s: mean and median 742.5 s = 12.4 min, p90 and max
    // 885 s = 14.75 -> 14.8 min; services 300 and 255 s: mean and median 277.5 s = 4.6 min, p90 and max 5 min;
    // both within the target: 100 %; one rating of 3; outcomes: 1 completed, 1 missing documents.
    assertEquals(List.of("Đất đai", "3", "2", "0", "12,4", "12,4", "14,8", "14,8", "4,6", "4,6", "5", "5", "100 %",
        "3 (1)", "1", "1", "0", "0"), cells("#by-field tbody tr:nth-child(1) td"));
    // HT: B001 waited 240 s = 4 min, then did not come.
    assertEquals(List.of("Hộ tịch", "1", "0", "1", "4", "4", "4", "4", "—", "—", "—", "—", "100 %", "—", "0", "0",
        "0", "0"), cells("#by-field tbody tr:nth-child(2) td"));
    assertEquals(6, driver.findElements(By.cssSelector("#by-field tbody tr")).size());
    // Total: waits 240, 600, 885 s: mean 575 s = 9.6 min, median 600 s = 10 min, p90 885 s = 14.8 min.
    assertEquals(List.of("Tổng cộng", "4", "2", "1", "9,6", "10", "14,8", "14,8"),
        cells("#by-field tfoot td").subList(0, 8));
    assertEquals("DD", driver.findElement(By.id("worst")).getAttribute("data-field"));
    assertTrue(driver.findElement(By.cssSelector("#by-field tbody tr:nth-child(1)")).getAttribute("class").contains("worst"));
    assertEquals(List.of("clerk1", "clerk3"), cells("#by-clerk tbody tr td:first-child"));
    assertEquals(List.of("08:00–08:59"), cells("#by-hour tbody tr td:first-child"));
    for (String chart : List.of("chart-hours", "chart-fields", "chart-target")) {
      assertEquals(1, driver.findElements(By.cssSelector("#" + chart + " canvas")).size(), chart + " has its canvas");
    }
    // The chart library came from the server itself.
    assertEquals(Boolean.TRUE, Browser.js(driver, "return typeof uPlot === 'function'"));

    // The download button saves the CSV as the server wrote it: BOM, Vietnamese, the file name it gave.
    driver.executeCdpCommand("Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    driver.findElement(By.id("csv")).click();
    Path csv = downloads.resolve("luot-default-2026-11-27_2026-11-27-linh-vuc.csv");
    byte[] saved = waitUntil(driver, d -> {
      try {
        return Files.exists(csv) ? Files.readAllBytes(csv) : null;
      } catch (IOException e) {
        return null;
      }
    });
    assertEquals("\uFEFFMã lĩnh vực;Lĩnh vực;", new String(saved, StandardCharsets.UTF_8).substring(0, 22));
    assertTrue(new String(saved, StandardCharsets.UTF_8).contains(
        "\r\nDD;Đất đai;30;3;2;0;0;0;0;742,5;742,5;885;885;277,5;277,5;300;300;100;1;3;1;0;0;1;1;0;0\r\n"));

    // The printable summary: key figures, the field table with DD marked, who printed it; one A4 page.
    driver.get(url("/admin/reports.html?print=1&from=" + DAY + "&to=" + DAY));
    waitUntil(driver, d -> "ready".equals(d.findElement(By.id("report")).getAttribute("data-state")));
    assertTrue(driver.findElement(By.id("print-fields")).isDisplayed());
    assertFalse(driver.findElement(By.id("by-counter")).isDisplayed(), "the long tables are left out of the page");
    assertEquals("supervisor", driver.findElement(By.id("printed-by")).getText());
    assertEquals("Ngày 27/11/2026", driver.findElement(By.id("print-range")).getText());
    assertTrue(driver.findElement(By.cssSelector("#print-fields tbody tr.worst")).getText().startsWith("Đất đai"));
    assertEquals(1, pdfPages(), "the summary prints on one A4 page");
  }

  @Test
  @DisplayName("a busy morning, photographed: the dashboard (with a field over its target) and the report")
  void screenshots() {
    startServer();
    busyMorning();
    openSignedIn("/admin/dashboard.html", "supervisor");
    Browser.waitConnected(driver);
    waitUntil(driver, d -> updates() >= 1);
    waitFonts();
    assertTrue(driver.findElements(By.cssSelector(".field.over")).size() >= 1, "the morning leaves a field over target");
    Browser.screenshot(driver, "dashboard");
    assertEquals(List.of(), widerThanScreen(), "nothing wider than a 1366 desk");

    Browser.viewport(driver, 390, 844);
    driver.navigate().refresh();
    waitUntil(driver, d -> updates() >= 1);
    assertEquals(List.of(), widerThanScreen(), "the dashboard fits a phone's width (tables scroll inside their panel)");
    Browser.screenshot(driver, "dashboard-phone");

    Browser.viewport(driver, 1366, 1500);
    driver.get(url("/admin/reports.html?from=" + DAY + "&to=" + DAY));
    waitUntil(driver, d -> "ready".equals(d.findElement(By.id("report")).getAttribute("data-state")));
    waitFonts();
    Browser.screenshot(driver, "report");
    Browser.viewport(driver, 390, 844);
    driver.navigate().refresh();
    waitUntil(driver, d -> "ready".equals(d.findElement(By.id("report")).getAttribute("data-state")));
    assertEquals(List.of(), widerThanScreen(), "the report fits a phone's width (tables scroll inside their panels)");
    Browser.screenshot(driver, "report-phone");
    Browser.viewport(driver, 900, 1300);
    driver.get(url("/admin/reports.html?print=1&from=" + DAY + "&to=" + DAY));
    waitUntil(driver, d -> "ready".equals(d.findElement(By.id("report")).getAttribute("data-state")));
    waitFonts();
    Browser.screenshot(driver, "report-print");
    assertEquals(1, pdfPages(), "a busy day's summary still prints on one A4 page");
    Browser.viewport(driver, 1366, 768);
  }

  private static void waitFonts() {
    waitUntil(driver, d -> Boolean.TRUE.equals(Browser.async(d, "document.fonts.ready.then(() => done(true));")));
  }

  private static List<String> cells(String css) {
    return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  /** Prints the page to PDF as Chromium does for the user (A4 from the page's CSS) and counts its pages. */
  private static int pdfPages() {
    Map<String, Object> pdf = driver.executeCdpCommand("Page.printToPDF",
        Map.of("preferCSSPageSize", true, "printBackground", true));
    String text = new String(Base64.getDecoder().decode((String) pdf.get("data")), StandardCharsets.ISO_8859_1);
    Matcher count = Pattern.compile("/Type\\s*/Pages[^>]*?/Count\\s+(\\d+)").matcher(text);
    if (count.find()) return Integer.parseInt(count.group(1));
    Matcher pages = Pattern.compile("/Type\\s*/Page[^s]").matcher(text);
    int n = 0;
    while (pages.find()) n++;
    return n;
  }

  /**
   * 07:30 to 10:40: a citizen every two minutes, land (Đất đai) the busiest; each counter calls its next citizen at
   * its own pace, some services end with missing documents, some citizens rate. By 10:40 land cases pile up.
   */
  private void busyMorning() {
    String[] pattern = {"DD", "HT", "DD", "CT", "DD", "KD", "DD", "HT", "DD", "XD", "CT", "DD", "LD", "DD", "HT"};
    // Minutes between calls at counters 1..8: the five counters that take land cases call about 0.21 a minute while
    // land cases arrive at 0.27 a minute, so its queue grows through the morning.
    int[] pace = {22, 20, 5, 6, 25, 26, 25, 7};
    Map<String, String> tokens = new HashMap<>();
    Map<String, String> trackTokens = new HashMap<>();
    for (int c = 1; c <= 8; c++) tokens.put(String.valueOf(c), api.login("clerk" + c));
    List<String> served = new ArrayList<>();
    int issued = 0;
    for (int minute = 0; minute <= 190; minute++) {
      clock.set(at("07:30:00").plus(Duration.ofMinutes(minute)));
      if (minute % 2 == 0) {
        JsonObject t = api.issue(pattern[issued++ % pattern.length]);
        trackTokens.put(t.getString("number"), t.getString("trackToken"));
      }
      for (int c = 1; c <= 8; c++) {
        if (minute < 5 || (minute + c) % pace[c - 1] != 0) continue;
        String counter = String.valueOf(c);
        if ((minute + c) % 4 == 0) {
          api.post("/api/centers/default/counters/" + c + "/finish",
              new JsonObject().put("outcome", (minute % 3 == 0) ? "MISSING_DOCUMENTS" : "REDIRECTED").encode(), tokens.get(counter));
        }
        Api.Response r = api.counter(counter, "call-next", tokens.get(counter));
        if (r.status() == 200) {
          served.add(r.json().getString("number"));
          if ((minute + c) % 3 != 0) api.counter(counter, "start", tokens.get(counter)); // most come at once
        }
      }
      if (minute % 7 == 0 && !served.isEmpty()) {
        String number = served.remove(0);
        api.post("/api/track/" + trackTokens.get(number) + "/rating",
            new JsonObject().put("score", 1 + (minute % 3 == 0 ? 1 : 2) - (minute % 5 == 0 ? 1 : 0)).encode());
      }
    }
    Api.Response paused = api.post("/api/centers/default/counters/8/finish", null, tokens.get("8"));
    if (paused.status() == 200 || paused.status() == 409) {
      api.post("/api/centers/default/counters/8/pause", new JsonObject().put("reason", "Họp giao ban").encode(), tokens.get("8"));
    }
  }
}
