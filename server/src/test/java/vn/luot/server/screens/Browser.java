package vn.luot.server.screens;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The one place that knows how to drive Debian's headless Chromium: the verified setup of TOOLCHAIN §6 (explicit
 * browser and driver, so Selenium Manager never runs), sound allowed without a touch, and the small page probes the
 * screen tests and the fan-out benchmark share. Where chromium or chromedriver is missing, classes marked
 * {@link Required} are skipped with {@link #MISSING_MARKER} on stdout, which CI turns into a failure.
 */
public final class Browser {
  /** CI fails a run whose output holds this; a developer without the packages still gets a passing run. */
  public static final String MISSING_MARKER = "LUOT-MISSING-TOOL: chromium chromium-driver";
  public static final Path CHROMIUM = Path.of(System.getProperty("luot.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER = Path.of(System.getProperty("luot.chromedriver", "/usr/bin/chromedriver"));
  public static final Duration WAIT = Duration.ofSeconds(15);

  /**
   * Records every clip the page starts and finishes, installed before any page script runs: window.__audio.log is
   * a list of {kind: play|ended|pause|error, file, t}, and window.__audio.maxPlaying the most clips ever sounding at
   * once. Audio elements made with new Audio() are outside the document, so play() itself is wrapped.
   */
  static final String AUDIO_PROBE = """
      (() => {
        const log = [];
        let playing = 0, maxPlaying = 0;
        window.__audio = { log, maxPlaying: () => maxPlaying };
        const name = (el) => decodeURIComponent((el.currentSrc || el.src).split('/').pop());
        const play = HTMLMediaElement.prototype.play;
        HTMLMediaElement.prototype.play = function () {
          const el = this;
          if (!el.__probed) {
            el.__probed = true;
            const stop = (kind) => () => {
              if (!el.__sounding) return;
              el.__sounding = false;
              playing--;
              // At a clip's natural end the element fires 'pause' and then 'ended': both mean it finished.
              log.push({ kind: el.ended ? 'ended' : kind, file: name(el), t: performance.now() });
            };
            el.addEventListener('ended', stop('ended'));
            el.addEventListener('pause', stop('pause'));
            el.addEventListener('error', stop('error'));
          }
          const started = play.apply(el, arguments);
          started.then(() => {
            el.__sounding = true;
            playing++;
            maxPlaying = Math.max(maxPlaying, playing);
            log.push({ kind: 'play', file: name(el), t: performance.now() });
          }, () => {});
          return started;
        };
      })();
      """;

  private Browser() {}

  public static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** Says loudly, once per call, which packages are missing. */
  public static String missingMessage() {
    String message = MISSING_MARKER + " (need " + CHROMIUM + " and " + CHROMEDRIVER
        + "; apt-get install chromium chromium-driver) — browser tests skipped";
    System.out.println(message);
    return message;
  }

  /** Marks a test class that needs the browser: skipped, with the marker printed, where it is missing. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @ExtendWith(Condition.class)
  public @interface Required {}

  static final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (available()) return ConditionEvaluationResult.enabled("chromium and chromedriver are installed");
      if (context.getTestMethod().isPresent()) return ConditionEvaluationResult.disabled(MISSING_MARKER);
      return ConditionEvaluationResult.disabled(missingMessage());
    }
  }

  /**
   * A fresh headless Chromium with its profile in {@code profile} (a JUnit @TempDir, so it is removed afterwards)
   * and a viewport of exactly width × height.
   */
  public static ChromeDriver start(Path profile, int width, int height) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--hide-scrollbars", "--mute-audio",
        "--autoplay-policy=no-user-gesture-required", // the lobby's clips really play, with no touch first
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withEnvironment(Map.of("SE_OFFLINE", "true", "SE_AVOID_STATS", "true"))
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(WAIT);
    viewport(driver, width, height);
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", AUDIO_PROBE));
    return driver;
  }

  /** Sets the page's viewport exactly (a window size would include the browser's own frame). */
  public static void viewport(ChromeDriver driver, int width, int height) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  public static <T> T waitUntil(WebDriver driver, Function<WebDriver, T> condition) {
    return waitUntil(driver, WAIT, condition);
  }

  public static <T> T waitUntil(WebDriver driver, Duration timeout, Function<WebDriver, T> condition) {
    // The lobby redraws its tiles every second, so an element found a moment ago may be gone: look again.
    return new WebDriverWait(driver, timeout, Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class).until(condition);
  }

  /**
   * Opens a staff page as a browser with nothing remembered (no session, no stored language) and submits its sign-in
   * form; the caller waits for what the page shows next.
   */
  public static void signIn(WebDriver driver, String pageUrl, String username, String password) {
    driver.get(pageUrl);
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("sessionStorage.clear(); localStorage.clear()");
    driver.navigate().refresh();
    driver.findElement(org.openqa.selenium.By.id("username")).sendKeys(username);
    driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(password);
    driver.findElement(org.openqa.selenium.By.cssSelector("#login button[type=submit]")).click();
  }

  public static String text(WebDriver driver, String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** An attribute of the page's main element, e.g. "data-seq", "data-connection", "data-played". */
  public static String screen(WebDriver driver, String attribute) {
    return driver.findElement(By.id("screen")).getAttribute(attribute);
  }

  /** The announcements the lobby has played, oldest first: [{call: {number, counter, recall, …}, clips: [file…]}]. */
  public static JsonArray played(WebDriver driver) {
    String played = screen(driver, "data-played");
    return played == null || played.isEmpty() ? new JsonArray() : new JsonArray(played);
  }

  /** Waits until the lobby has played at least {@code count} announcements, and returns them all. */
  public static JsonArray waitPlayed(WebDriver driver, int count, Duration timeout) {
    return waitUntil(driver, timeout, d -> {
      JsonArray p = played(d);
      return p.size() >= count ? p : null;
    });
  }

  /** Waits until the page's stream is open and has rendered a snapshot. */
  public static void waitConnected(WebDriver driver) {
    waitUntil(driver, d -> "open".equals(screen(d, "data-connection")) && Long.parseLong(screen(d, "data-seq")) >= 0);
  }

  /** Runs an async script: the script calls done(value) (the last argument) exactly once. */
  public static Object async(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];\n" + script, args);
  }

  public static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** The clips started and finished on the page so far (see {@link #AUDIO_PROBE}). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> audioLog(WebDriver driver) {
    return (List<Map<String, Object>>) js(driver, "return window.__audio ? window.__audio.log : [];");
  }

  public static long maxClipsAtOnce(WebDriver driver) {
    return ((Number) js(driver, "return window.__audio ? window.__audio.maxPlaying() : 0;")).longValue();
  }

  /** Saves a PNG of the viewport under server/target/screenshots/. */
  public static Path screenshot(ChromeDriver driver, String name) {
    Path dir = Path.of(System.getProperty("luot.screenshots", "target/screenshots"));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
