package vn.luot.printer.escpos;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * An image packed the way GS v 0 wants it: rows top to bottom, 8 dots per byte, most significant bit leftmost,
 * 1 = black dot. A width that is not a multiple of 8 is padded on the right with white.
 */
public final class RasterImage {
  /** Grey levels below this print as a dot (for images that are not already 1-bit). */
  static final int BLACK_BELOW = 128;

  private final int widthBytes;
  private final int rows;
  private final byte[] bits;

  private RasterImage(int widthBytes, int rows, byte[] bits) {
    this.widthBytes = widthBytes;
    this.rows = rows;
    this.bits = bits;
  }

  public static RasterImage of(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int widthBytes = (width + 7) / 8;
    byte[] bits = new byte[widthBytes * height];
    boolean binary = image.getType() == BufferedImage.TYPE_BYTE_BINARY
        && image.getColorModel().getPixelSize() == 1
        && image.getColorModel().getRGB(0) == 0xFF000000;   // index 0 is black, as Java's default 1-bit palette
    Raster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      int rowStart = y * widthBytes;
      for (int x = 0; x < width; x++) {
        boolean black = binary ? raster.getSample(x, y, 0) == 0 : luminance(image.getRGB(x, y)) < BLACK_BELOW;
        if (black) bits[rowStart + (x >>> 3)] |= (byte) (0x80 >>> (x & 7));
      }
    }
    return new RasterImage(widthBytes, height, bits);
  }

  public int widthBytes() { return widthBytes; }

  public int rows() { return rows; }

  /** A copy of the packed bits. */
  public byte[] bits() { return bits.clone(); }

  /**
   * The GS v 0 commands for this image, in bands of at most {@code maxBandRows} rows: one long command can overflow
   * a cheap printer's receive buffer and print garbage, while bands print seamlessly one after another.
   */
  public byte[] toCommands(int maxBandRows) {
    if (maxBandRows < 1) throw new IllegalArgumentException("maxBandRows " + maxBandRows);
    var out = new java.io.ByteArrayOutputStream(bits.length + (rows / maxBandRows + 1) * 8);
    for (int top = 0; top < rows; top += maxBandRows) {
      int band = Math.min(maxBandRows, rows - top);
      out.writeBytes(EscPos.printRasterBitImage(widthBytes, band, bits, top * widthBytes));
    }
    return out.toByteArray();
  }

  private static int luminance(int rgb) {
    int r = (rgb >>> 16) & 0xFF;
    int g = (rgb >>> 8) & 0xFF;
    int b = rgb & 0xFF;
    int alpha = rgb >>> 24;
    if (alpha < 128) return 255;   // transparent counts as paper
    return (r * 299 + g * 587 + b * 114) / 1000;
  }
}
