package vn.luot.printer.layout;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * A ticket as lines of text for printers that print Vietnamese text themselves, plus the QR code as a small image
 * (every ESC/POS printer takes a raster image; not all have native QR). Centered by the printer.
 */
public record TextTicket(Paper paper, List<Item> items) {
  public TextTicket {
    Objects.requireNonNull(paper, "paper");
    items = List.copyOf(items);
  }

  /** One printed piece: a line of text or an image. */
  public sealed interface Item permits Line, Picture {}

  /** A line no longer than the paper's columns at its style's width. */
  public record Line(String text, Style style) implements Item {
    public Line {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(style, "style");
    }
  }

  /** A 1-bit image, e.g. the QR code. */
  public record Picture(BufferedImage image) implements Item {
    public Picture {
      Objects.requireNonNull(image, "image");
    }
  }

  /** Text styles the printer's built-in font can do. */
  public enum Style {
    NORMAL(1, false),
    BOLD(1, true),
    /** Double width and height, bold: the field name. */
    LARGE(2, true),
    /** Four times width and height, bold: the number. */
    HUGE(4, true);

    private final int scale;
    private final boolean bold;

    Style(int scale, boolean bold) {
      this.scale = scale;
      this.bold = bold;
    }

    /** Width and height multiplier of the printer's font. */
    public int scale() { return scale; }

    public boolean bold() { return bold; }
  }
}
