package vn.luot.printer.testing;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ESC/POS stream the way a printer would, for the commands the encoder writes, and fails on anything else:
 * the list of commands in order and the raster image that the GS v 0 bands add up to.
 */
public final class EscPosStream {
  private final List<String> commands = new ArrayList<>();
  private final List<byte[]> rasterRows = new ArrayList<>();
  private int rasterWidthBytes = -1;

  private EscPosStream() {}

  public static EscPosStream parse(byte[] b) {
    EscPosStream s = new EscPosStream();
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      if (c == 0x1B && i + 1 < b.length) {
        int op = b[i + 1] & 0xFF;
        switch (op) {
          case '@' -> { s.commands.add("ESC @"); i += 2; }
          case 'd' -> { s.commands.add("ESC d " + (b[i + 2] & 0xFF)); i += 3; }
          case 'a' -> { s.commands.add("ESC a " + (b[i + 2] & 0xFF)); i += 3; }
          case 'E' -> { s.commands.add("ESC E " + (b[i + 2] & 0xFF)); i += 3; }
          case 't' -> { s.commands.add("ESC t " + (b[i + 2] & 0xFF)); i += 3; }
          case 'B' -> { s.commands.add("ESC B"); i += 4; }
          case '(' -> {
            int length = (b[i + 3] & 0xFF) | (b[i + 4] & 0xFF) << 8;
            s.commands.add("ESC ( " + (char) b[i + 2]);
            i += 5 + length;
          }
          default -> throw new AssertionError(String.format("unexpected ESC %02X at byte %d", op, i));
        }
      } else if (c == 0x1D && i + 1 < b.length) {
        int op = b[i + 1] & 0xFF;
        if (op == 'V') {
          s.commands.add("GS V " + (b[i + 2] & 0xFF) + " " + (b[i + 3] & 0xFF));
          i += 4;
        } else if (op == '!') {
          s.commands.add("GS ! " + (b[i + 2] & 0xFF));
          i += 3;
        } else if (op == 'v' && b[i + 2] == '0') {
          int m = b[i + 3] & 0xFF;
          int x = (b[i + 4] & 0xFF) | (b[i + 5] & 0xFF) << 8;
          int y = (b[i + 6] & 0xFF) | (b[i + 7] & 0xFF) << 8;
          if (m != 0) throw new AssertionError("GS v 0 with m=" + m);
          if (s.rasterWidthBytes != -1 && s.rasterWidthBytes != x) {
            throw new AssertionError("raster bands of different widths: " + s.rasterWidthBytes + " and " + x);
          }
          s.rasterWidthBytes = x;
          int start = i + 8;
          if (start + x * y > b.length) throw new AssertionError("GS v 0 band runs past the end of the stream");
          for (int row = 0; row < y; row++) {
            byte[] r = new byte[x];
            System.arraycopy(b, start + row * x, r, 0, x);
            s.rasterRows.add(r);
          }
          s.commands.add("GS v 0 " + x + "x" + y);
          i = start + x * y;
        } else {
          throw new AssertionError(String.format("unexpected GS %02X at byte %d", op, i));
        }
      } else if (c == 0x0A) {
        s.commands.add("LF");
        i++;
      } else if (c == 0x07) {
        s.commands.add("BEL");
        i++;
      } else if (c >= 0x20) {
        int start = i;
        while (i < b.length && (b[i] & 0xFF) >= 0x20) i++;
        s.commands.add("TEXT " + (i - start));
      } else {
        throw new AssertionError(String.format("unexpected byte %02X at %d", c, i));
      }
    }
    return s;
  }

  public List<String> commands() { return commands; }

  /** The raster image of all GS v 0 bands, stacked; black where a bit is 1. */
  public BufferedImage image() {
    if (rasterRows.isEmpty()) throw new AssertionError("no raster image in the stream");
    int width = rasterWidthBytes * 8;
    BufferedImage image = new BufferedImage(width, rasterRows.size(), BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < rasterRows.size(); y++) {
      byte[] row = rasterRows.get(y);
      for (int x = 0; x < width; x++) {
        boolean black = (row[x >>> 3] & (0x80 >>> (x & 7))) != 0;
        image.getRaster().setSample(x, y, 0, black ? 0 : 1);
      }
    }
    return image;
  }
}
