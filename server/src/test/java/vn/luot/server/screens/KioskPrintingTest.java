package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

/**
 * The whole kiosk: a touch on /kiosk/ issues a ticket, the kiosk's print agent (luot-printer, a separate process)
 * receives the job and prints it to a printer on a TCP port, and the kiosk screen says the ticket printed — or,
 * with the printer down, says so, keeps the number and QR code large, and the server records it as not printed.
 */
@Browser.Required
@DisplayName("Kiosk to paper: a touch on the kiosk prints the ticket through the print agent")
class KioskPrintingTest {
  static final byte ESC = 0x1B;
  static final byte GS = 0x1D;

  @TempDir static Path profile;
  static ChromeDriver driver;
  static Vertx vertx;

  @TempDir Path data;
  @TempDir Path agentState;
  TestServer server;
  Api api;
  FakePrinter printer;
  Process agent;

  /** A network printer on port 9100's protocol: records every byte; answers status requests with "ready". */
  static final class FakePrinter {
    final NetServer server;
    final Buffer received = Buffer.buffer();

    FakePrinter(Vertx vertx) throws Exception {
      server = vertx.createNetServer().connectHandler(socket -> socket.endHandler(v -> socket.close()).handler(bytes -> {
        synchronized (received) {
          received.appendBuffer(bytes);
        }
        // DLE EOT n: a real-time status request; 0x12 is "no error, online, paper present" for n = 1, 2, 4.
        for (int i = 0; i + 1 < bytes.length(); i++) {
          if (bytes.getByte(i) == 0x10 && bytes.getByte(i + 1) == 0x04) socket.write(Buffer.buffer(new byte[] {0x12}));
        }
      })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    int port() {
      return server.actualPort();
    }

    byte[] bytes() {
      synchronized (received) {
        return received.getBytes();
      }
    }

    void stop() throws Exception {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  @BeforeAll
  static void startBrowser() {
    driver = Browser.start(profile, 1280, 800);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (driver != null) driver.quit();
    if (vertx != null) vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(data);
    api = server.api();
    printer = new FakePrinter(vertx);
    agent = startAgent("tcp://127.0.0.1:" + printer.port());
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
    printer.stop();
    server.close();
  }

  private Process startAgent(String printerUri) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "vn.luot.printer.agent.PrintAgent",
        "--server", "http://localhost:" + server.port(),
        "--kiosk", "K1",
        "--printer", printerUri,
        "--state", agentState.toString(),
        "--key", vn.luot.server.config.ServerConfig.DEFAULT_DEMO_KIOSK_KEY));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(agentState.resolveSibling(agentState.getFileName() + "-agent.log").toFile()).start();
  }

  private void openKiosk() {
    driver.get("http://localhost:" + server.port() + "/kiosk/?kiosk=K1");
    Browser.waitUntil(driver, d -> "open".equals(d.findElement(By.id("kiosk")).getAttribute("data-connection"))
        && !d.findElements(By.cssSelector("button.field")).isEmpty());
  }

  private void touch(String field) {
    driver.findElement(By.cssSelector("button.field[data-field='" + field + "']")).click();
  }

  private String printState(Duration timeout) {
    return Browser.waitUntil(driver, timeout, d -> {
      String s = d.findElement(By.id("print-status")).getAttribute("data-print");
      return "pending".equals(s) ? null : s;
    });
  }

  @Test
  @DisplayName("Touching Đất đai shows A001 with its QR code, the printer receives an ESC/POS job (ESC @ … cut), and the kiosk says to take the ticket")
  void touchPrints() throws Exception {
    waitForAgent();
    openKiosk();
    touch("DD");
    Browser.waitUntil(driver, d -> "A001".equals(d.findElement(By.id("ticket-number")).getText()));
    assertEquals("Đất đai", Browser.text(driver, "ticket-field"));
    String qr = driver.findElement(By.id("ticket-qr")).getAttribute("src");
    assertTrue(qr.contains("/api/track/default.") && qr.endsWith("/qr.svg"), qr);
    assertEquals("printed", printState(Duration.ofSeconds(30)), "the agent acknowledged the print");

    byte[] bytes = printer.bytes();
    assertTrue(bytes.length > 1000, "a raster ticket is thousands of bytes, got " + bytes.length);
    assertTrue(indexOf(bytes, new byte[] {ESC, '@'}) >= 0, "ESC @ initializes the printer");
    assertTrue(indexOf(bytes, new byte[] {GS, 'v', '0'}) >= 0, "GS v 0: the ticket is a raster image");
    assertTrue(indexOf(bytes, new byte[] {GS, 'V'}) > indexOf(bytes, new byte[] {GS, 'v', '0'}), "the cut comes last");

    JsonObject kiosks = api.get("/api/centers/default/kiosks", api.login("admin")).json();
    assertEquals(0, kiosks.getJsonArray("unprinted").size(), kiosks.encode());
    Browser.screenshot(driver, "kiosk-ticket-printed");
  }

  @Test
  @DisplayName("With the printer down the kiosk says the printer failed and shows the QR code large; the ticket is recorded as not printed")
  void printerDown() throws Exception {
    waitForAgent();
    printer.stop();
    openKiosk();
    touch("HT");
    Browser.waitUntil(driver, d -> "B001".equals(d.findElement(By.id("ticket-number")).getText()));
    assertEquals("failed", printState(Duration.ofSeconds(40)));
    assertTrue(Browser.text(driver, "print-status").contains("Máy in gặp sự cố"));
    assertTrue(driver.findElement(By.id("ticket")).getAttribute("class").contains("unprinted"), "the QR code is shown large");
    Browser.screenshot(driver, "kiosk-printer-down");

    String admin = api.login("admin");
    JsonObject job = Browser.waitUntil(driver, Duration.ofSeconds(60), d -> api.get("/api/centers/default/kiosks", admin)
        .json().getJsonArray("unprinted").stream().map(JsonObject.class::cast)
        .filter(j -> "B001".equals(j.getString("number")) && "FAILED".equals(j.getString("status")))
        .findFirst().orElse(null));
    assertEquals("K1", job.getString("kiosk"));
  }

  private void waitForAgent() {
    String admin = api.login("admin");
    Browser.waitUntil(driver, Duration.ofSeconds(30), d -> api.get("/api/centers/default/kiosks", admin).json()
        .getJsonArray("kiosks").stream().map(JsonObject.class::cast)
        .anyMatch(k -> "K1".equals(k.getString("kiosk")) && k.getBoolean("connected")) ? Boolean.TRUE : null);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
