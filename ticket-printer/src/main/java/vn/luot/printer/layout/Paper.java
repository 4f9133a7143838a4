package vn.luot.printer.layout;

/**
 * The two thermal roll widths kiosks use, with the printable width in dots at 203 dpi (8 dots per mm).
 * Both widths are multiples of 8, so a raster row is a whole number of bytes.
 */
public enum Paper {
  /** 80 mm roll, 72 mm printable: 576 dots; 48 columns of the printer's font A. */
  MM80(80, 576, 48),
  /** 58 mm roll, 48 mm printable: 384 dots; 32 columns of font A. */
  MM58(58, 384, 32);

  private final int millimetres;
  private final int dots;
  private final int columns;

  Paper(int millimetres, int dots, int columns) {
    this.millimetres = millimetres;
    this.dots = dots;
    this.columns = columns;
  }

  public int millimetres() { return millimetres; }

  /** Printable width in dots, which is the width of the rendered ticket image. */
  public int dots() { return dots; }

  /** Characters per line of the printer's built-in font A, for the text layout. */
  public int columns() { return columns; }

  /** 80 or 58, as given on the command line. */
  public static Paper ofMillimetres(int millimetres) {
    for (Paper p : values()) if (p.millimetres == millimetres) return p;
    throw new IllegalArgumentException("paper must be 80 or 58 (mm), not " + millimetres);
  }
}
