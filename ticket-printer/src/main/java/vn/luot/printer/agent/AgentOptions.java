package vn.luot.printer.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import vn.luot.printer.device.Printers;
import vn.luot.printer.escpos.Buzzer;
import vn.luot.printer.escpos.VietnameseCodePage;
import vn.luot.printer.layout.Paper;

/**
 * The agent's settings, from the command line. Defaults are visible here; tests build options directly and
 * shorten the timings.
 *
 * @param server         the Lượt server, e.g. http://10.0.0.2:8080; also the base of the tracking link in the QR code
 * @param kiosk          this kiosk's id, as the kiosk page uses it (?kiosk=K1)
 * @param center         the center id
 * @param printer        tcp://HOST[:PORT], file:DEVICE or png:DIR
 * @param paper          roll width
 * @param stateDir       where the log of printed jobs lives
 * @param mode           raster (default) or text
 * @param codeTable      ESC t table for the text mode
 * @param buzzer         beep per ticket
 * @param attempts       tries per job before reporting it failed
 * @param retryDelay     wait before the second try; doubles for each further try
 * @param statusInterval how often the printer status is read and sent
 * @param reconnectMin   first wait before reconnecting to the server; doubles up to reconnectMax
 * @param reconnectMax   longest wait between reconnects
 * @param testPrint      print one demo ticket and exit
 * @param key            the kiosk's key from the server's configuration (--key, or LUOT_KIOSK_KEY); the server
 *                       sends print jobs, which carry citizens' tracking tokens, only to an agent that has it
 */
public record AgentOptions(URI server, String kiosk, String center, String printer, Paper paper, Path stateDir,
                           Mode mode, int codeTable, Buzzer buzzer, int attempts, Duration retryDelay,
                           Duration statusInterval, Duration reconnectMin, Duration reconnectMax, boolean testPrint,
                           String key) {

  public static final String DEFAULT_CENTER = "default";
  public static final Path DEFAULT_STATE_DIR = Path.of("luot-printer-state");
  public static final int DEFAULT_ATTEMPTS = 3;
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
  public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(10);
  /** Used for the tracking link of a test print when no --server is given. */
  public static final URI LOCAL_SERVER = URI.create("http://localhost:8080");

  public static final String USAGE = String.join("\n",
      "Lượt print agent: prints the tickets of one kiosk on its thermal printer.",
      "",
      "Usage: java -jar luot-printer.jar --server http://HOST:8080 --kiosk K1 --printer PRINTER [options]",
      "       java -jar luot-printer.jar --test-print --printer PRINTER [--paper 58] [--server URL]",
      "",
      "  --server URL            the Lượt server (http:// or https://); also the base of the QR tracking link",
      "  --kiosk ID              this kiosk's id, as in /kiosk/?kiosk=K1",
      "  --key KEY               the kiosk's key from the server's configuration (or env LUOT_KIOSK_KEY)",
      "  --center ID             center id (default: default)",
      "  --printer PRINTER       tcp://10.0.0.50:9100   network printer, raw port 9100",
      "                          file:/dev/usb/lp0      USB printer device (Linux; user in group lp)",
      "                          png:DIR                write each ticket as DIR/<job>.png (preview, demo)",
      "  --paper 80|58           roll width in mm (default 80: 576 dots; 58: 384 dots)",
      "  --state DIR             log of printed jobs, so none prints twice (default ./luot-printer-state)",
      "  --mode raster|text      raster (default) draws the ticket as an image and prints Vietnamese on any",
      "                          printer; text uses the printer's font and code page, only for printers",
      "                          known to print Windows-1258 Vietnamese",
      "  --codepage N            ESC t table for --mode text (default 52, Windows-1258 on Epson)",
      "  --buzzer off|epson|esc-b|bel   beep at each ticket (default off)",
      "  --attempts N            tries per ticket before reporting it failed (default 3)",
      "  --status-interval SEC   how often to read and report the printer status (default 30)",
      "  --test-print            print one demo ticket (A012, Đất đai) and exit: 0 printed, 1 failed",
      "  --help                  this text",
      "",
      "Exit codes: 0 normal end, 1 cannot start or test print failed, 2 bad arguments.");

  /** How tickets are sent to the printer. */
  public enum Mode { RASTER, TEXT }

  public AgentOptions {
    Objects.requireNonNull(printer, "printer");
    Objects.requireNonNull(paper, "paper");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(buzzer, "buzzer");
    if (!testPrint) {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(kiosk, "kiosk");
    }
    Objects.requireNonNull(center, "center");
    if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
  }

  /** A bad command line: the message says which argument and why. */
  public static final class UsageException extends Exception {
    public UsageException(String message) {
      super(message);
    }
  }

  /** Thrown for --help: not an error. */
  public static final class HelpRequested extends Exception {
    public HelpRequested() {
      super("help");
    }
  }

  public static AgentOptions parse(String... args) throws UsageException, HelpRequested {
    URI server = null;
    String kiosk = null;
    String center = DEFAULT_CENTER;
    String printer = null;
    Paper paper = Paper.MM80;
    Path stateDir = DEFAULT_STATE_DIR;
    Mode mode = Mode.RASTER;
    int codeTable = VietnameseCodePage.EPSON_WPC1258;
    Buzzer buzzer = Buzzer.OFF;
    int attempts = DEFAULT_ATTEMPTS;
    Duration statusInterval = DEFAULT_STATUS_INTERVAL;
    boolean testPrint = false;
    String key = System.getenv("LUOT_KIOSK_KEY");

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> throw new HelpRequested();
        case "--test-print" -> testPrint = true;
        case "--server" -> server = parseServer(value(args, ++i, arg));
        case "--kiosk" -> kiosk = identifier(value(args, ++i, arg), arg);
        case "--center" -> center = identifier(value(args, ++i, arg), arg);
        case "--printer" -> printer = value(args, ++i, arg);
        case "--paper" -> paper = parsePaper(value(args, ++i, arg));
        case "--state" -> stateDir = Path.of(value(args, ++i, arg));
        case "--mode" -> mode = parseMode(value(args, ++i, arg));
        case "--codepage" -> codeTable = number(value(args, ++i, arg), arg, 0, 255);
        case "--buzzer" -> buzzer = parseBuzzer(value(args, ++i, arg));
        case "--attempts" -> attempts = number(value(args, ++i, arg), arg, 1, 20);
        case "--key" -> key = value(args, ++i, arg);
        case "--status-interval" -> statusInterval = Duration.ofSeconds(number(value(args, ++i, arg), arg, 1, 3600));
        default -> throw new UsageException("unknown argument: " + arg);
      }
    }
    if (printer == null) throw new UsageException("--printer is required (tcp://HOST:9100, file:/dev/usb/lp0 or png:DIR)");
    try {
      Printers.open(printer);   // checks the form now, so a typo stops the agent at start, not at the first ticket
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (!testPrint) {
      if (server == null) throw new UsageException("--server is required (e.g. --server http://10.0.0.2:8080)");
      if (kiosk == null) throw new UsageException("--kiosk is required (e.g. --kiosk K1)");
    }
    return new AgentOptions(server, kiosk, center, printer, paper, stateDir, mode, codeTable, buzzer, attempts,
        DEFAULT_RETRY_DELAY, statusInterval, DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX, testPrint, key);
  }

  /** The server for tracking links: the given one, or localhost for a test print without one. */
  public URI serverOrLocal() {
    return server != null ? server : LOCAL_SERVER;
  }

  /** The same options with other timings (tests). */
  public AgentOptions withTimings(Duration retryDelay, Duration statusInterval, Duration reconnectMin,
                                  Duration reconnectMax) {
    return new AgentOptions(server, kiosk, center, printer, paper, stateDir, mode, codeTable, buzzer, attempts,
        retryDelay, statusInterval, reconnectMin, reconnectMax, testPrint, key);
  }

  private static String value(String[] args, int i, String name) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) throw new UsageException(name + " needs a value");
    return args[i];
  }

  private static URI parseServer(String text) throws UsageException {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
        throw new UsageException("--server must be http://HOST:PORT or https://HOST, not " + text);
      }
      if (uri.getQuery() != null || uri.getFragment() != null) {
        throw new UsageException("--server takes no query or fragment: " + text);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageException("--server is not a URL: " + text);
    }
  }

  private static String identifier(String text, String name) throws UsageException {
    if (!text.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new UsageException(name + " must be letters, digits, '.', '_' or '-' (at most 64), not " + text);
    }
    return text;
  }

  private static Paper parsePaper(String text) throws UsageException {
    try {
      return Paper.ofMillimetres(Integer.parseInt(text));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--paper must be 80 or 58, not " + text);
    }
  }

  private static Mode parseMode(String text) throws UsageException {
    if (text.equalsIgnoreCase("raster")) return Mode.RASTER;
    if (text.equalsIgnoreCase("text")) return Mode.TEXT;
    throw new UsageException("--mode must be raster or text, not " + text);
  }

  private static Buzzer parseBuzzer(String text) throws UsageException {
    try {
      return Buzzer.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + e.getMessage());
    }
  }

  private static int number(String text, String name, int min, int max) throws UsageException {
    try {
      int n = Integer.parseInt(text);
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a whole number from " + min + " to " + max + ", not " + text);
    }
  }
}
