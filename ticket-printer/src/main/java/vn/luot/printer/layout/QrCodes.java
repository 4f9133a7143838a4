package vn.luot.printer.layout;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * QR codes of tracking links, by ZXing. Error correction M (15 %) survives a smudged or creased thermal slip while
 * keeping a typical link at version 3 or 4, so modules stay large; the quiet zone is the standard 4 modules.
 */
public final class QrCodes {
  /** Modules of white around the code, as ISO/IEC 18004 asks; phone scanners fail more often without it. */
  public static final int QUIET_ZONE_MODULES = 4;

  private QrCodes() {}

  /** The code's modules, one matrix cell per module, without the quiet zone. */
  public static BitMatrix modules(String text) {
    try {
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
          EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
          EncodeHintType.CHARACTER_SET, "UTF-8",
          EncodeHintType.MARGIN, 0));
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode as a QR code (too long?): " + text, e);
    }
  }

  /** The largest whole number of dots per module such that code plus quiet zone fit in {@code maxDots}. */
  public static int scaleToFit(BitMatrix modules, int maxDots) {
    int total = modules.getWidth() + 2 * QUIET_ZONE_MODULES;
    return Math.max(1, maxDots / total);
  }

  /** A 1-bit image of the code with its quiet zone, {@code scale} dots per module (the text layout prints this). */
  public static BufferedImage image(String text, int scale) {
    BitMatrix m = modules(text);
    int side = (m.getWidth() + 2 * QUIET_ZONE_MODULES) * scale;
    int width = (side + 7) / 8 * 8;
    BufferedImage image = new BufferedImage(width, side, BufferedImage.TYPE_BYTE_BINARY);
    var g = image.createGraphics();
    try {
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, width, side);
      g.setColor(java.awt.Color.BLACK);
      draw(g, m, (width - side) / 2 + QUIET_ZONE_MODULES * scale, QUIET_ZONE_MODULES * scale, scale);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Paints the dark modules as exact squares (no scaling, so no blurred edges) with the top-left module at x, y. */
  public static void draw(java.awt.Graphics2D g, BitMatrix m, int x, int y, int scale) {
    for (int row = 0; row < m.getHeight(); row++) {
      for (int col = 0; col < m.getWidth(); col++) {
        if (m.get(col, row)) g.fillRect(x + col * scale, y + row * scale, scale, scale);
      }
    }
  }
}
