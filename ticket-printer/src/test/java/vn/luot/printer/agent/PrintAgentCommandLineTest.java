package vn.luot.printer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.printer.layout.Paper;
import vn.luot.printer.layout.TicketLayout;
import vn.luot.printer.testing.Images;

/** The agent as a process: exit codes, usage, and the test print (the README's preview comes from it). */
@DisplayName("The agent's command line: --help, bad arguments exit 2, --test-print")
class PrintAgentCommandLineTest {
  @TempDir
  Path dir;

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), PrintAgent.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "agent did not exit");
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("--help prints the usage and exits 0")
  void help() throws Exception {
    Result r = run("--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("Usage: java -jar luot-printer.jar --server http://HOST:8080 --kiosk K1"), r.out());
  }

  @Test
  @DisplayName("A bad argument exits 2 with a message naming it")
  void badArgument() throws Exception {
    Result r = run("--server", "http://h:8080", "--kiosk", "K1", "--printer", "usb:/dev/usb/lp0");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("luot-printer: printer must be tcp://HOST:PORT, file:DEVICE or png:DIR"), r.err());
  }

  @Test
  @DisplayName("--test-print to a PNG folder writes ticket-80mm.png, the demo ticket, and exits 0")
  void testPrintPng() throws Exception {
    Result r = run("--test-print", "--printer", "png:" + dir);
    assertEquals(0, r.exit(), r.err());
    Path png = dir.resolve("ticket-80mm.png");
    assertTrue(Files.exists(png), r.err());
    var expected = new TicketLayout(Paper.MM80).render(PrintAgent.demoTicket(AgentOptions.parse("--test-print",
        "--printer", "png:" + dir)));
    assertNull(Images.firstDifference(expected, ImageIO.read(png.toFile())));
    assertTrue(r.err().matches("(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO +PrintAgent: test ticket printed.*"),
        "one-line log records: " + r.err());
  }

  @Test
  @DisplayName("--test-print to a printer that is not there exits 1")
  void testPrintFails() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r = run("--test-print", "--printer", "tcp://127.0.0.1:" + port);
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("test ticket did not print on tcp://127.0.0.1:" + port + ": OFFLINE"), r.err());
  }
}
