package vn.luot.printer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.luot.printer.escpos.Buzzer;
import vn.luot.printer.layout.Paper;

@DisplayName("The agent's command line")
class AgentOptionsTest {

  @Test
  @DisplayName("The documented command gives the documented defaults")
  void defaults() throws Exception {
    AgentOptions o = AgentOptions.parse("--server", "http://10.0.0.2:8080", "--kiosk", "K1",
        "--printer", "tcp://10.0.0.50:9100");
    assertEquals(URI.create("http://10.0.0.2:8080"), o.server());
    assertEquals("K1", o.kiosk());
    assertEquals("default", o.center());
    assertEquals(Paper.MM80, o.paper());
    assertEquals(Path.of("luot-printer-state"), o.stateDir());
    assertEquals(AgentOptions.Mode.RASTER, o.mode());
    assertEquals(Buzzer.OFF, o.buzzer());
    assertEquals(3, o.attempts());
    assertEquals(30, o.statusInterval().toSeconds());
    assertEquals(500, o.reconnectMin().toMillis());
    assertEquals(10, o.reconnectMax().toSeconds());
  }

  @Test
  @DisplayName("Every option is read")
  void everything() throws Exception {
    AgentOptions o = AgentOptions.parse("--server", "https://luot.example.vn", "--kiosk", "K2", "--center", "thanhhoa",
        "--printer", "file:/dev/usb/lp0", "--paper", "58", "--state", "/var/lib/luot", "--mode", "text",
        "--codepage", "94", "--buzzer", "esc-b", "--attempts", "5", "--status-interval", "10");
    assertEquals("thanhhoa", o.center());
    assertEquals(Paper.MM58, o.paper());
    assertEquals(AgentOptions.Mode.TEXT, o.mode());
    assertEquals(94, o.codeTable());
    assertEquals(Buzzer.ESC_B, o.buzzer());
    assertEquals(5, o.attempts());
    assertEquals(10, o.statusInterval().toSeconds());
  }

  @Test
  @DisplayName("A test print needs only a printer")
  void testPrint() throws Exception {
    AgentOptions o = AgentOptions.parse("--test-print", "--printer", "png:/tmp/x");
    assertTrue(o.testPrint());
    assertEquals(URI.create("http://localhost:8080"), o.serverOrLocal());
  }

  @Test
  @DisplayName("--help is not an error")
  void help() {
    assertThrows(AgentOptions.HelpRequested.class, () -> AgentOptions.parse("--kiosk", "K1", "--help"));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "--kiosk K1 --printer png:x                              | --server is required",
      "--server http://h:8080 --printer png:x                  | --kiosk is required",
      "--server http://h:8080 --kiosk K1                       | --printer is required",
      "--server ftp://h --kiosk K1 --printer png:x             | --server must be http://HOST:PORT",
      "--server http://h --kiosk K1 --printer lpt1             | printer must be tcp://HOST:PORT, file:DEVICE or png:DIR",
      "--server http://h --kiosk K1 --printer png:x --paper 76 | --paper must be 80 or 58",
      "--server http://h --kiosk K/1 --printer png:x           | --kiosk must be letters",
      "--server http://h --kiosk K1 --printer png:x --mode pdf | --mode must be raster or text",
      "--server http://h --kiosk K1 --printer png:x --buzzer loud | --buzzer must be off, epson, esc-b or bel",
      "--server http://h --kiosk K1 --printer png:x --attempts 0 | --attempts must be a whole number from 1 to 20",
      "--server http://h --kiosk K1 --printer png:x --verbose  | unknown argument: --verbose",
      "--server --kiosk K1                                     | --server needs a value",
  })
  void badArguments(String args, String message) {
    var e = assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse(args.trim().split("\\s+")));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
