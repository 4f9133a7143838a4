package vn.luot.server.screens;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

/**
 * What a browser test of one page needs: one headless Chromium for the class, its window sized by {@link Window},
 * and a fresh server with its own data folder for each test. Subclasses carry {@link Browser.Required}.
 */
abstract class PageTest {
  /** The browser window of a test class; a clerk's 1366×768 desk when absent. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface Window {
    int width();

    int height();
  }

  @TempDir static Path profile;
  static ChromeDriver driver;

  @TempDir Path data;
  TestServer server;
  Api api;

  @BeforeAll
  static void startBrowser(TestInfo info) {
    Window window = info.getTestClass().map(c -> c.getAnnotation(Window.class)).orElse(null);
    driver = Browser.start(profile, window == null ? 1366 : window.width(), window == null ? 768 : window.height());
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) driver.quit();
  }

  @BeforeEach
  void startServer() {
    server = TestServer.start(data);
    api = server.api();
  }

  @AfterEach
  void stopServer() {
    if (server != null) server.close();
  }

  String url(String path) {
    return "http://localhost:" + server.port() + path;
  }
}
