package vn.luot.printer.escpos;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import vn.luot.printer.layout.TextTicket;

/**
 * Turns a laid-out ticket into the ESC/POS byte stream for one ticket. Writes to any {@link OutputStream} and knows
 * nothing of where the bytes go (socket, device file, memory). Every ticket starts with ESC @, so a printer left in
 * an odd mode by anything before prints it the same, and ends with the partial cut.
 *
 * <pre>
 * raster (default):  ESC @ [beep] GS v 0 …(bands)… ESC d n  GS V 66 0
 * text:              ESC @ [beep] ESC t 52 ESC a 1 (ESC E n GS ! n, text LF)… GS v 0 (QR)… GS ! 0 ESC E 0 ESC d n GS V 66 0
 * </pre>
 */
public final class EscPosEncoder {
  /**
   * Encoder settings.
   *
   * @param buzzer      beep at each ticket (off by default)
   * @param feedLines   blank lines fed below the ticket before the cut, so the footer is not cut through
   * @param codeTable   ESC t table number for the text mode (52 = Windows-1258 on Epson)
   * @param maxBandRows rows per GS v 0 command
   */
  public record Options(Buzzer buzzer, int feedLines, int codeTable, int maxBandRows) {
    public static final int DEFAULT_FEED_LINES = 3;

    public Options {
      Objects.requireNonNull(buzzer, "buzzer");
      if (feedLines < 0 || feedLines > 255) throw new IllegalArgumentException("feedLines " + feedLines);
      if (codeTable < 0 || codeTable > 255) throw new IllegalArgumentException("codeTable " + codeTable);
      if (maxBandRows < 1 || maxBandRows > 0xFFFF) throw new IllegalArgumentException("maxBandRows " + maxBandRows);
    }

    public static Options defaults() {
      return new Options(Buzzer.OFF, DEFAULT_FEED_LINES, VietnameseCodePage.EPSON_WPC1258, EscPos.MAX_RASTER_BAND_ROWS);
    }

    public Options withBuzzer(Buzzer b) { return new Options(b, feedLines, codeTable, maxBandRows); }

    public Options withCodeTable(int table) { return new Options(buzzer, feedLines, table, maxBandRows); }
  }

  private final Options options;

  public EscPosEncoder() {
    this(Options.defaults());
  }

  public EscPosEncoder(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A ticket rendered as an image (the default mode). */
  public void encodeRaster(BufferedImage ticket, OutputStream out) throws IOException {
    out.write(EscPos.initialize());
    out.write(options.buzzer().command());
    out.write(RasterImage.of(ticket).toCommands(options.maxBandRows()));
    finish(out);
  }

  /** A ticket as text lines in the printer's font, with the QR code as an image. */
  public void encodeText(TextTicket ticket, OutputStream out) throws IOException {
    out.write(EscPos.initialize());
    out.write(options.buzzer().command());
    out.write(EscPos.selectCodeTable(options.codeTable()));
    out.write(EscPos.selectJustification(EscPos.Justification.CENTER));
    TextTicket.Style current = null;
    for (TextTicket.Item item : ticket.items()) {
      if (item instanceof TextTicket.Line line) {
        if (line.style() != current) {
          out.write(EscPos.emphasized(line.style().bold()));
          out.write(EscPos.characterSize(line.style().scale(), line.style().scale()));
          current = line.style();
        }
        out.write(VietnameseCodePage.encode(line.text()));
        out.write(EscPos.lineFeed());
      } else if (item instanceof TextTicket.Picture picture) {
        out.write(RasterImage.of(picture.image()).toCommands(options.maxBandRows()));
      }
    }
    out.write(EscPos.characterSize(1, 1));
    out.write(EscPos.emphasized(false));
    finish(out);
  }

  public byte[] encodeRaster(BufferedImage ticket) {
    var out = new ByteArrayOutputStream();
    try {
      encodeRaster(ticket, out);
    } catch (IOException e) {
      throw new UncheckedIOException("memory stream", e);
    }
    return out.toByteArray();
  }

  public byte[] encodeText(TextTicket ticket) {
    var out = new ByteArrayOutputStream();
    try {
      encodeText(ticket, out);
    } catch (IOException e) {
      throw new UncheckedIOException("memory stream", e);
    }
    return out.toByteArray();
  }

  private void finish(OutputStream out) throws IOException {
    out.write(EscPos.printAndFeedLines(options.feedLines()));
    out.write(EscPos.feedAndPartialCut(0));
    out.flush();
  }
}
