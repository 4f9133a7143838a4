package vn.luot.printer.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.printer.escpos.EscPos;
import vn.luot.printer.escpos.EscPosEncoder;
import vn.luot.printer.escpos.PrinterStatus;
import vn.luot.printer.escpos.StatusReport;
import vn.luot.printer.layout.Paper;
import vn.luot.printer.layout.TicketData;
import vn.luot.printer.layout.TicketLayout;
import vn.luot.printer.testing.EscPosStream;
import vn.luot.printer.testing.FakePrinter;
import vn.luot.printer.testing.Images;

@ExtendWith(VertxExtension.class)
@DisplayName("A ticket sent to a network printer (a fake one: a real TCP server) arrives whole and as previewed")
class TcpPrinterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TRACK_URL = "http://10.0.0.2:8080/t/default.SUOc8yR-N0jofW53q4m2Jg";
  private static final TicketData TICKET = new TicketData("Trung tâm Phục vụ Hành chính công TP Thanh Hóa", "Đất đai",
      "A012", null, OffsetDateTime.parse("2026-11-28T14:05:09.123+07:00"), 3, 12, TRACK_URL);
  private static final TcpPrinter.Timeouts FAST = new TcpPrinter.Timeouts(
      Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(1));

  private FakePrinter fake;

  @BeforeEach
  void start(Vertx vertx) {
    fake = FakePrinter.start(vertx);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private TcpPrinter printer() {
    return new TcpPrinter("127.0.0.1", fake.port(), FAST);
  }

  private static Printout printout(Paper paper) {
    BufferedImage image = new TicketLayout(paper).render(TICKET);
    return new Printout("20261128-A012#1", image, new EscPosEncoder().encodeRaster(image));
  }

  @Test
  @DisplayName("The printer receives ESC @ … cut; its raster equals the PNG preview pixel for pixel; its QR reads as the link")
  void jobReachesPrinterAsPreviewed(@TempDir Path previews) throws Exception {
    Printout printout = printout(Paper.MM80);
    printer().print(printout);
    PngFolderPrinter preview = new PngFolderPrinter(previews);
    preview.print(printout);

    byte[] job = fake.awaitJob(WAIT);
    assertNotNull(job, "the fake printer got no job");
    assertArrayEquals(printout.escPos(), job, "the printer got exactly the encoded bytes");
    assertArrayEquals(EscPos.initialize(), Arrays.copyOf(job, 2), "starts with ESC @");
    assertArrayEquals(EscPos.feedAndPartialCut(0), Arrays.copyOfRange(job, job.length - 4, job.length), "ends with the cut");

    BufferedImage printed = EscPosStream.parse(job).image();
    BufferedImage png = ImageIO.read(preview.fileFor(printout.name()).toFile());
    assertEquals(576, printed.getWidth());
    assertNull(Images.firstDifference(png, printed), "printed raster differs from the PNG preview");
    assertEquals(TRACK_URL, Images.decodeQr(printed));

    assertEquals(3, fake.statusRequests(), "DLE EOT 1, 2, 4 before the job");
    assertEquals("100401100402100404", HexFormat.of().formatHex(Arrays.copyOf(fake.received(), 9)));
  }

  @Test
  @DisplayName("58 mm: a 384-dot raster (48 bytes a row) that decodes to the preview")
  void narrowPaper() throws Exception {
    Printout printout = printout(Paper.MM58);
    printer().print(printout);
    byte[] job = fake.awaitJob(WAIT);
    EscPosStream stream = EscPosStream.parse(job);
    assertTrue(stream.commands().get(1).startsWith("GS v 0 48x"), stream.commands().toString());
    assertNull(Images.firstDifference(printout.image(), stream.image()));
    assertEquals(TRACK_URL, Images.decodeQr(stream.image()));
  }

  @Test
  @DisplayName("Status is read with DLE EOT: a healthy printer is OK, an empty one PAPER_OUT, an open one COVER_OPEN")
  void status() {
    assertEquals(StatusReport.of(PrinterStatus.OK, "online"), printer().status());
    fake.answer(0x1A, 0x32, 0x7E);
    assertEquals(PrinterStatus.PAPER_OUT, printer().status().status());
    fake.answer(0x1A, 0x16, 0x12);
    assertEquals(PrinterStatus.COVER_OPEN, printer().status().status());
    fake.answer(0x12, 0x12, 0x1E);
    assertEquals(PrinterStatus.PAPER_LOW, printer().status().status());
  }

  @Test
  @DisplayName("Out of paper: the job is refused with PAPER_OUT and no ticket bytes reach the printer")
  void paperOutRefusesJob() throws Exception {
    fake.answer(0x1A, 0x32, 0x7E);
    PrintException e = assertThrows(PrintException.class, () -> printer().print(printout(Paper.MM80)));
    assertEquals(PrinterStatus.PAPER_OUT, e.reason());
    assertNull(fake.awaitJob(Duration.ofMillis(300)));
    assertTrue(fake.jobs().isEmpty());
  }

  @Test
  @DisplayName("A printer that never answers DLE EOT: status UNKNOWN, and the ticket prints anyway")
  void silentPrinter() throws Exception {
    fake.behave(FakePrinter.Behaviour.SILENT);
    assertEquals(PrinterStatus.UNKNOWN, printer().status().status());
    Printout printout = printout(Paper.MM80);
    printer().print(printout);
    assertArrayEquals(printout.escPos(), fake.awaitJob(WAIT));
  }

  @Test
  @DisplayName("Nothing listening on the port: OFFLINE, for status and for printing")
  void nobodyListening() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TcpPrinter gone = new TcpPrinter("127.0.0.1", port, FAST);
    assertEquals(PrinterStatus.OFFLINE, gone.status().status());
    PrintException e = assertThrows(PrintException.class, () -> gone.print(printout(Paper.MM58)));
    assertEquals(PrinterStatus.OFFLINE, e.reason());
    assertTrue(e.detail().contains("cannot reach tcp://127.0.0.1:" + port), e.detail());
  }

  @Test
  @DisplayName("Printers parses tcp://, file: and png:, with 9100 as the default port, and names bad forms")
  void parsesPrinterSpecs() {
    assertEquals("tcp://10.0.0.50:9100", Printers.open("tcp://10.0.0.50").description());
    assertEquals("tcp://printer.local:9101", Printers.open("tcp://printer.local:9101").description());
    assertEquals("file:/dev/usb/lp0", Printers.open("file:/dev/usb/lp0").description());
    assertEquals("png:/tmp/tickets", Printers.open("png:/tmp/tickets").description());
    for (String bad : List.of("lp0", "tcp://", "file:", "png:", "usb:/dev/usb/lp0")) {
      assertThrows(IllegalArgumentException.class, () -> Printers.open(bad), bad);
    }
  }
}
