package vn.luot.printer.testing;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.Map;

/** Image helpers for tests: pixel comparison and reading a QR code back with ZXing's decoder. */
public final class Images {
  private Images() {}

  /** The first differing pixel as "x,y", or null when the images are equal in size and every pixel. */
  public static String firstDifference(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return "size " + a.getWidth() + "x" + a.getHeight() + " vs " + b.getWidth() + "x" + b.getHeight();
    }
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if ((a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF)) return x + "," + y;
      }
    }
    return null;
  }

  /** The text of the QR code found in the image. */
  public static String decodeQr(BufferedImage image) throws NotFoundException, ChecksumException, FormatException {
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new ImageLuminanceSource(image)));
    return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
  }

  /** ZXing's view of a BufferedImage as grey levels (ZXing core has no AWT; its javase module is not needed for this). */
  static final class ImageLuminanceSource extends LuminanceSource {
    private final byte[] luminance;

    ImageLuminanceSource(BufferedImage image) {
      super(image.getWidth(), image.getHeight());
      luminance = new byte[image.getWidth() * image.getHeight()];
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          int rgb = image.getRGB(x, y);
          int grey = (((rgb >>> 16) & 0xFF) * 299 + ((rgb >>> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
          luminance[y * image.getWidth() + x] = (byte) grey;
        }
      }
    }

    @Override
    public byte[] getRow(int y, byte[] row) {
      int width = getWidth();
      if (row == null || row.length < width) row = new byte[width];
      System.arraycopy(luminance, y * width, row, 0, width);
      return row;
    }

    @Override
    public byte[] getMatrix() {
      return luminance.clone();
    }
  }
}
