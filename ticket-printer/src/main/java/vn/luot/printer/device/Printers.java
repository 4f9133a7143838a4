package vn.luot.printer.device;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/** Opens a printer from its command-line form: {@code tcp://HOST[:PORT]}, {@code file:PATH} or {@code png:DIR}. */
public final class Printers {
  /** The raw printing port of network printers (JetDirect / AppSocket). */
  public static final int DEFAULT_TCP_PORT = 9100;

  private Printers() {}

  public static PrinterConnection open(String spec) {
    if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--printer is empty");
    if (spec.startsWith("tcp://")) {
      URI uri;
      try {
        uri = new URI(spec);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a tcp://HOST:PORT printer: " + spec, e);
      }
      if (uri.getHost() == null) throw new IllegalArgumentException("no host in " + spec + " (tcp://10.0.0.50:9100)");
      int port = uri.getPort() == -1 ? DEFAULT_TCP_PORT : uri.getPort();
      return new TcpPrinter(uri.getHost(), port, TcpPrinter.Timeouts.defaults());
    }
    if (spec.startsWith("file:")) {
      String path = spec.substring("file:".length());
      if (path.isEmpty()) throw new IllegalArgumentException("no path in " + spec + " (file:/dev/usb/lp0)");
      return new DevicePrinter(Path.of(path), Duration.ofSeconds(30));
    }
    if (spec.startsWith("png:")) {
      String dir = spec.substring("png:".length());
      if (dir.isEmpty()) throw new IllegalArgumentException("no folder in " + spec + " (png:/tmp/tickets)");
      return new PngFolderPrinter(Path.of(dir));
    }
    throw new IllegalArgumentException("printer must be tcp://HOST:PORT, file:DEVICE or png:DIR, not " + spec);
  }
}
