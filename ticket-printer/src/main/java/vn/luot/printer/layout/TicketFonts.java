package vn.luot.printer.layout;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The fonts the ticket is drawn with, shipped inside the jar: a kiosk PC may have no font with Vietnamese glyphs at
 * all, and a substituted font draws boxes for "ậ" or "ữ"; bundled fonts draw the same ticket everywhere, which the
 * pixel-for-pixel tests rely on too.
 *
 * <ul>
 *   <li>Be Vietnam Pro Regular and Bold (SIL Open Font License 1.1, {@code fonts/BeVietnamPro-OFL.txt}) for the
 *       center name and the small print: designed for Vietnamese, its stacked marks (ấ, ở, ự) stay clear when small.
 *   <li>DejaVu Sans Condensed Bold (Bitstream Vera license, {@code fonts/DejaVu-LICENSE.txt}) for the two lines a
 *       machine must read, the field name and the number. Tesseract (vie) misread Be Vietnam Pro's geometric "a" and
 *       round zero at every size we tried ("Đất đai" as "Đất đơi", "A012" as "AO12"; 43 of 48 sample numbers);
 *       DejaVu read all six field names at sizes 24 to 48 and 59 of 60 sample numbers.
 * </ul>
 */
public final class TicketFonts {
  private static final String FOLDER = "/vn/luot/printer/fonts/";
  static final String REGULAR_FILE = "BeVietnamPro_400Regular.ttf";
  static final String BOLD_FILE = "BeVietnamPro_700Bold.ttf";
  static final String DISPLAY_FILE = "DejaVuSansCondensed-Bold.ttf";

  private final Font regular;
  private final Font bold;
  private final Font display;

  private TicketFonts() {
    this.regular = load(REGULAR_FILE);
    this.bold = load(BOLD_FILE);
    this.display = load(DISPLAY_FILE);
  }

  /** Loaded once per JVM: the fonts are immutable and parsing them costs tens of milliseconds. */
  private static final class Holder {
    static final TicketFonts INSTANCE = new TicketFonts();
  }

  public static TicketFonts bundled() { return Holder.INSTANCE; }

  /** Body text: date, people ahead, wait, footer. */
  public Font regular(float size) { return regular.deriveFont(size); }

  /** Center name, captions, the priority band. */
  public Font bold(float size) { return bold.deriveFont(size); }

  /** The field name and the big number: the lines people and OCR must read at a glance. */
  public Font display(float size) { return display.deriveFont(size); }

  private static Font load(String file) {
    try (InputStream in = TicketFonts.class.getResourceAsStream(FOLDER + file)) {
      if (in == null) throw new IllegalStateException("font missing from the jar: " + FOLDER + file);
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read font " + file, e);
    } catch (FontFormatException e) {
      throw new IllegalStateException("not a TrueType font: " + file, e);
    }
  }
}
