package vn.luot.printer.escpos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.luot.printer.layout.Paper;
import vn.luot.printer.layout.TextTicketLayout;
import vn.luot.printer.layout.TicketData;
import vn.luot.printer.layout.TicketLayout;
import vn.luot.printer.testing.EscPosStream;
import vn.luot.printer.testing.Images;

@DisplayName("The encoder writes a whole ticket: ESC @, the ticket, feed, partial cut")
class EscPosEncoderTest {
  private static final TicketData TICKET = new TicketData("Trung tâm Phục vụ Hành chính công TP Thanh Hóa", "Đất đai",
      "A012", null, OffsetDateTime.parse("2026-11-28T14:05:09+07:00"), 3, 12, "http://127.0.0.1:8080/t/default.abc");

  @Test
  @DisplayName("A 16×2 image gives exactly ESC @, one GS v 0 band, ESC d 3, GS V 66 0")
  void smallRasterGolden() {
    BufferedImage image = new BufferedImage(16, 2, BufferedImage.TYPE_BYTE_BINARY);   // all black
    byte[] bytes = new EscPosEncoder().encodeRaster(image);
    assertEquals("1b40" + "1d76300002000200ffffffff" + "1b6403" + "1d564200", HexFormat.of().formatHex(bytes));
  }

  @Test
  @DisplayName("A rendered 80 mm ticket: starts with ESC @, bands of ≤255 rows 72 bytes wide, ends with the cut")
  void wholeTicket() {
    BufferedImage image = new TicketLayout(Paper.MM80).render(TICKET);
    byte[] bytes = new EscPosEncoder().encodeRaster(image);
    assertArrayEquals(EscPos.initialize(), Arrays.copyOf(bytes, 2));
    assertArrayEquals(EscPos.feedAndPartialCut(0), Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length));
    EscPosStream stream = EscPosStream.parse(bytes);
    List<String> commands = stream.commands();
    assertEquals("ESC @", commands.get(0));
    assertEquals("GS V 66 0", commands.get(commands.size() - 1));
    int bands = (image.getHeight() + 254) / 255;
    assertEquals(bands + 3, commands.size(), commands.toString());
    assertTrue(commands.get(1).startsWith("GS v 0 72x255"), commands.get(1));
    assertEquals(null, Images.firstDifference(image, stream.image()));
  }

  @Test
  @DisplayName("The buzzer, when chosen, sounds right after ESC @; off by default")
  void buzzer() {
    BufferedImage image = new BufferedImage(8, 1, BufferedImage.TYPE_BYTE_BINARY);
    byte[] quiet = new EscPosEncoder().encodeRaster(image);
    byte[] loud = new EscPosEncoder(EscPosEncoder.Options.defaults().withBuzzer(Buzzer.ESC_B)).encodeRaster(image);
    assertEquals("1b40" + "1d76300001000100ff", HexFormat.of().formatHex(quiet).substring(0, 22));
    assertEquals("1b40" + "1b420102" + "1d763000", HexFormat.of().formatHex(loud).substring(0, 20));
  }

  @Test
  @DisplayName("Text mode: code table, centered, styled lines in Windows-1258, the QR as raster, then the cut")
  void textMode() {
    byte[] bytes = new EscPosEncoder().encodeText(new TextTicketLayout(Paper.MM80).render(TICKET));
    List<String> commands = EscPosStream.parse(bytes).commands();
    assertEquals(List.of("ESC @", "ESC t 52", "ESC a 1", "ESC E 1", "GS ! 0"), commands.subList(0, 5));
    assertTrue(commands.contains("GS ! 51"), "the number at 4×4: " + commands);
    assertTrue(commands.stream().anyMatch(c -> c.startsWith("GS v 0")), "QR as raster: " + commands);
    assertEquals(List.of("ESC d 3", "GS V 66 0"), commands.subList(commands.size() - 2, commands.size()));
    String hex = HexFormat.of().formatHex(bytes);
    assertTrue(hex.contains("d0e2ec7420f06169"), "Đất đai in Windows-1258");
  }
}
