package vn.luot.printer.escpos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Images are packed for GS v 0: 8 dots a byte, leftmost dot in the high bit, 1 = black")
class RasterImageTest {

  /** Row 0: black, white, black, … (10101010 01010101 would be wrong: the first dot is the high bit).
   *  Row 1: the left 4 dots black, then the last dot black. */
  private static BufferedImage sixteenByTwo() {
    BufferedImage image = new BufferedImage(16, 2, BufferedImage.TYPE_BYTE_BINARY);
    var g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 16, 2);
    g.dispose();
    for (int x = 0; x < 16; x += 2) image.setRGB(x, 0, 0xFF000000);
    for (int x = 0; x < 4; x++) image.setRGB(x, 1, 0xFF000000);
    image.setRGB(15, 1, 0xFF000000);
    return image;
  }

  @Test
  @DisplayName("A 16×2 image becomes GS v 0 with xL=2, yL=2 and the four golden bytes AA AA F0 01")
  void sixteenByTwoGolden() {
    RasterImage raster = RasterImage.of(sixteenByTwo());
    assertEquals(2, raster.widthBytes());
    assertEquals(2, raster.rows());
    assertEquals("1d76300002000200" + "aaaa" + "f001", HexFormat.of().formatHex(raster.toCommands(255)));
  }

  @Test
  @DisplayName("Bands of at most N rows, each its own GS v 0, cover the image in order")
  void bands() {
    RasterImage raster = RasterImage.of(sixteenByTwo());
    assertEquals("1d76300002000100aaaa" + "1d76300002000100f001", HexFormat.of().formatHex(raster.toCommands(1)));
  }

  @Test
  @DisplayName("A width that is not a multiple of 8 is padded with white on the right")
  void padding() {
    BufferedImage image = new BufferedImage(10, 1, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 10; x++) image.setRGB(x, 0, 0x000000);   // all black
    assertEquals("ffc0", HexFormat.of().formatHex(RasterImage.of(image).bits()));
  }

  @Test
  @DisplayName("Colour and grey images print dark pixels only; transparent is paper")
  void greyThreshold() {
    BufferedImage image = new BufferedImage(8, 1, BufferedImage.TYPE_INT_ARGB);
    int[] pixels = {0xFF000000, 0xFF7F7F7F, 0xFF808080, 0xFFFFFFFF, 0x00000000, 0xFF202020, 0xFFE0E0E0, 0xFF0000FF};
    for (int x = 0; x < 8; x++) image.setRGB(x, 0, pixels[x]);
    // black, grey 127 (dark), grey 128 (light), white, transparent, dark grey, light grey, pure blue (luminance 29)
    assertEquals("c5", HexFormat.of().formatHex(RasterImage.of(image).bits()));
  }
}
