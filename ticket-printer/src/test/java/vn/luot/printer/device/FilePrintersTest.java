package vn.luot.printer.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.luot.printer.escpos.PrinterStatus;
import vn.luot.printer.testing.Images;

@DisplayName("Device-file and PNG-folder printers")
class FilePrintersTest {
  @TempDir
  Path dir;

  private static Printout printout(String name, byte[] bytes) {
    BufferedImage image = new BufferedImage(16, 4, BufferedImage.TYPE_BYTE_BINARY);
    image.setRGB(3, 1, 0xFFFFFFFF);
    return new Printout(name, image, bytes);
  }

  @Test
  @DisplayName("A device file gets each ticket's bytes appended, in order, and reports UNKNOWN (no way to ask)")
  void deviceFileAppends() throws Exception {
    Path device = dir.resolve("lp0");
    DevicePrinter printer = new DevicePrinter(device, Duration.ofSeconds(5));
    printer.print(printout("a", new byte[] {1, 2}));
    printer.print(printout("b", new byte[] {3}));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(device));
    assertEquals(PrinterStatus.UNKNOWN, printer.status().status());
  }

  @Test
  @DisplayName("A missing /dev device is an unplugged printer: OFFLINE, and nothing is created")
  void missingDevice() {
    DevicePrinter printer = new DevicePrinter(Path.of("/dev/usb/luot-test-no-such-lp"), Duration.ofSeconds(1));
    assertEquals(PrinterStatus.OFFLINE, printer.status().status());
    PrintException e = assertThrows(PrintException.class, () -> printer.print(printout("a", new byte[] {1})));
    assertEquals(PrinterStatus.OFFLINE, e.reason());
    assertTrue(e.detail().contains("unplugged"), e.detail());
  }

  @Test
  @DisplayName("The PNG folder writes <name>.png, the very image, and nothing half-written")
  void pngFolder() throws Exception {
    PngFolderPrinter printer = new PngFolderPrinter(dir.resolve("out"));
    Printout p = printout("20261128-A012#1", new byte[0]);
    printer.print(p);
    Path file = dir.resolve("out").resolve("20261128-A012#1.png");
    assertEquals(file, printer.fileFor(p.name()));
    assertNull(Images.firstDifference(p.image(), ImageIO.read(file.toFile())));
    try (var files = Files.list(dir.resolve("out"))) {
      assertEquals(1, files.count(), "no temporary files left");
    }
    assertEquals(PrinterStatus.OK, printer.status().status());
    assertEquals("_..hidden_name", PngFolderPrinter.safeName("..hidden/name"));
  }
}
